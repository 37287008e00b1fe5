import { expect } from 'chai';
import { UserError } from '../../src/diagnostics.js';
import type { Conv2dLayer, DenseLayer, Layer, Model } from '../../src/ir/model.js';
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

describe('passes/stage-structure: conv stages', () => {
  const conv = (cin: number, cout: number, k: number, extra: Partial<Conv2dLayer> = {}): Conv2dLayer => ({
    type: 'conv2d', inChannels: cin, outChannels: cout, kernel: [k, k], stride: [1, 1], padding: [0, 0], padValue: 0,
    weight: { format: 'bits', data: new Uint8Array(cout * cin * k * k) }, binarize: 'sign', semantics: 'xnor', alpha: null, bias: null, ...extra,
  });
  const image = (layers: Layer[], shape = [2, 5, 5], kind: 'uint' | 'bipolar' = 'bipolar'): Model => ({
    format: 'siman-hw.model/v1', name: 'm', input: { shape, encoding: kind === 'uint' ? { kind, bits: 2 } : { kind } }, layers,
  });
  const pool = (k: number): Layer => ({ type: 'maxpool2d', kernel: [k, k], stride: [k, k] });

  it('chains shapes through conv, pools and flatten and records the pool position', () => {
    const stages = splitStages(image([conv(2, 3, 3, { padding: [1, 1], padValue: -1 }), pool(2), bn(3), { type: 'sign' }, conv(3, 4, 2), { type: 'sign' }, pool(1), { type: 'flatten' }, dense(4, 2)]));
    expect(stages.map((s) => [s.conv?.convShape, s.conv?.outShape, s.conv?.pool?.position, s.dense.in, s.dense.out])).to.deep.equal([
      [[3, 5, 5], [3, 2, 2], 'pre', 18, 3],
      [[4, 1, 1], [4, 1, 1], 'post', 12, 4],
      [undefined, undefined, undefined, 4, 2],
    ]);
  });

  it('rejects bad CNNs with the layer path', () => {
    const cases: Array<[Model, string, string]> = [
      [image([conv(2, 3, 6), { type: 'sign' }, { type: 'flatten' }, dense(3, 2)]), 'E_SHAPE', 'layers[0].kernel'],
      [image([conv(1, 3, 3), { type: 'sign' }, { type: 'flatten' }, dense(27, 2)]), 'E_SHAPE', 'layers[0].inChannels'],
      [image([conv(2, 3, 3), { type: 'sign' }, dense(27, 2)]), 'E_SHAPE', 'layers[2]'],
      [image([conv(2, 3, 3), { type: 'sign' }, { type: 'flatten' }, dense(26, 2)]), 'E_SHAPE', 'layers[3].in'],
      [image([conv(2, 3, 3, { padding: [1, 1] }), { type: 'threshold', channels: [{ kind: 'ge', t: 1 }, { kind: 'ge', t: 1 }, { kind: 'ge', t: 1 }] }, { type: 'flatten' }, dense(75, 2)]), 'E_UNSUPPORTED', 'layers[1]'],
      [image([conv(2, 3, 3, { padding: [1, 1], padValue: 1 }), { type: 'sign' }, { type: 'flatten' }, dense(75, 2)], [2, 5, 5], 'uint'), 'E_VALUE', 'layers[0].padValue'],
      [image([conv(2, 3, 3, { alpha: Float64Array.of(1, -1, 1) }), pool(3), { type: 'sign' }, { type: 'flatten' }, dense(3, 2)]), 'E_VALUE', 'layers[0].alpha[1]'],
      [image([conv(2, 3, 3), pool(3), { type: 'sign' }, pool(1), { type: 'flatten' }, dense(3, 2)]), 'E_UNSUPPORTED', 'layers[3]'],
      [image([conv(2, 3, 3), { type: 'sign' }, pool(4), { type: 'flatten' }, dense(3, 2)]), 'E_SHAPE', 'layers[2].kernel'],
      [image([conv(2, 3, 3), { type: 'flatten' }, dense(27, 2)]), 'E_STRUCTURE', 'layers[1]'],
      [model([conv(2, 3, 3), { type: 'sign' }, dense(3, 2)]), 'E_SHAPE', 'layers[0]'],
      [image([conv(2, 3, 3), { type: 'sign' }, { type: 'flatten' }]), 'E_STRUCTURE', 'layers[2]'],
    ];
    cases.forEach(([m, code, path], k) => expect(failure(m), `case ${k}`).to.deep.equal({ code, path }));
  });
});
