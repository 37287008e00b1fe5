import { expect } from 'chai';
import fc from 'fast-check';
import { clog2, signedWidth, twosComplement, unsignedWidth } from '../../src/plan/widths.js';

describe('plan/widths', () => {
  it('clog2 is the smallest w with 2^w >= n (0 for n <= 1)', () => {
    for (let n = 0; n <= 4097; n++) {
      const w = clog2(n);
      expect(2 ** w >= n, `n=${n}`).to.equal(true);
      if (n > 1) expect(2 ** (w - 1) < n, `n=${n}`).to.equal(true);
      else expect(w).to.equal(0);
    }
  });

  it('signedWidth and unsignedWidth are the smallest widths holding the range (brute force)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (lo, span) => {
        const hi = lo + span;
        const w = signedWidth(lo, hi);
        const fits = (b: number): boolean => lo >= -(2 ** (b - 1)) && hi <= 2 ** (b - 1) - 1;
        expect(fits(w)).to.equal(true);
        if (w > 2) expect(fits(w - 1)).to.equal(false);
        const u = unsignedWidth(span);
        expect(span <= 2 ** u - 1).to.equal(true);
        if (u > 1) expect(span <= 2 ** (u - 1) - 1).to.equal(false);
      }),
    );
  });

  it('twosComplement encodes in range and rejects overflow', () => {
    expect(twosComplement(-1, 4)).to.equal(15);
    expect(twosComplement(7, 4)).to.equal(7);
    expect(() => twosComplement(8, 4)).to.throw(/does not fit/);
    expect(() => twosComplement(-9, 4)).to.throw(/does not fit/);
  });
});
