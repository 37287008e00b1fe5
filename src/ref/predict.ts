/**
 * The host-side head and the argmax, shared by both reference paths, plus
 * the float64 affine they are built on. This is the reference's own writing
 * of DESIGN §1's expression, kept independent of src/passes/channel-affine.ts
 * so that comparing the two paths also checks the fold.
 */
import type { BatchNormLayer } from '../ir/model.js';
import type { Head } from '../ir/network.js';

type BnParams = Pick<BatchNormLayer, 'gamma' | 'beta' | 'mean' | 'var' | 'eps'>;

/**
 * y = γ·(s·α + bias − μ)/√(σ²+ε) + β for channel `c`, evaluated left to
 * right in float64; absent parts are left out (no α: s; no bias: no add;
 * no batchnorm: s·α + bias).
 */
export function affineValue(s: number, c: number, alpha: Float64Array | null, bias: Float64Array | null, bn: BnParams | null): number {
  let v = alpha ? s * alpha[c]! : s;
  if (bias) v = v + bias[c]!;
  if (!bn) return v;
  return (bn.gamma[c]! * (v - bn.mean[c]!)) / Math.sqrt(bn.var[c]! + bn.eps) + bn.beta[c]!;
}

/** Index of the largest value; ties (and only ties) go to the lowest index. */
export function argmax(values: ArrayLike<number>, start = 0, length = values.length - start): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (values[start + i]! > values[start + best]!) best = i;
  return best;
}

/**
 * Apply the head to `count × classes` scores. Without any head parameter
 * the logits are the scores themselves.
 */
export function headLogits(head: Head, scores: ArrayLike<number>, classes: number): Float64Array {
  const logits = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    logits[i] = affineValue(scores[i]!, i % classes, head.alpha, head.bias, head.batchnorm);
  }
  return logits;
}

/** Logits and predictions (argmax per row) for `count × classes` scores. */
export function predict(head: Head, scores: ArrayLike<number>, classes: number): { logits: Float64Array; predictions: Int32Array } {
  const logits = headLogits(head, scores, classes);
  const count = scores.length / classes;
  const predictions = new Int32Array(count);
  for (let r = 0; r < count; r++) predictions[r] = argmax(logits, r * classes, classes);
  return { logits, predictions };
}
