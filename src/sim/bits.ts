/**
 * Bit-parallel helpers of the cycle simulator: popcounts over 32-bit words,
 * extraction of a bit slice from a packed vector, toggle counts of
 * register values (Hamming distance of the old and new contents).
 * Packed order as everywhere in siman-hw: bit i of word j is element 32·j + i.
 */

/** Number of set bits of a 32-bit value (SWAR). */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** 32-bit words holding `bits` bits. */
export function words32(bits: number): number {
  return Math.max(1, (bits + 31) >>> 5);
}

/** Mask of the valid bits of word `j` of an `n`-bit vector. */
export function tailMask(n: number, j: number): number {
  const rest = n - 32 * j;
  return rest >= 32 ? 0xffffffff : rest <= 0 ? 0 : ((1 << rest) >>> 0) - 1;
}

/**
 * dst[dstOff .. + ceil(n/32)) = bits [lsb, lsb + n) of the vector at
 * src[srcOff ..] (bits above n cleared). The source must have one spare
 * word past the last one read.
 */
export function extractBits(src: Uint32Array, srcOff: number, lsb: number, n: number, dst: Uint32Array, dstOff: number): void {
  const nw = (n + 31) >>> 5;
  const w0 = srcOff + (lsb >>> 5);
  const sh = lsb & 31;
  if (sh === 0) {
    for (let j = 0; j < nw; j++) dst[dstOff + j] = src[w0 + j]!;
  } else {
    const back = 32 - sh;
    for (let j = 0; j < nw; j++) dst[dstOff + j] = ((src[w0 + j]! >>> sh) | (src[w0 + j + 1]! << back)) >>> 0;
  }
  const rest = n & 31;
  if (rest !== 0) dst[dstOff + nw - 1] = (dst[dstOff + nw - 1]! & (((1 << rest) >>> 0) - 1)) >>> 0;
}

/** Hamming distance of two packed vectors over their first `nw` words. */
export function wordToggles(a: Uint32Array, b: Uint32Array, nw: number, offA = 0, offB = 0): number {
  let t = 0;
  for (let j = 0; j < nw; j++) t += popcount32(a[offA + j]! ^ b[offB + j]!);
  return t;
}

const TWO32 = 2 ** 32;

/** Hamming distance of two `width`-bit register values given as integers (two's complement for negatives). */
export function valueToggles(a: number, b: number, width: number): number {
  if (width <= 32) {
    const m = width === 32 ? 0xffffffff : ((1 << width) >>> 0) - 1;
    return popcount32(((a ^ b) & m) >>> 0);
  }
  const mod = 2 ** width;
  const ua = ((a % mod) + mod) % mod;
  const ub = ((b % mod) + mod) % mod;
  const lo = popcount32((ua % TWO32) ^ (ub % TWO32));
  const hi = valueToggles(Math.floor(ua / TWO32), Math.floor(ub / TWO32), width - 32);
  return lo + hi;
}

/** `v` modulo 2^width as a non-negative number (width <= 52). */
export function wrapUnsigned(v: number, width: number): number {
  const mod = 2 ** width;
  const r = v % mod;
  return r < 0 ? r + mod : r;
}

/** The two's complement reading of a `width`-bit unsigned value. */
export function toSigned(u: number, width: number): number {
  return u >= 2 ** (width - 1) ? u - 2 ** width : u;
}
