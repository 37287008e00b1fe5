import { expect } from 'chai';
import fc from 'fast-check';
import { getBit, packBits, popcount32, wordCount, wordMask } from '../../src/ref/bit-pack.js';
import { fcParams } from '../support/arbitraries.js';

describe('ref/bit-pack', () => {
  it('packs LSB first: bit i of word j is element 32j + i', () => {
    const v = new Array(40).fill(0);
    v[0] = 1;
    v[31] = 1;
    v[32] = 1;
    v[39] = 1;
    const w = packBits(v, 40, (x) => x === 1);
    expect(Array.from(w)).to.deep.equal([0x80000001, 0x81]);
    expect(wordCount(0)).to.equal(0);
    expect(wordCount(32)).to.equal(1);
    expect(wordCount(33)).to.equal(2);
  });
  it('round-trips through getBit and leaves tail bits zero', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 200 }), (bools) => {
        const w = packBits(bools.map(Number), bools.length, (x) => x === 1);
        bools.forEach((b, i) => expect(getBit(w, i)).to.equal(b ? 1 : 0));
        for (let i = bools.length; i < 32 * w.length; i++) expect(getBit(w, i)).to.equal(0);
      }),
      fcParams(200),
    );
  });
  it('wordMask keeps exactly the valid bits', () => {
    expect(wordMask(32, 0) >>> 0).to.equal(0xffffffff);
    expect(wordMask(33, 1)).to.equal(1);
    expect(wordMask(63, 1)).to.equal(0x7fffffff);
    expect(wordMask(5, 0)).to.equal(0x1f);
  });
  it('popcount32 matches a bit-by-bit count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (x) => {
        let n = 0;
        for (let i = 0; i < 32; i++) n += (x >>> i) & 1;
        expect(popcount32(x)).to.equal(n);
        expect(popcount32(x | 0)).to.equal(n);
      }),
      fcParams(500),
    );
    expect(popcount32(0xffffffff)).to.equal(32);
  });
});
