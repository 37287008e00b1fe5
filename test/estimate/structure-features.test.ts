/**
 * Closed-form sub-structure sizes of the estimator against plain references
 * that build the structure explicitly (tree node lists),
 * brute force over small sizes and property-tested over larger ones.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { cintreeSize, NARROW_ADDER_BITS, sumtreeSize } from '../../src/estimate/structure-features.js';

/** Reference siman_sumtree: build the level list node by node. */
function refSumtree(n: number, w: number, depth: number): { adderBits: number; narrowBits: number; regBits: number } {
  let levels = 0;
  while (2 ** levels < n) levels++;
  const r = Math.min(depth, levels);
  let nodes: number[] = new Array<number>(n).fill(w);
  let adderBits = 0;
  let narrowBits = 0;
  let regBits = 0;
  for (let l = 1; l <= levels; l++) {
    const next: number[] = [];
    for (let j = 0; j < nodes.length; j += 2) {
      if (j + 1 < nodes.length) {
        adderBits += nodes[j]! + 1;
        if (nodes[j]! + 1 <= NARROW_ADDER_BITS) narrowBits += nodes[j]! + 1;
      }
      next.push(nodes[j]! + 1);
    }
    nodes = next;
    // Registers where the evenly spread count steps up.
    if (Math.floor((l * r) / levels) > Math.floor(((l - 1) * r) / levels)) regBits += nodes.reduce((a, b) => a + b, 0);
  }
  regBits += (depth - r) * (w + levels);
  return { adderBits, narrowBits, regBits };
}


/**
 * Reference siman_cintree: walk the tree down from the root (node (l, s)
 * covers 2^(l+1) − 1 bits from s; children at s and s + 2^l − 1; carry-in
 * s + 2^(l+1) − 2), checking that every input bit is a leaf or a carry-in
 * exactly once.
 */
function refCintree(n: number, depth: number, chainFrom: number): { adderBits: number; regBits: number } {
  let top = 0;
  while (2 ** (top + 1) - 1 < n) top++;
  const r = Math.min(depth, top);
  const seen = new Array<number>(n).fill(0);
  let adderBits = 0;
  let regBits = (depth - r) * (top + 1);
  const walk = (l: number, s: number): void => {
    if (s >= n) return;
    if (l === 0) {
      seen[s]!++;
      return;
    }
    adderBits += l < chainFrom ? l + 1 : l;
    if (Math.floor((l * r) / top) > Math.floor(((l - 1) * r) / top)) regBits += l + 1;
    const cin = s + 2 ** (l + 1) - 2;
    if (cin < n) {
      seen[cin]!++;
      regBits += Math.floor(((l - 1) * r) / top);
    }
    walk(l - 1, s);
    walk(l - 1, s + 2 ** l - 1);
  };
  walk(top, 0);
  expect(seen.every((c) => c === 1), `N=${n}: every bit once`).to.equal(true);
  return { adderBits, regBits };
}

describe('estimator structure sizes', () => {
  it('sumtree matches the explicit tree for N ≤ 40, W ≤ 4, DEPTH ≤ 7', () => {
    for (let n = 1; n <= 40; n++) for (let w = 1; w <= 4; w++) for (let d = 0; d <= 7; d++) expect(sumtreeSize(n, w, d), `N=${n} W=${w} D=${d}`).to.deep.equal(refSumtree(n, w, d));
  });

  it('sumtree matches on wide trees (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2048 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 4 }), (n, w, d) => {
      expect(sumtreeSize(n, w, d)).to.deep.equal(refSumtree(n, w, d));
    }));
  });

  it('a power-of-two tree of 1-bit leaves has N − 1 adders and unregistered depth 0', () => {
    // 8 leaves: 4 two-bit + 2 three-bit + 1 four-bit sums.
    expect(sumtreeSize(8, 1, 0)).to.deep.equal({ adderBits: 4 * 2 + 2 * 3 + 4, narrowBits: 4 * 2 + 2 * 3 + 4, regBits: 0 });
    expect(sumtreeSize(1, 3, 2)).to.deep.equal({ adderBits: 0, narrowBits: 0, regBits: 6 });
  });


  it('cintree matches the explicit tree for N ≤ 70, DEPTH ≤ 7, CHAIN_FROM 1..4', () => {
    for (let n = 1; n <= 70; n++)
      for (let d = 0; d <= 7; d++) for (let c = 1; c <= 4; c++) expect(cintreeSize(n, d, c), `N=${n} D=${d} C=${c}`).to.deep.equal(refCintree(n, d, c));
  });

  it('cintree matches on wide trees (property); an all-chain tree has N − k sum LUTs at N = 2^k − 1 (one full adder per bit removed)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 6 }), (n, d, c) => {
      expect(cintreeSize(n, d, c)).to.deep.equal(refCintree(n, d, c));
    }));
    for (const k of [3, 6, 9]) expect(cintreeSize(2 ** k - 1, 0, 1).adderBits).to.equal(2 ** k - 1 - k);
  });
});
