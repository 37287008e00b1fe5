/**
 * Closed-form sub-structure sizes of the estimator against plain references
 * that build the structure explicitly (tree node lists, shifter bit sets),
 * brute force over small sizes and property-tested over larger ones.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { NARROW_ADDER_BITS, sliceShifterBits, sumtreeSize } from '../../src/estimate/structure-features.js';

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

/** Reference shifter: enumerate every combination of the later stages' shifts. */
function refShifter(inBits: number, xw: number, sf: number): number {
  if (sf <= 1 || Number.isInteger(Math.log2(xw)) || xw % 2 === 1) return 0;
  // Shift bits that are not always 0: those set in some product sf_cnt · XW ≤ (SF−1)·XW, above XW's trailing zeros.
  let low = 0;
  while ((xw >> low) % 2 === 0) low++;
  const stages: number[] = [];
  for (let k = low; 2 ** k <= (sf - 1) * xw; k++) stages.push(k);
  let bits = 0;
  for (let t = 0; t < stages.length; t++) {
    const later = stages.slice(t + 1);
    const out = new Set<number>();
    for (let mask = 0; mask < 2 ** later.length; mask++) {
      let s = 0;
      later.forEach((m, b) => {
        if ((mask >> b) & 1) s += 2 ** m;
      });
      for (let j = 0; j < xw; j++) if (j + s < inBits) out.add(j + s);
    }
    bits += out.size;
  }
  return bits;
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

  it('slice shifter matches the bit-set walk for IN·EB ≤ 200', () => {
    for (let xw = 1; xw <= 40; xw++) for (let sf = 1; sf <= 5; sf++) expect(sliceShifterBits(xw * sf, xw, sf), `XW=${xw} SF=${sf}`).to.equal(refShifter(xw * sf, xw, sf));
  });

  it('is 0 for power-of-two and odd slices and grows with the buffer', () => {
    expect(sliceShifterBits(128, 32, 4)).to.equal(0);
    expect(sliceShifterBits(140, 35, 4)).to.equal(0);
    expect(sliceShifterBits(96, 24, 4)).to.be.greaterThan(0);
    expect(sliceShifterBits(240, 24, 10)).to.be.greaterThan(sliceShifterBits(96, 24, 4));
    // 48 inputs of 3 bits in slices of 12: shift up to 108 (7 bits, the low 2 always 0), 5 stages:
    // the last produces the 36 result bits, the one before 36 + 36 more (shift 64), then 36..99 plus 32 more, ...
    expect(sliceShifterBits(144, 36, 4)).to.equal(36 + 72 + 132 + 144 + 144);
  });
});
