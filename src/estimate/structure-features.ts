/**
 * Closed-form sizes of the MVU's sub-structures as the generated RTL builds
 * them (rtl/siman_sumtree.v, the slice select of rtl/siman_mvu.v), for the
 * analytic estimator's features. Each is a short loop over tree levels or
 * shift stages (at most ~32 iterations), so an estimate stays in
 * microseconds.
 */
import { clog2 } from '../plan/widths.js';

/** Nodes at level `l` of a balanced tree over `n` leaves (odd nodes pass through). */
function nodesAt(n: number, l: number): number {
  let k = n;
  for (let i = 0; i < l; i++) k = Math.ceil(k / 2);
  return k;
}

/** Sum width up to which ECP5 (Yosys 0.23) builds a two-operand adder from LUTs instead of a carry chain. */
export const NARROW_ADDER_BITS = 4;

export interface SumtreeSize {
  /** Σ over adders of the sum width (level l adds two (w+l−1)-bit nodes into w+l bits). */
  adderBits: number;
  /** The part of `adderBits` in adders whose sum is at most {@link NARROW_ADDER_BITS} wide. */
  narrowBits: number;
  /** Pipeline register bits: registered levels (nodes × width) plus the output delay line. */
  regBits: number;
}

/**
 * Size of `siman_sumtree #(N, W, DEPTH)`: L = clog2(N) levels; R = min(DEPTH, L)
 * registers after the levels l where ⌊l·R/L⌋ > ⌊(l−1)·R/L⌋; DEPTH − R extra
 * output registers of W + L bits.
 */
export function sumtreeSize(n: number, w: number, depth: number): SumtreeSize {
  const L = clog2(n);
  const R = Math.min(depth, L);
  let adderBits = 0;
  let narrowBits = 0;
  let regBits = (depth - R) * (w + L);
  for (let l = 1; l <= L; l++) {
    const nc = nodesAt(n, l);
    const bits = Math.floor(nodesAt(n, l - 1) / 2) * (w + l);
    adderBits += bits;
    if (w + l <= NARROW_ADDER_BITS) narrowBits += bits;
    if (Math.floor((l * R) / L) !== Math.floor(((l - 1) * R) / L)) regBits += nc * (w + l);
  }
  return { adderBits, narrowBits, regBits };
}

/** Number of trailing zero bits of a positive integer. */
function trailingZeros(x: number): number {
  let t = 0;
  while (x > 0 && x % 2 === 0) {
    x /= 2;
    t++;
  }
  return t;
}

/**
 * Whether Yosys (0.23 to 0.55) builds the slice select
 * `in_buf[sf_cnt * XW +: XW]` of XW = SIMD·EB bits as a plain SF-input
 * multiplexer. For a power of two the product is wiring; for an odd XW the
 * shift-by-product peephole (`peepopt` shiftmul) rewrites it into one. An
 * even XW that is not a power of two keeps a real multiplier and a full
 * shifter (measured: 36 and 18 explode, 35 does not).
 */
export function sliceIsMux(xw: number): boolean {
  return (xw & (xw - 1)) === 0 || xw % 2 === 1;
}

/**
 * 2:1 multiplexer bits of the slice select when it is a shifter
 * (not {@link sliceIsMux}), else 0: a logarithmic shifter over the whole
 * IN·EB-bit buffer, least significant shift bit first, one stage per bit of
 * the largest shift (SF−1)·XW above the ctz(XW) constant-zero low bits.
 * Stage k must produce output bit i (< IN·EB) when a later stage or the
 * result reads it: i ∈ {j + s : j < XW, s a sum of distinct 2^m over later
 * stages m}. Walked back from the result with a bitmap, O(stages · IN·EB).
 */
export function sliceShifterBits(inBits: number, xw: number, sf: number): number {
  if (sf <= 1 || sliceIsMux(xw)) return 0;
  const top = clog2((sf - 1) * xw + 1);
  const needed = new Uint8Array(inBits);
  needed.fill(1, 0, Math.min(xw, inBits));
  let bits = 0;
  for (let k = top - 1; k >= trailingZeros(xw); k--) {
    let count = 0;
    for (let i = 0; i < inBits; i++) count += needed[i]!;
    bits += count;
    // The stage before reads bit i and bit i + 2^k (downwards, so a bit set now is not shifted again).
    const step = 2 ** k;
    for (let i = inBits - 1 - step; i >= 0; i--) if (needed[i]) needed[i + step] = 1;
  }
  return bits;
}
