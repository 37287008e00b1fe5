import { expect } from 'chai';
import type { Model } from '../../src/ir/model.js';
import { UserError } from '../../src/diagnostics.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';

/** 3 uint2 inputs -> 2 hidden (xnor, sign rule) -> 2 classes (and), worked out by hand below. */
const model: Model = {
  format: 'siman-hw.model/v1',
  name: 'hand',
  input: { shape: [3], encoding: { kind: 'uint', bits: 2 } },
  layers: [
    { type: 'dense', in: 3, out: 2, weight: { format: 'float', data: Float64Array.of(1, -1, 0.5, -2, -3, 0) }, binarize: 'sign', semantics: 'xnor', alpha: null, bias: Float64Array.of(-1, 0) },
    { type: 'sign' },
    { type: 'dense', in: 2, out: 2, weight: { format: 'bits', data: Uint8Array.of(1, 1, 0, 1) }, binarize: 'sign', semantics: 'and', alpha: null, bias: null },
  ],
};

describe('ref/float-ref', () => {
  it('computes a small model by hand', () => {
    // bits row0 = 1 0 1 -> weights +1 -1 +1; row1 = 0 0 1 -> -1 -1 +1
    // x = (3, 1, 0): s0 = 3 - 1 + 0 = 2, y0 = 2 - 1 = 1 -> +1; s1 = -3 - 1 + 0 = -4 -> -1
    // layer 2 ('and'): class0 = a0 + a1 = 0, class1 = a1 = -1
    // x = (0, 0, 0): s0 = 0, y0 = -1 -> -1; s1 = 0 -> +1 (0 maps to +1): class0 = 0, class1 = 1
    const inputs = { count: 2, width: 3, data: Int32Array.of(3, 1, 0, 0, 0, 0) };
    const r = inferFloat(model, inputs);
    expect(Array.from(r.scores)).to.deep.equal([0, -1, 0, 1]);
    expect(Array.from(r.predictions)).to.deep.equal([0, 1]);
    expect(Array.from(inferPacked(prepareNetwork(model), inputs).scores)).to.deep.equal([0, -1, 0, 1]);
  });

  it('rejects out-of-range and wrongly sized inputs, naming row and column', () => {
    const bad = { count: 2, width: 3, data: Int32Array.of(0, 0, 0, 1, 4, 0) };
    for (const run of [() => inferFloat(model, bad), () => inferPacked(prepareNetwork(model), bad)]) {
      try {
        run();
        expect.fail('no error');
      } catch (e) {
        expect(e).to.be.instanceOf(UserError);
        expect((e as UserError).code).to.equal('E_INPUT');
        expect((e as UserError).diagnostics[0]!.location).to.deep.equal({ row: 1, col: 1 });
      }
    }
    expect(() => inferFloat(model, { count: 1, width: 2, data: Int32Array.of(0, 0) })).to.throw(UserError, /3/);
    const bip: Model = { ...model, input: { shape: [3], encoding: { kind: 'bipolar' } } };
    expect(() => inferFloat(bip, { count: 1, width: 3, data: Int32Array.of(1, 0, -1) })).to.throw(UserError, /-1 or \+1/);
  });
});
