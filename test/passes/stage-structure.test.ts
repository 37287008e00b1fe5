import { expect } from 'chai';
import { UserError } from '../../src/diagnostics.js';
import type { DenseLayer, Layer, Model } from '../../src/ir/model.js';
import { splitStages } from '../../src/passes/stage-structure.js';

const dense = (inp: number, out: number, extra: Partial<DenseLayer> = {}): DenseLayer => ({
  type: 'dense', in: inp, out, weight: { format: 'bits', data: new Uint8Array(inp * out) }, binarize: 'sign', semantics: 'and', alpha: null, bias: null, ...extra,
});
const bn = (n: number, v = 1): Layer => ({ type: 'batchnorm', gamma: new Float64Array(n).fill(1), beta: new Float64Array(n), mean: new Float64Array(n), var: new Float64Array(n).fill(v), eps: 1e-5 });
const model = (layers: Layer[], width = 4): Model => ({ format: 'siman-hw.model/v1', name: 'm', input: { shape: [width], encoding: { kind: 'uint', bits: 3 } }, layers });

function failure(m: Model): { code: string; path: string | undefined } {
  try {
    splitStages(m);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { code: e.code, path: e.diagnostics[0]!.location?.jsonPath };
  }
  throw new Error('expected a UserError');
}

describe('passes/stage-structure', () => {
  it('splits dense [batchnorm] sign / dense threshold / final dense [batchnorm]', () => {
    const stages = splitStages(model([dense(4, 3), bn(3), { type: 'sign' }, dense(3, 2), { type: 'threshold', channels: [{ kind: 'ge', t: 1 }, { kind: 'const', value: 1 }] }, dense(2, 5), bn(5)]));
    expect(stages.map((s) => [s.denseIndex, s.batchnormIndex, s.activation.kind, s.input.kind])).to.deep.equal([
      [0, 1, 'sign', 'uint'],
      [3, -1, 'threshold', 'bipolar'],
      [5, 6, 'none', 'bipolar'],
    ]);
  });

  it('reports bad sequences, shapes and values at their JSON path', () => {
    expect(failure(model([]))).to.deep.equal({ code: 'E_STRUCTURE', path: 'layers' });
    expect(failure(model([dense(4, 3), { type: 'sign' }]))).to.deep.equal({ code: 'E_STRUCTURE', path: 'layers[1]' });
    expect(failure(model([dense(4, 3), dense(3, 2)]))).to.deep.equal({ code: 'E_STRUCTURE', path: 'layers[1]' });
    expect(failure(model([{ type: 'sign' }, dense(4, 2)]))).to.deep.equal({ code: 'E_STRUCTURE', path: 'layers[0]' });
    expect(failure(model([dense(5, 3)]))).to.deep.equal({ code: 'E_SHAPE', path: 'layers[0].in' });
    expect(failure(model([dense(4, 3), bn(3), { type: 'threshold', channels: [] }, dense(3, 1)]))).to.deep.equal({ code: 'E_STRUCTURE', path: 'layers[2]' });
    expect(failure(model([dense(4, 3, { bias: new Float64Array(3) }), { type: 'threshold', channels: [] }, dense(3, 1)]))).to.deep.equal({ code: 'E_STRUCTURE', path: 'layers[0]' });
    expect(failure(model([dense(4, 2), { type: 'threshold', channels: [{ kind: 'ge', t: 1 }] }, dense(2, 1)]))).to.deep.equal({ code: 'E_SHAPE', path: 'layers[1].thresholds' });
    expect(failure(model([dense(4, 1), { type: 'threshold', channels: [{ kind: 'ge', t: 0.5 }] }, dense(1, 1)]))).to.deep.equal({ code: 'E_VALUE', path: 'layers[1].thresholds[0]' });
    expect(failure(model([dense(4, 2), bn(2, -1)]))).to.deep.equal({ code: 'E_VALUE', path: 'layers[1].var[0]' });
    expect(failure(model([dense(4, 2, { alpha: Float64Array.of(1, NaN) })]))).to.deep.equal({ code: 'E_VALUE', path: 'layers[0].alpha[1]' });
  });
});
