/**
 * Closed-form sizes of the MVU's sub-structures as the generated RTL builds
 * them (rtl/siman_sumtree.v), for the analytic estimator's features. Each
 * is a short loop over tree levels (at most ~32 iterations), so an estimate
 * stays in microseconds.
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

/** First carry-chain level of `siman_cintree` as `siman_popcount` instantiates it (CHAIN_FROM default). */
export const CINTREE_CHAIN_FROM = 2;

export interface CintreeSize {
  /**
   * LUT-bearing adder bits: a level-l node below CHAIN_FROM is an
   * (l+1)-bit LUT sum; from CHAIN_FROM up its top bit is the chain's
   * carry-out, so it has l sum LUTs. Nodes wholly above N are constant.
   */
  adderBits: number;
  /** Pipeline register bits that are not constant: registered nodes, carry-in delay lines, output delay line. */
  regBits: number;
}

/**
 * Size of `siman_cintree #(N, DEPTH, CHAIN_FROM)` (rtl/siman_cintree.v):
 * L = clog2(N + 1) − 1 levels; node (l, i) starts at i·2^(l+1) − popcount(i)
 * and is live when that is below N; its carry-in bit is start + 2^(l+1) − 2.
 */
export function cintreeSize(n: number, depth: number, chainFrom = CINTREE_CHAIN_FROM): CintreeSize {
  const L = clog2(n + 1) - 1;
  const R = Math.min(depth, L);
  let adderBits = 0;
  let regBits = (depth - R) * (L + 1);
  for (let l = 1; l <= L; l++) {
    const reg = Math.floor((l * R) / L) !== Math.floor(((l - 1) * R) / L);
    const below = Math.floor(((l - 1) * R) / L);
    for (let i = 0; i < 2 ** (L - l); i++) {
      const start = i * 2 ** (l + 1) - popcount32(i);
      if (start >= n) break; // starts grow with i
      adderBits += l < chainFrom ? l + 1 : l;
      if (reg) regBits += l + 1;
      if (start + 2 ** (l + 1) - 2 < n) regBits += below;
    }
  }
  return { adderBits, regBits };
}

function popcount32(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) c++;
  return c;
}

/**
 * The tree one PE or lane sums its N inputs with: siman_popcount's carry-in
 * tree for bits inputs (no narrow adders), siman_addertree's sumtree of
 * `leafW`-bit operands for uint inputs.
 */
export function laneTreeSize(n: number, bits: boolean, leafW: number, depth: number): SumtreeSize {
  return bits ? { narrowBits: 0, ...cintreeSize(n, depth) } : sumtreeSize(n, leafW, depth);
}
