/**
 * The least-squares fit behind every estimator coefficient table: it must
 * recover known non-negative coefficients from exact data, drop a feature
 * whose coefficient would be negative, and report errors as plain relative
 * errors.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { errorStats, fitLinear, relErrors, type FitRow } from '../../src/estimate/fit.js';

const KEYS = ['one', 'a', 'b', 'c'];

/** Rows y = Σ coef·x over random feature values (one = 1). */
function exactRows(coef: Record<string, number>, xs: number[][]): FitRow[] {
  return xs.map(([a, b, c]) => {
    const features = { one: 1, a: a!, b: b!, c: c! };
    let y = 0;
    for (const k of KEYS) y += (coef[k] ?? 0) * features[k as keyof typeof features];
    return { features, y };
  });
}

describe('estimate/fit', () => {
  it('recovers non-negative coefficients from exact data, whatever the row weighting', () => {
    const coefArb = fc.record({
      one: fc.integer({ min: 0, max: 50 }),
      a: fc.integer({ min: 0, max: 20 }).map((v) => v / 4),
      b: fc.integer({ min: 1, max: 20 }).map((v) => v / 2),
      c: fc.integer({ min: 0, max: 9 }),
    });
    const xsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 40 })), { minLength: 12, maxLength: 30 });
    fc.assert(
      fc.property(coefArb, xsArb, fc.constantFrom(0, 0.5, 1), (coef, xs, relPower) => {
        const rows = exactRows(coef, xs);
        const fitted = fitLinear(rows, KEYS, 1e-9, relPower);
        // The fit may pick other coefficients when the random features are collinear;
        // on exact data it must still reproduce every row.
        for (const e of relErrors(rows, fitted)) expect(Math.abs(e)).to.be.lessThan(1e-4);
        for (const v of Object.values(fitted)) expect(v).to.be.greaterThan(0);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('recovers the coefficients themselves when the features are independent', () => {
    const xs = [
      [1, 2, 3],
      [4, 1, 0],
      [0, 5, 2],
      [7, 7, 1],
      [3, 0, 9],
      [9, 4, 4],
      [2, 8, 6],
    ];
    const fitted = fitLinear(exactRows({ one: 5, a: 1.5, b: 0.25, c: 3 }, xs), KEYS, 1e-12);
    expect(fitted.one).to.be.closeTo(5, 1e-3);
    expect(fitted.a).to.be.closeTo(1.5, 1e-3);
    expect(fitted.b).to.be.closeTo(0.25, 1e-3);
    expect(fitted.c).to.be.closeTo(3, 1e-3);
  });

  it('drops a feature whose coefficient would be negative and refits the rest', () => {
    // y = 2a − c: the non-negative fit cannot use c.
    const rows = exactRows({ a: 2, c: -1 }, [
      [10, 1, 1],
      [20, 2, 3],
      [30, 1, 2],
      [40, 5, 8],
      [50, 3, 4],
    ]);
    const fitted = fitLinear(rows, ['a', 'c']);
    expect(fitted).to.not.have.property('c');
    expect(fitted.a).to.be.greaterThan(0);
  });

  it('reports plain relative errors, their mean and max', () => {
    const rows: FitRow[] = [
      { features: { a: 1 }, y: 10 },
      { features: { a: 2 }, y: 25 },
      { features: { a: 4 }, y: 40 },
    ];
    // Predictions 10, 20, 40 with a = 10.
    const e = relErrors(rows, { a: 10 });
    expect(e[0]).to.equal(0);
    expect(e[1]).to.be.closeTo(-0.2, 1e-12);
    expect(e[2]).to.equal(0);
    const s = errorStats(rows, { a: 10 });
    expect(s.mean).to.be.closeTo(0.2 / 3, 1e-12);
    expect(s.max).to.be.closeTo(0.2, 1e-12);
    expect(errorStats([], { a: 1 })).to.deep.equal({ mean: 0, max: 0 });
  });
});
