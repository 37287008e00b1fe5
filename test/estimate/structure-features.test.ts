/**
 * Closed-form sub-structure sizes of the estimator against plain references
 * that build the structure explicitly (tree node lists),
 * brute force over small sizes and property-tested over larger ones.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { NARROW_ADDER_BITS, sumtreeSize } from '../../src/estimate/structure-features.js';

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

});
