/**
 * Planner for conv networks: window/pool/gather units per layer from the
 * stage shapes, pixel input beats, the closed-form latency of
 * docs/architecture.md ("Conv pipeline") and the II bound.
 */
import { expect } from 'chai';
import { designFromFile } from '../../src/flow.js';

const DIGITS_CNN = 'examples/digits-cnn/digits-cnn.json';

describe('plan: conv networks', () => {
  it('digits CNN: units, beats, latency closed form, II >= every layer\'s per-image work', () => {
    for (const fold of [undefined, 'serial', '0:pe=16,simd=3;1:pe=8,simd=32;2:pe=10,simd=8']) {
      const plan = designFromFile(DIGITS_CNN, fold ? { fold } : {}).plan;
      expect(plan.inputBeat).to.equal('pixel');
      expect(plan.inputBeatsPerVector).to.equal(64);
      expect(plan.inputBits).to.equal(5);
      const [l0, l1, l2] = plan.layers;
      // conv1: uint input, zero padding; conv2: padValue -1 -> pad bit 0; fc: gather of [64, 2, 2].
      expect(l0!.window).to.include({ role: 'window', c: 1, h: 8, w: 8, kh: 3, ph: 1, ebw: 5, padBits: 0, padElement: 0, positions: 64, outBits: 45 });
      expect(l0!.pool).to.include({ role: 'pool', c: 64, h: 8, w: 8, kh: 2, sh: 2, positions: 16, outBits: 64 });
      expect(l1!.window).to.include({ role: 'window', c: 64, h: 4, w: 4, ph: 1, ebw: 1, padBits: 0, padElement: -1, positions: 16, outBits: 576 });
      expect(l1!.pool).to.include({ positions: 4, outBits: 64 });
      expect(l2!.window).to.include({ role: 'gather', c: 64, h: 2, w: 2, kh: 2, kw: 2, positions: 1, outBits: 256 });
      expect(l2!.pool).to.equal(null);
      expect(plan.fifos.map((f) => f.width)).to.deep.equal([64, 64]);
      // a = last beat into a layer; window j enters the MVU at a + 2 + j·II.
      let a = 63;
      const o0 = a + 2 + 63 * l0!.iiCycles + l0!.latencyCycles;
      a = o0 + 1 + 16 + 1;
      const o1 = a + 2 + 15 * l1!.iiCycles + l1!.latencyCycles;
      a = o1 + 1 + 4 + 1;
      const o2 = a + 2 + l2!.latencyCycles;
      expect(plan.latencyCycles, fold).to.equal(o2);
      expect(plan.iiCycles, fold).to.be.at.least(Math.max(...plan.layers.map((l) => l.positions * l.iiCycles)));
    }
  });
});
