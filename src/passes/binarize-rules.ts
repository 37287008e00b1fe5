/**
 * Per-channel float-to-bit binarization rules (DESIGN §1, docs/numerics.md).
 * Each rule maps one output channel's fan-in weights to 0/1 bits. All rules
 * are deterministic: summation runs in index order and every tie has a
 * stated winner.
 */
import type { BinarizeRule } from '../ir/model.js';

/**
 * `siman`: centre by the channel mean, b = 1 where |w − mean| is strictly
 * greater than the lower median of |w − mean| (sorted index ⌊(n−1)/2⌋,
 * as torch.median). Gives ⌊n/2⌋ ones when the |w − mean| are distinct;
 * values tied with the median all get 0.
 */
export function binarizeSiman(w: ArrayLike<number>): Uint8Array {
  const n = w.length;
  const out = new Uint8Array(n);
  if (n === 0) return out;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += w[i]!;
  const mean = sum / n;
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) dev[i] = Math.abs(w[i]! - mean);
  const sorted = Float64Array.from(dev).sort();
  const median = sorted[Math.floor((n - 1) / 2)]!;
  for (let i = 0; i < n; i++) out[i] = dev[i]! > median ? 1 : 0;
  return out;
}

/**
 * Indices sorted by |w| descending; equal |w| keep ascending index order,
 * which is how ties are broken in favour of the lower index.
 */
export function orderByMagnitude(w: ArrayLike<number>): number[] {
  const idx = Array.from({ length: w.length }, (_, i) => i);
  idx.sort((a, b) => Math.abs(w[b]!) - Math.abs(w[a]!) || a - b);
  return idx;
}

/**
 * The `siman-optimal` objective for every k: entry k−1 is
 * (Σ of the k largest |w|) / √k, prefix sums taken in
 * {@link orderByMagnitude} order.
 */
export function simanOptimalScores(w: ArrayLike<number>): Float64Array {
  const order = orderByMagnitude(w);
  const scores = new Float64Array(w.length);
  let sum = 0;
  for (let k = 1; k <= order.length; k++) {
    sum += Math.abs(w[order[k - 1]!]!);
    scores[k - 1] = sum / Math.sqrt(k);
  }
  return scores;
}

/**
 * `siman-optimal` (the paper's rule): k* = argmax over all k in 1..n of
 * (Σ top-k |w|)/√k, ties to the smallest k (the curve is not unimodal, so
 * every k is scanned); the k* largest |w| get b = 1, ties in |w| broken by
 * lower index.
 */
export function binarizeSimanOptimal(w: ArrayLike<number>): Uint8Array {
  const n = w.length;
  const out = new Uint8Array(n);
  if (n === 0) return out;
  const scores = simanOptimalScores(w);
  let best = 0;
  for (let k = 1; k < n; k++) if (scores[k]! > scores[best]!) best = k;
  const order = orderByMagnitude(w);
  for (let i = 0; i <= best; i++) out[order[i]!] = 1;
  return out;
}

/** `sign`: b = 1 where w ≥ 0 (−0 counts as ≥ 0). */
export function binarizeSign(w: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = w[i]! >= 0 ? 1 : 0;
  return out;
}

/** Apply `rule` to one channel. */
export function binarizeChannel(rule: BinarizeRule, w: ArrayLike<number>): Uint8Array {
  switch (rule) {
    case 'siman':
      return binarizeSiman(w);
    case 'siman-optimal':
      return binarizeSimanOptimal(w);
    case 'sign':
      return binarizeSign(w);
  }
}

/**
 * `alpha: "auto"` for one channel: mean of the raw |w| over the weights
 * whose bit is 1 (for every rule, `siman` included: the raw weight, not the
 * centred one); 0 when no weight is kept.
 */
export function autoAlpha(w: ArrayLike<number>, bits: ArrayLike<number>): number {
  let sum = 0;
  let kept = 0;
  for (let i = 0; i < w.length; i++) {
    if (bits[i] === 1) {
      sum += Math.abs(w[i]!);
      kept++;
    }
  }
  return kept === 0 ? 0 : sum / kept;
}
