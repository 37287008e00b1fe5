import { expect } from 'chai';
import type { Model } from '../../src/ir/model.js';
import { designFromModel } from '../../src/flow.js';
import { coefficientsFor, mvuFeatures } from '../../src/estimate/analytic.js';
import { estimateResources } from '../../src/estimate/design-estimate.js';
import { windowFeatures } from '../../src/estimate/window-estimate.js';
import { randomCnnModel } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';

/** The same network with padValue -1: one threshold word per fold, no class index. */
const minusOne = (m: Model): Model => ({ ...m, layers: m.layers.map((l) => (l.type === 'conv2d' ? { ...l, padValue: -1 as const } : l)) });

describe('estimate: zero padding of ±1 activations (border classes)', () => {
  it('counts classes·NF constant words, the class register bits and the window class tables', () => {
    let seen = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const model = randomCnnModel(createRng(seed), { input: 'bipolar', padding: [1, 2], zeroPad: 1, maxWork: 4000, imageSize: [5, 9], convs: [1, 1] });
      const fold = 'full';
      const zero = designFromModel(model, { fold });
      const minus = designFromModel(minusOne(model), { fold });
      const l = zero.plan.layers[0]!;
      const m = minus.plan.layers[0]!;
      expect(m.classes).to.equal(1);
      if (l.classes === 1) continue;
      seen++;
      for (const target of ['ice40', 'xilinx']) {
        const c = coefficientsFor(target);
        const fz = mvuFeatures(l, c);
        const fm = mvuFeatures(m, c);
        const cfw = l.accWidth + 1;
        if (fz.constRom > 0) expect(fz.constRom, `seed ${seed} ${target}`).to.equal(l.pe * cfw * Math.ceil((l.nf * l.classes) / 16));
        expect(fz.inBuf - fm.inBuf).to.equal(l.classWidth);
        const wz = windowFeatures(l.window!);
        const wm = windowFeatures(m.window!);
        expect(wz.ctr - wm.ctr).to.equal(2 * l.classWidth);
        expect(wz.tables).to.be.greaterThan(wm.tables);
        const rz = estimateResources(zero, target).layers[0]!.total;
        const rm = estimateResources(minus, target).layers[0]!.total;
        expect(rz.luts + rz.ffs, `seed ${seed} ${target}: zero padding costs more`).to.be.greaterThan(rm.luts + rm.ffs);
      }
    }
    expect(seen).to.be.greaterThan(5);
  });
});
