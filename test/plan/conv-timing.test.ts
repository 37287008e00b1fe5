/**
 * Planner for conv networks: window/pool/gather units per layer from the
 * stage shapes (line-buffer geometry included), pixel input beats, FIFO
 * depths in front of window units, and the schedule timing against its
 * bounds (docs/architecture.md, "Conv pipeline"). Planned = measured is
 * checked by test/sim/conv-random.test.ts (simulator) and
 * test/verify/conv-rtl.test.ts (Verilator).
 */
import { expect } from 'chai';
import { designFromFile } from '../../src/flow.js';
import type { Plan, WindowPlan } from '../../src/plan/plan.js';
import { randomCnnDesign } from '../sim/random-designs.js';

const DIGITS_CNN = 'examples/digits-cnn/digits-cnn.json';

/** Longest span of padded row-major indices a window covers (first tap .. last tap), brute force over every position. */
function windowSpan(wp: WindowPlan): number {
  const wpad = wp.w + 2 * wp.pw;
  let span = 0;
  for (let oy = 0; oy < wp.oh; oy++)
    for (let ox = 0; ox < wp.ow; ox++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let ky = 0; ky < wp.kh; ky++)
        for (let kx = 0; kx < wp.kw; kx++) {
          const i = (oy * wp.sh + ky) * wpad + ox * wp.sw + kx;
          lo = Math.min(lo, i);
          hi = Math.max(hi, i);
        }
      span = Math.max(span, hi - lo + 1);
    }
  return span;
}

/** Bounds every schedule obeys: each MVU does P·II cycles of work per image, each window unit shifts its padded image one pixel per cycle. */
function expectTimingBounds(plan: Plan, what: string): void {
  for (const l of plan.layers) {
    expect(plan.iiCycles, `${what}: layer ${l.index} MVU work`).to.be.at.least(l.positions * l.iiCycles);
    for (const u of [l.window, l.pool]) if (u) expect(plan.iiCycles, `${what}: layer ${l.index} ${u.role} shifts`).to.be.at.least(u.paddedHeight * u.paddedWidth);
  }
  // The first output needs the first image's first window through every MVU at least.
  expect(plan.latencyCycles, what).to.be.at.least(plan.layers.reduce((a, l) => a + l.latencyCycles, 0));
  expect(plan.convTiming!.outputCycles).to.have.length(plan.convTiming!.scheduleImages);
}

describe('plan: conv networks', () => {
  it('digits CNN: units, line-buffer geometry, beats, FIFO depths, timing bounds', () => {
    for (const fold of [undefined, 'serial', '0:pe=16,simd=3;1:pe=8,simd=32;2:pe=10,simd=8']) {
      const plan = designFromFile(DIGITS_CNN, fold ? { fold } : {}).plan;
      expect(plan.inputBeat).to.equal('pixel');
      expect(plan.inputBeatsPerVector).to.equal(64);
      expect(plan.inputBits).to.equal(5);
      const [l0, l1, l2] = plan.layers;
      // conv1: uint input, zero padding; conv2: padValue -1 -> pad bit 0; fc: gather of [64, 2, 2].
      expect(l0!.window).to.include({ role: 'window', c: 1, h: 8, w: 8, kh: 3, ph: 1, ebw: 5, padBits: 0, padElement: 0, positions: 64, outBits: 45 });
      expect(l0!.window).to.include({ paddedHeight: 10, paddedWidth: 10, bufferPixels: 2 * 10 + 3 });
      expect(l0!.pool).to.include({ role: 'pool', c: 64, h: 8, w: 8, kh: 2, sh: 2, positions: 16, outBits: 64, paddedWidth: 8, bufferPixels: 8 + 2 });
      expect(l1!.window).to.include({ role: 'window', c: 64, h: 4, w: 4, ph: 1, ebw: 1, padBits: 0, padElement: -1, positions: 16, outBits: 576 });
      expect(l1!.window).to.include({ paddedWidth: 6, bufferPixels: 2 * 6 + 3 });
      expect(l1!.pool).to.include({ positions: 4, outBits: 64, bufferPixels: 4 + 2 });
      // The gather's line buffer is the whole image.
      expect(l2!.window).to.include({ role: 'gather', c: 64, h: 2, w: 2, kh: 2, kw: 2, positions: 1, outBits: 256, bufferPixels: 4 });
      expect(l2!.pool).to.equal(null);
      expect(plan.fifos.map((f) => f.width)).to.deep.equal([64, 64]);
      // One row of the next unit's image: 4 pixels in front of conv2's window, 2 in front of the gather.
      expect(plan.fifos.map((f) => f.depth)).to.deep.equal([4, 2]);
      expectTimingBounds(plan, `fold ${fold}`);
    }
  });

  it('digits CNN, default fold: II and latency of the line-buffer pipeline', () => {
    const plan = designFromFile(DIGITS_CNN, {}).plan;
    // Both conv layers need 576 cycles of MVU work per image; the coupling between them costs the rest.
    expect(plan.iiCycles).to.equal(590);
    expect(plan.latencyCycles).to.equal(1380);
  });

  it('random CNNs: bufferPixels is the longest window span, the gather buffer the whole image, bounds hold', () => {
    for (let seed = 700; seed < 760; seed++) {
      const { plan } = randomCnnDesign(seed, 1, 20_000).flow;
      for (const l of plan.layers) {
        for (const u of [l.window, l.pool]) {
          if (!u) continue;
          expect(u.bufferPixels, `seed ${seed} layer ${l.index} ${u.role}`).to.equal(windowSpan(u));
          expect(u.paddedWidth).to.equal(u.w + 2 * u.pw);
          if (u.role === 'gather') expect(u.bufferPixels).to.equal(u.pixels);
        }
        const f = plan.fifos.find((x) => x.after === l.index - 1);
        if (f) expect(f.depth, `seed ${seed} FIFO before layer ${l.index}`).to.equal(Math.max(2, l.window?.w ?? 0));
      }
      expectTimingBounds(plan, `seed ${seed}`);
    }
  });
});
