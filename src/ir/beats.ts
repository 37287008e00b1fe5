/**
 * Stream beat encoding of the top-level contract (DESIGN §2b): element i of
 * an input vector at bits [i·EB +: EB] (EB = input bits for uint, 1 for
 * bipolar with 1 ↔ +1); class c's score at [c·SW +: SW], two's complement.
 * Beats are little-endian arrays of 32-bit words; on disk they are hex,
 * most significant digit first.
 */
import type { InputEncoding } from './model.js';

/** Bits per input element on the stream. */
export function elementBits(enc: InputEncoding): number {
  return enc.kind === 'uint' ? enc.bits : 1;
}

/** Pack one input vector into a beat. */
export function encodeInputBeat(values: ArrayLike<number>, enc: InputEncoding): Uint32Array {
  const eb = elementBits(enc);
  const words = new Uint32Array(Math.max(1, Math.ceil((values.length * eb) / 32)));
  for (let i = 0; i < values.length; i++) {
    const v = enc.kind === 'uint' ? values[i]! : values[i]! > 0 ? 1 : 0;
    setField(words, i * eb, eb, v);
  }
  return words;
}

/** Write the low `width` bits of the non-negative `value` at bit offset `lsb`. */
export function setField(words: Uint32Array, lsb: number, width: number, value: number): void {
  for (let b = 0; b < width; b++) {
    if (Math.floor(value / 2 ** b) % 2 === 1) {
      const bit = lsb + b;
      words[bit >>> 5] = (words[bit >>> 5]! | (1 << (bit & 31))) >>> 0;
    }
  }
}

/** Read an unsigned field of up to 52 bits. */
export function getField(words: Uint32Array, lsb: number, width: number): number {
  let v = 0;
  for (let b = width - 1; b >= 0; b--) {
    const bit = lsb + b;
    v = v * 2 + (((words[bit >>> 5] ?? 0) >>> (bit & 31)) & 1);
  }
  return v;
}

/** Read a two's complement field of up to 52 bits. */
export function getSignedField(words: Uint32Array, lsb: number, width: number): number {
  const u = getField(words, lsb, width);
  return u >= 2 ** (width - 1) ? u - 2 ** width : u;
}

/** Decode an output beat into `classes` signed scores of `sw` bits. */
export function decodeScores(words: Uint32Array, classes: number, sw: number): Float64Array {
  // Float64Array: scores of wide layers with uint16 inputs exceed 32 bits.
  const out = new Float64Array(classes);
  for (let c = 0; c < classes; c++) out[c] = getSignedField(words, c * sw, sw);
  return out;
}

/** Hex text of the low `bits` bits, most significant digit first. */
export function wordsToHex(words: Uint32Array, bits: number): string {
  const digits = Math.max(1, Math.ceil(bits / 4));
  let s = '';
  for (let d = digits - 1; d >= 0; d--) s += getField(words, d * 4, Math.min(4, bits - d * 4)).toString(16);
  return s;
}

/** Parse hex text (MSB first) into `nwords` words; throws on bad digits or overflow. */
export function hexToWords(hex: string, nwords: number): Uint32Array {
  const words = new Uint32Array(nwords);
  const clean = hex.trim();
  if (!/^[0-9a-fA-F]+$/.test(clean)) throw new Error(`bad hex '${hex}'`);
  for (let i = 0; i < clean.length; i++) {
    const v = parseInt(clean[clean.length - 1 - i]!, 16);
    if (v === 0) continue;
    const bit = i * 4;
    if (bit >>> 5 >= nwords) throw new Error(`hex '${hex}' does not fit in ${nwords} words`);
    words[bit >>> 5] = (words[bit >>> 5]! | (v << (bit & 31))) >>> 0;
  }
  return words;
}
