import { expect } from 'chai';
import fc from 'fast-check';
import { sharedCintrees, sharedSumtrees } from '../../src/estimate/shared-trees.js';
import { cintreeSize, sumtreeSize } from '../../src/estimate/structure-features.js';

const distinct = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('estimate/shared-trees: hardwired lane trees merged as flattened synthesis merges them', () => {
  it('one lane of distinct leaves is the closed-form tree (carry-in tree and adder tree)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 700 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 9 }), (n, depth, w) => {
        const c = sharedCintrees([distinct(n)], depth);
        const cc = cintreeSize(n, depth);
        expect([c.adderBits, c.regBits, c.leaves]).to.deep.equal([cc.adderBits, cc.regBits, n]);
        const s = sharedSumtrees([distinct(n)], w, depth);
        const ss = sumtreeSize(n, w, depth);
        expect([s.adderBits, s.narrowBits, s.regBits, s.leaves]).to.deep.equal([ss.adderBits, ss.narrowBits, ss.regBits, n]);
      }),
    );
  });

  it('identical lanes cost one lane; lanes over disjoint leaves cost the sum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 }), (n, k, depth) => {
        const one = sharedCintrees([distinct(n)], depth);
        expect(sharedCintrees(Array.from({ length: k }, () => distinct(n)), depth)).to.deep.equal(one);
        const apart = sharedCintrees(Array.from({ length: k }, (_, j) => distinct(n, j * 1000)), depth);
        expect([apart.adderBits, apart.regBits, apart.leaves]).to.deep.equal([k * one.adderBits, k * one.regBits, k * n]);
        const s1 = sharedSumtrees([distinct(n)], 3, depth);
        const sk = sharedSumtrees(Array.from({ length: k }, (_, j) => distinct(n, j * 1000)), 3, depth);
        expect(sk.adderBits).to.equal(k * s1.adderBits);
      }),
    );
  });

  it('lanes sharing a prefix share exactly the nodes over it', () => {
    // Two 7-input carry-in trees (L = 2) equal in inputs 0..2: the level-1 node over leaves
    // 0, 1 and carry-in 2 is shared; everything else differs.
    const a = [0, 1, 2, 3, 4, 5, 6];
    const b = [0, 1, 2, 13, 14, 15, 16];
    const one = sharedCintrees([a], 0);
    const both = sharedCintrees([a, b], 0);
    expect(both.adderBits).to.equal(2 * one.adderBits - 2); // one 2-bit level-1 LUT sum shared
    expect(both.leaves).to.equal(14 - 3);
    // Adder trees (pairs): a and b agree on the pair (0, 1) only.
    expect(sharedSumtrees([a, b], 1, 0).adderBits).to.equal(2 * sharedSumtrees([a], 1, 0).adderBits - 2);
  });

  it('register placement is part of a node: equal leaves under a different register schedule are not merged', () => {
    // 7 inputs (L = 2) and 15 inputs (L = 3) with the same first 7, DEPTH 1: the two level-1
    // nodes (unregistered in both) are shared; the level-2 node over inputs 0..6 is registered
    // in the 7-input tree only, so it is not.
    const a = distinct(7);
    const b = distinct(15);
    const both = sharedCintrees([a, b], 1);
    const sep = [sharedCintrees([a], 1), sharedCintrees([b], 1)];
    expect(both.adderBits).to.equal(sep[0]!.adderBits + sep[1]!.adderBits - 2 * 2);
    expect(both.regBits).to.equal(sep[0]!.regBits + sep[1]!.regBits);
    // At DEPTH 0 the level-2 node is shared too (2 more sum bits).
    const comb = sharedCintrees([a, b], 0);
    expect(comb.adderBits).to.equal(sharedCintrees([a], 0).adderBits + sharedCintrees([b], 0).adderBits - 2 * 2 - 2);
  });
});
