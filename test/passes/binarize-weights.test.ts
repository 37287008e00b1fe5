import { expect } from 'chai';
import fc from 'fast-check';
import type { DenseLayer, Model } from '../../src/ir/model.js';
import { binarizeChannel } from '../../src/passes/binarize-rules.js';
import { binarizeWeights } from '../../src/passes/binarize-weights.js';
import { UserError } from '../../src/diagnostics.js';
import { arbModelWithInputs, fcParams } from '../support/arbitraries.js';
import { snapshot } from '../support/model-snapshot.js';

function oneLayer(weight: number[], out: number, extra: Partial<DenseLayer> = {}): Model {
  const n = weight.length / out;
  return {
    format: 'siman-hw.model/v1',
    name: 't',
    input: { shape: [n], encoding: { kind: 'bipolar' } },
    layers: [{ type: 'dense', in: n, out, weight: { format: 'float', data: Float64Array.from(weight) }, binarize: 'sign', semantics: 'and', bias: null, alpha: null, ...extra }],
  };
}

describe('passes/binarize-weights', () => {
  it('binarizes per output channel and resolves alpha "auto" from raw |w|', () => {
    const m = oneLayer([-1, 2, 3, 0.5, -4, -0.5], 2, { binarize: 'sign', alpha: 'auto' });
    const r = binarizeWeights.run(m, {});
    const d = r.model.layers[0] as DenseLayer;
    expect(r.changed).to.equal(true);
    expect(d.weight.format).to.equal('bits');
    expect(Array.from(d.weight.data)).to.deep.equal([0, 1, 1, 1, 0, 0]);
    expect(Array.from(d.alpha as Float64Array)).to.deep.equal([2.5, 0.5]);
    expect(r.summary).to.match(/binarized 1 dense layer \(sign ×1\), resolved 1 auto alpha/);
  });

  it('uses the raw weight for alpha under siman (not the centred one)', () => {
    // w = 10, 11, 12, 13: siman keeps 10 and 13 -> alpha = 11.5 (centred would give 1.5)
    const d = binarizeWeights.run(oneLayer([10, 11, 12, 13], 1, { binarize: 'siman', alpha: 'auto' }), {}).model.layers[0] as DenseLayer;
    expect(Array.from(d.weight.data)).to.deep.equal([1, 0, 0, 1]);
    expect(Array.from(d.alpha as Float64Array)).to.deep.equal([11.5]);
  });

  it('alpha "auto" is 0 for a channel that keeps nothing, 1 for bit weights', () => {
    const d = binarizeWeights.run(oneLayer([1, 1, 1, 1], 1, { binarize: 'siman', alpha: 'auto' }), {}).model.layers[0] as DenseLayer;
    expect(Array.from(d.alpha as Float64Array)).to.deep.equal([0]);
    const bits: Model = oneLayer([0, 0, 0, 0], 2);
    (bits.layers[0] as DenseLayer).weight = { format: 'bits', data: Uint8Array.from([1, 0, 0, 0]) };
    (bits.layers[0] as DenseLayer).alpha = 'auto';
    const r = binarizeWeights.run(bits, {});
    expect(Array.from((r.model.layers[0] as DenseLayer).alpha as Float64Array)).to.deep.equal([1, 0]);
  });

  it('leaves a bits model with concrete alpha unchanged (same object)', () => {
    const m = oneLayer([0, 0], 1);
    (m.layers[0] as DenseLayer).weight = { format: 'bits', data: Uint8Array.from([1, 0]) };
    const r = binarizeWeights.run(m, {});
    expect(r.changed).to.equal(false);
    expect(r.model).to.equal(m);
  });

  it('rejects non-finite weights and non-0/1 bits with a located diagnostic', () => {
    const m = oneLayer([1, NaN, 2, 3], 2);
    expect(() => binarizeWeights.run(m, {})).to.throw(UserError).with.property('code', 'E_VALUE');
    try {
      binarizeWeights.run(m, {});
    } catch (e) {
      expect((e as UserError).diagnostics[0]!.location?.jsonPath).to.equal('layers[0].weight[0][1]');
    }
    const b = oneLayer([0, 0], 1);
    (b.layers[0] as DenseLayer).weight = { format: 'bits', data: Uint8Array.from([1, 2]) };
    expect(() => binarizeWeights.run(b, {})).to.throw(UserError).with.property('code', 'E_VALUE');
  });

  it('on random models: every dense becomes bits with concrete alpha, rows match the rule, input untouched', () => {
    fc.assert(
      fc.property(arbModelWithInputs({}, 1), ({ model }) => {
        const before = snapshot(model);
        const out = binarizeWeights.run(model, {}).model;
        expect(snapshot(model)).to.equal(before);
        out.layers.forEach((l, i) => {
          if (l.type !== 'dense') return;
          expect(l.weight.format).to.equal('bits');
          expect(l.alpha === null || l.alpha instanceof Float64Array).to.equal(true);
          const src = model.layers[i] as DenseLayer;
          if (src.weight.format === 'float') {
            for (let c = 0; c < l.out; c++) {
              const row = src.weight.data.subarray(c * l.in, (c + 1) * l.in);
              expect(Array.from(l.weight.data.subarray(c * l.in, (c + 1) * l.in))).to.deep.equal(Array.from(binarizeChannel(src.binarize, row)));
            }
          }
        });
        // idempotent
        expect(binarizeWeights.run(out, {}).changed).to.equal(false);
      }),
      fcParams(60),
    );
  });
});
