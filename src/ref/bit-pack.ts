/**
 * Bit packing used by the packed reference (and the same order as every
 * packed format in siman-hw): bit i of word j is element 32·j + i, LSB
 * first; bits beyond the last element of the tail word are 0.
 */

/** Number of 32-bit words holding `n` bits. */
export function wordCount(n: number): number {
  return (n + 31) >>> 5;
}

/** Pack `n` elements starting at `offset`, bit = 1 where `isOne(value)`. */
export function packBits(values: ArrayLike<number>, n: number, isOne: (v: number) => boolean, offset = 0): Uint32Array {
  const words = new Uint32Array(wordCount(n));
  for (let i = 0; i < n; i++) if (isOne(values[offset + i]!)) words[i >>> 5]! |= 1 << (i & 31);
  return words;
}

/** Element `i` of a packed vector, 0 or 1. */
export function getBit(words: Uint32Array, i: number): number {
  return (words[i >>> 5]! >>> (i & 31)) & 1;
}

/** Mask of the valid bits of word `j` of an `n`-bit vector. */
export function wordMask(n: number, j: number): number {
  const rest = n - 32 * j;
  return rest >= 32 ? 0xffffffff : rest <= 0 ? 0 : ((1 << rest) >>> 0) - 1;
}

/** Number of set bits of a 32-bit value (SWAR). */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
