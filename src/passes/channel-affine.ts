/**
 * The float64 expression every binarized channel is judged by
 * (DESIGN §1): y = γ·(s·α + bias − μ)/√(σ²+ε) + β, evaluated left to right
 * in exactly this order, with the optional parts left out when absent
 * (no alpha: s·α is s; no bias: nothing is added; no batchnorm: y = s·α + bias).
 */
import type { BatchNormLayer } from '../ir/model.js';

/** The per-channel parameters of one channel's affine. */
export interface ChannelAffine {
  alpha: number | null;
  bias: number | null;
  bn: { gamma: number; beta: number; mean: number; denom: number } | null;
}

/** Extract channel `c`'s parameters; `denom` is √(σ²+ε), computed once. */
export function channelAffine(
  alpha: Float64Array | null,
  bias: Float64Array | null,
  bn: Pick<BatchNormLayer, 'gamma' | 'beta' | 'mean' | 'var' | 'eps'> | null,
  c: number,
): ChannelAffine {
  return {
    alpha: alpha ? alpha[c]! : null,
    bias: bias ? bias[c]! : null,
    bn: bn ? { gamma: bn.gamma[c]!, beta: bn.beta[c]!, mean: bn.mean[c]!, denom: Math.sqrt(bn.var[c]! + bn.eps) } : null,
  };
}

/** Evaluate y for the signed dot product `s`. */
export function evalAffine(p: ChannelAffine, s: number): number {
  let v = p.alpha === null ? s : s * p.alpha;
  if (p.bias !== null) v = v + p.bias;
  if (p.bn === null) return v;
  return (p.bn.gamma * (v - p.bn.mean)) / p.bn.denom + p.bn.beta;
}
