import { expect } from 'chai';
import fc from 'fast-check';
import { decodeScores, encodeInputBeat, getField, getSignedField, hexToWords, setField, wordsToHex } from '../../src/ir/beats.js';

describe('ir/beats', () => {
  it('uint elements land at [i*EB +: EB] (checked against a BigInt model)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }).chain((bits) => fc.tuple(fc.constant(bits), fc.array(fc.integer({ min: 0, max: 2 ** bits - 1 }), { minLength: 1, maxLength: 40 }))), ([bits, values]) => {
        const words = encodeInputBeat(values, { kind: 'uint', bits });
        let big = 0n;
        values.forEach((v, i) => (big |= BigInt(v) << BigInt(i * bits)));
        expect(BigInt('0x' + wordsToHex(words, values.length * bits))).to.equal(big);
        values.forEach((v, i) => expect(getField(words, i * bits, bits)).to.equal(v));
      }),
    );
  });

  it('bipolar +1 is bit 1 and -1 is bit 0', () => {
    const w = encodeInputBeat([1, -1, -1, 1, 1], { kind: 'bipolar' });
    expect(w[0]).to.equal(0b11001);
  });

  it('signed fields round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }).chain((sw) => fc.tuple(fc.constant(sw), fc.array(fc.integer({ min: -(2 ** (sw - 1)), max: 2 ** (sw - 1) - 1 }), { minLength: 1, maxLength: 12 }))), ([sw, scores]) => {
        const words = new Uint32Array(Math.ceil((scores.length * sw) / 32));
        scores.forEach((s, c) => setField(words, c * sw, sw, s < 0 ? s + 2 ** sw : s));
        expect(Array.from(decodeScores(words, scores.length, sw))).to.deep.equal(scores);
        scores.forEach((s, c) => expect(getSignedField(words, c * sw, sw)).to.equal(s));
      }),
    );
  });

  it('hex round-trips and rejects garbage', () => {
    fc.assert(
      fc.property(fc.uint32Array({ minLength: 1, maxLength: 8 }), (words) => {
        const hex = wordsToHex(words, words.length * 32);
        expect(Array.from(hexToWords(hex, words.length))).to.deep.equal(Array.from(words));
      }),
    );
    expect(() => hexToWords('12g', 1)).to.throw(/bad hex/);
    expect(() => hexToWords('123456789', 1)).to.throw(/does not fit/);
  });
});
