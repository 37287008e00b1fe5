import { expect } from 'chai';
import fc from 'fast-check';
import { fcParams } from '../support/arbitraries.js';
import type { ConvStage } from '../../src/ir/network.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { hwcFromRow } from '../../src/ref/conv-kernel.js';
import { rowsPay } from '../../src/ref/conv-rows.js';
import { randomCnnModel, randomInputs, type RandomCnnOptions } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';

type Pad = 'none' | 'value' | 'zero';

/** Every encoding × semantics × padding × pool combination the conv path has (zero padding is for ±1 inputs only). */
const combos: { input: 'uint' | 'bipolar'; semantics: 'and' | 'xnor'; pad: Pad; pool: 'none' | 'pre' | 'post' }[] = [];
for (const input of ['uint', 'bipolar'] as const)
  for (const semantics of ['and', 'xnor'] as const)
    for (const pad of ['none', 'value', 'zero'] as const)
      for (const pool of ['none', 'pre', 'post'] as const) if (!(input === 'uint' && pad === 'zero')) combos.push({ input, semantics, pad, pool });

/** `many`: channel counts across word edges; `few`: a grey/RGB-like first stage, whose im2col reads row bitmaps when that is cheaper. */
function options(c: (typeof combos)[number], channels: 'many' | 'few'): RandomCnnOptions {
  const few = channels === 'few';
  return {
    input: c.input,
    semantics: c.semantics,
    pool: c.pool,
    padding: c.pad === 'none' ? [0, 0] : [1, 2],
    zeroPad: c.pad === 'zero' ? 1 : undefined,
    // Channel counts across the 32- and 64-bit word edges of a pixel's channel words and of the thresholded bits.
    inChannels: few ? [1, 3] : [1, 70],
    channels: [1, 70],
    imageSize: few ? [3, 9] : [2, 6],
    kernel: few ? [1, 5] : [1, 3],
    maxWork: 40_000,
  };
}

describe('ref: conv stages through the popcount kernel (im2col on packed words)', () => {
  const firstOrders = { rows: 0, hwc: 0 };
  for (const c of combos) for (const channels of ['many', 'few'] as const) {
    it(`property: float ≡ packed on random CNNs, ${c.input} input, ${c.semantics}, padding ${c.pad}, pool ${c.pool}, ${channels} channels`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 0x7fffffff }), (seed) => {
          const rng = createRng(seed);
          const model = randomCnnModel(rng, options(c, channels));
          // More rows than one kernel batch (32) now and then.
          const inputs = randomInputs(rng, model.input, rng.bool(0.2) ? 37 : 3);
          const network = prepareNetwork(model);
          const first = network.stages[0] as ConvStage;
          expect(first.semantics).to.equal(c.semantics);
          firstOrders[rowsPay(first) ? 'rows' : 'hwc']++;
          if (c.pad === 'zero') expect(network.stages.some((s) => s.kind === 'conv' && s.border !== null), `seed ${seed}: zero padded`).to.equal(true);
          const float = inferFloat(model, inputs);
          const packed = inferPacked(network, inputs);
          for (let i = 0; i < float.scores.length; i++) if (float.scores[i] !== packed.scores[i]) expect.fail(`seed ${seed}: score ${i}: float ${float.scores[i]}, packed ${packed.scores[i]}`);
          expect(Array.from(packed.predictions), `seed ${seed}`).to.deep.equal(Array.from(float.predictions));
        }),
        fcParams(12),
      );
    });
  }

  it('both im2col orders of a first stage were drawn above (row bitmaps and channels-last)', () => {
    expect(firstOrders.rows, 'row bitmaps').to.be.greaterThan(50);
    expect(firstOrders.hwc, 'channels-last').to.be.greaterThan(50);
  });

  it('channels-last input: ±1 bits and only as many uint planes as the largest value needs', () => {
    // [c=2, h=1, w=2]: channel 0 = (1, 5), channel 1 = (0, 2).
    const uint = hwcFromRow(Int32Array.of(1, 5, 0, 2), [2, 1, 2], false);
    expect(uint.planes).to.equal(3);
    expect(uint.stride).to.equal(1);
    // Pixel 0: value 1 in channel 0 (plane 0); pixel 1: 5 = planes 0, 2 in channel 0, 2 = plane 1 in channel 1.
    expect(Array.from(uint.data)).to.deep.equal([0b01, 0, 0, 0b01, 0b10, 0b01]);
    const bip = hwcFromRow(Int32Array.of(1, -1, -1, 1), [2, 1, 2], true);
    expect(bip.planes).to.equal(1);
    expect(Array.from(bip.data)).to.deep.equal([0b01, 0b10]);
  });
});
