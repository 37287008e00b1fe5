import { expect } from 'chai';
import fc from 'fast-check';
import { lowerResidualNetwork } from '../../src/passes/lower-residual.js';
import { roundHalfEven, streamAffine } from '../../src/passes/stream-affine.js';
import { randomResidualModel } from '../../src/testing/random-residual.js';
import { createRng } from '../../src/testing/rng.js';
import type { ResidualLayer } from '../../src/ir/model.js';
import { catchUserError } from '../support/errors.js';

describe('passes/stream-affine', () => {
  it('roundHalfEven rounds to the nearest integer, ties to even', () => {
    const cases: Array<[number, number]> = [[0.5, 0], [1.5, 2], [2.5, 2], [-0.5, 0], [-1.5, -2], [-2.5, -2], [3.4999999999999996, 3], [2 ** 52 + 1, 2 ** 52 + 1], [-7, -7]];
    for (const [x, r] of cases) expect(roundHalfEven(x) === r, `${x}`).to.equal(true);
    fc.assert(
      fc.property(fc.double({ min: -(2 ** 60), max: 2 ** 60, noNaN: true }), (x) => {
        const r = roundHalfEven(x);
        expect(Number.isInteger(r)).to.equal(true);
        expect(Math.abs(r - x)).to.be.at.most(0.5);
        if (Math.abs(r - x) === 0.5) expect(r % 2 === 0).to.equal(true);
      }),
    );
  });

  it('A and B are 2^F·g and 2^F·h rounded, with g and h in the documented float64 order', () => {
    const bn = { gamma: Float64Array.of(2, -1.5), beta: Float64Array.of(0.25, 3), mean: Float64Array.of(1, -2), var: Float64Array.of(3, 0.5), eps: 1 };
    const f = streamAffine(2, Float64Array.of(0.75, 1.25), Float64Array.of(0.5, -1), bn, 8, () => '');
    // channel 0: d = 2, g = 2·0.75/2 = 0.75, h = 2·(0.5 − 1)/2 + 0.25 = −0.25
    expect([f.g[0], f.h[0], f.a[0], f.b[0]]).to.deep.equal([0.75, -0.25, 192, -64]);
    const d1 = Math.sqrt(1.5);
    expect([f.g[1], f.h[1]]).to.deep.equal([(-1.5 * 1.25) / d1, (-1.5 * (-1 + 2)) / d1 + 3]);
    expect([f.a[1], f.b[1]]).to.deep.equal([roundHalfEven(f.g[1]! * 256), roundHalfEven(f.h[1]! * 256)]);
    const plain = streamAffine(1, null, null, null, 4, () => '');
    expect([plain.a[0], plain.b[0]]).to.deep.equal([16, 0]);
  });

  it('lowering refuses a stream that could leave exact 53-bit integers, at the first block', () => {
    const m = randomResidualModel(createRng(3), { fracBits: 52 });
    const e = catchUserError(() => lowerResidualNetwork(m));
    const first = m.layers.findIndex((l) => l.type === 'residual');
    expect([e.code, e.diagnostics[0]!.location?.jsonPath]).to.deep.equal(['E_VALUE', `layers[${first}].fracBits`]);
    expect((m.layers[first] as ResidualLayer).fracBits).to.equal(52);
    expect(lowerResidualNetwork(randomResidualModel(createRng(3))).segments[0]!.kind).to.equal('stream');
  });
});
