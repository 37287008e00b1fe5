/**
 * The window unit model's border class (zero padding of ±1 activations):
 * every window of every image, with seeded stalls on both ends, carries
 * the class of its output position as the lowered stage defines it
 * (src/ir/border-classes.ts classAt), held stable while the sink stalls.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { fcParams } from '../support/arbitraries.js';
import { classAt } from '../../src/ir/border-classes.js';
import type { ConvStage } from '../../src/ir/network.js';
import { designFromModel } from '../../src/flow.js';
import { WindowSim } from '../../src/sim/window.js';
import { randomCnnModel } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';

describe('sim window unit: border classes', () => {
  it('property: each window carries its position class, through stalls, over back-to-back images', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x7fffffff }), fc.constantFrom(0, 0.3, 0.6), (seed, p) => {
        const model = randomCnnModel(createRng(seed), { input: 'bipolar', padding: [1, 2], zeroPad: 1, maxWork: 3000, convs: [1, 1], imageSize: [2, 8], stride: [1, 3] });
        const flow = designFromModel(model, { fold: 'serial' });
        const l = flow.plan.layers[0]!;
        const st = l.stage as ConvStage;
        const wp = l.window!;
        expect(st.border).to.not.equal(null);
        const sim = new WindowSim(wp);
        const images = 3;
        const want = images * wp.positions;
        const fan = wp.c * wp.kh * wp.kw;
        const out = new Int32Array(wp.outBits);
        const pixel = Int32Array.from({ length: wp.c }, () => 1);
        let x = seed >>> 0 || 1;
        const rand = () => {
          x ^= x << 13;
          x >>>= 0;
          x ^= x >>> 17;
          x ^= x << 5;
          x >>>= 0;
          return (x % 1000) / 1000;
        };
        let taken = 0;
        let pixels = 0;
        let held: number | null = null;
        for (let cycle = 0; taken < want; cycle++) {
          if (cycle > 200_000) throw new Error('window model stuck');
          const srcValid = pixels < images * wp.pixels && rand() >= p;
          const sinkReady = rand() >= p;
          const sFire = srcValid && sim.sTready;
          if (sim.mTvalid) {
            sim.read(out, 0);
            const cls = out[fan]!;
            if (held !== null) expect(cls, 'held while stalled').to.equal(held);
            if (sinkReady) {
              const k = taken % wp.positions;
              const want = classAt(st.border!, Math.floor(k / wp.ow), k % wp.ow);
              if (cls !== want) expect.fail(`seed ${seed} p ${p}: window ${taken} (${Math.floor(k / wp.ow)}, ${k % wp.ow}) class ${cls}, expected ${want}`);
              taken++;
              held = null;
            } else held = cls;
          }
          sim.step(sinkReady, sFire, (dst, off) => dst.set(pixel, off));
          if (sFire) pixels++;
        }
      }),
      fcParams(40),
    );
  });
});
