/**
 * Exact threshold derivation for one channel. The decision to reproduce is
 * D(q) = [evalAffine(s(q)) ≥ 0] in float64, with s(q) a linear function of
 * the accumulator q. Every float operation in the affine (×, +, −, /) is
 * monotone in its varying operand, so D is monotone in q; instead of solving
 * y = 0 algebraically (where rounding could put T one off), we evaluate the
 * very same float expression and binary-search the switch point. The
 * integer compare then equals the float decision for every reachable q by
 * construction.
 */
import { fail } from '../diagnostics.js';
import type { ThresholdChannel } from '../ir/model.js';

/**
 * Fold a monotone decision over the integer range [lo, hi] into a threshold
 * channel: `const` when D(lo) = D(hi); `ge` with lo < t ≤ hi when D goes
 * false → true; `le` with lo ≤ t < hi when it goes true → false.
 * `y(q)` must be the float value whose sign is the decision; a NaN is a
 * user error (`where` names the channel).
 */
export function searchThreshold(lo: number, hi: number, y: (q: number) => number, where: string): ThresholdChannel {
  const decide = (q: number): boolean => {
    const v = y(q);
    if (Number.isNaN(v)) fail('E_VALUE', `the folded activation evaluates to NaN at accumulator ${q}`, { jsonPath: where });
    return v >= 0;
  };
  const dLo = decide(lo);
  const dHi = decide(hi);
  if (dLo === dHi) return { kind: 'const', value: dLo ? 1 : -1 };
  // Invariant: decide(a) === dLo, decide(b) === dHi.
  let a = lo;
  let b = hi;
  while (b - a > 1) {
    const m = a + Math.floor((b - a) / 2);
    if (decide(m) === dLo) a = m;
    else b = m;
  }
  return dHi ? { kind: 'ge', t: b } : { kind: 'le', t: a };
}

/** Apply a threshold channel to an accumulator value: +1 or −1. */
export function applyThreshold(ch: ThresholdChannel, q: number): 1 | -1 {
  switch (ch.kind) {
    case 'ge':
      return q >= ch.t ? 1 : -1;
    case 'le':
      return q <= ch.t ? 1 : -1;
    case 'const':
      return ch.value;
  }
}

/** A channel as a single comparator `q >= t` or `q <= t`. */
export interface Comparator {
  direction: 'ge' | 'le';
  t: number;
}

/**
 * Express any channel as one comparator for hardware that has no constant
 * outputs: a constant channel becomes `ge` with t clamped to the edge of the
 * reachable range [lo, hi] (+1: t = lo, true for every reachable q;
 * −1: t = hi + 1, just outside, true for none). Thresholds of ge/le channels
 * outside [lo − 1, hi + 1] (possible in hand-written models) are clamped
 * the same way, which does not change any reachable decision. The result
 * always satisfies lo − 1 ≤ t ≤ hi + 1.
 */
export function toComparator(ch: ThresholdChannel, lo: number, hi: number): Comparator {
  if (ch.kind === 'const') return { direction: 'ge', t: ch.value === 1 ? lo : hi + 1 };
  return { direction: ch.kind, t: Math.min(hi + 1, Math.max(lo - 1, ch.t)) };
}
