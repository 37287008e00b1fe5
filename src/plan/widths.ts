/**
 * Exact bit widths from value ranges. Every width in the generated design
 * comes from here, derived from the reachable range of the quantity it
 * holds (docs/architecture.md, "Widths").
 */

/** $clog2 as Verilog defines it: ceil(log2(n)), 0 for n <= 1. */
export function clog2(n: number): number {
  let w = 0;
  while (2 ** w < n) w++;
  return w;
}

/** Smallest two's complement width holding every integer in [lo, hi] (at least 2). */
export function signedWidth(lo: number, hi: number): number {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
    throw new Error(`signedWidth: bad range [${lo}, ${hi}]`);
  }
  let w = 2;
  while (lo < -(2 ** (w - 1)) || hi > 2 ** (w - 1) - 1) w++;
  return w;
}

/** Smallest unsigned width holding [0, hi] (at least 1). */
export function unsignedWidth(hi: number): number {
  if (!Number.isSafeInteger(hi) || hi < 0) throw new Error(`unsignedWidth: bad max ${hi}`);
  let w = 1;
  while (hi > 2 ** w - 1) w++;
  return w;
}

/** Two's complement encoding of `v` in `w` bits, as a non-negative number. */
export function twosComplement(v: number, w: number): number {
  if (v < -(2 ** (w - 1)) || v > 2 ** (w - 1) - 1) throw new Error(`value ${v} does not fit ${w} signed bits`);
  return v < 0 ? v + 2 ** w : v;
}
