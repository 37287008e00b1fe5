import { expect } from 'chai';
import fc from 'fast-check';
import { UserError } from '../../src/diagnostics.js';
import type { DenseLayer, Model } from '../../src/ir/model.js';
import { accRange } from '../../src/ir/network.js';
import { binarizeWeights } from '../../src/passes/binarize-weights.js';
import { lowerToNetwork, prepareNetwork, standardPipeline } from '../../src/passes/lower-network.js';
import { splitStages } from '../../src/passes/stage-structure.js';
import { arbModelWithInputs, fcParams } from '../support/arbitraries.js';

describe('passes/lower-network', () => {
  it('standardPipeline is binarize-weights then fold-thresholds', () => {
    expect(standardPipeline.map((p) => p.name)).to.deep.equal(['binarize-weights', 'fold-thresholds']);
  });

  it('lowers random models: stage shapes, encodings, ones, activations and head', () => {
    fc.assert(
      fc.property(arbModelWithInputs({}, 1), ({ model }) => {
        const logs: string[] = [];
        const net = prepareNetwork(model, { log: (l) => logs.push(l) });
        expect(logs).to.have.length(2);
        const parts = splitStages(model);
        expect(net.stages).to.have.length(parts.length);
        net.stages.forEach((st, k) => {
          const d = parts[k]!.dense;
          expect([st.index, st.in, st.out, st.semantics]).to.deep.equal([k, d.in, d.out, d.semantics]);
          expect(st.input).to.deep.equal(k === 0 ? model.input.encoding : { kind: 'bipolar' });
          for (let c = 0; c < st.out; c++) {
            let ones = 0;
            for (let i = 0; i < st.in; i++) ones += st.bits[c * st.in + i]!;
            expect(st.ones[c]).to.equal(ones);
            const [lo, hi] = accRange(st, c);
            expect(lo).to.be.at.most(hi);
          }
          expect(st.activation === null).to.equal(k === parts.length - 1);
        });
        const last = parts[parts.length - 1]!;
        expect(net.head.bias).to.equal(last.dense.bias);
        expect(net.head.batchnorm === null).to.equal(last.batchnorm === null);
        if (last.dense.alpha === null) expect(net.head.alpha).to.equal(null);
        else expect(net.head.alpha).to.be.instanceOf(Float64Array);
      }),
      fcParams(60),
    );
  });

  it('refuses models that are not binarized or not folded', () => {
    const model: Model = {
      format: 'siman-hw.model/v1',
      name: 'm',
      input: { shape: [2], encoding: { kind: 'bipolar' } },
      layers: [
        { type: 'dense', in: 2, out: 2, weight: { format: 'float', data: Float64Array.of(1, -1, 2, 3) }, binarize: 'sign', semantics: 'xnor', alpha: null, bias: null },
        { type: 'sign' },
        { type: 'dense', in: 2, out: 1, weight: { format: 'bits', data: Uint8Array.of(1, 0) }, binarize: 'sign', semantics: 'and', alpha: null, bias: null },
      ],
    };
    expect(() => lowerToNetwork(model)).to.throw(UserError, /binarize-weights/).with.property('code', 'E_STRUCTURE');
    const bin = binarizeWeights.run(model, {}).model;
    expect(() => lowerToNetwork(bin)).to.throw(UserError, /fold-thresholds/).with.property('code', 'E_STRUCTURE');
    expect(prepareNetwork(model).stages[0]!.activation).to.have.length(2);
    expect((bin.layers[0] as DenseLayer).weight.format).to.equal('bits');
  });
});
