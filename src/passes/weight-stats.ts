/**
 * What the SiMaN paper measures, per weighted layer: the bit entropy of the
 * binarized weights (fraction of ones per channel and H) and, when the
 * model carries latent float weights, their histogram and how well a
 * Laplacian fits them (against a Gaussian with the same mean and variance).
 * Weight decay pulls latent weights towards zero, which shows up as a
 * sharper-than-Laplacian histogram and, under the `sign` rule, as skewed
 * bits (H below 1); SiMaN's magnitude rule keeps ⌊n/2⌋ ones per channel.
 */
import type { Model } from '../ir/model.js';
import { binarizeDense } from './binarize-weights.js';
import { convAsDense } from './stage-structure.js';

/** Binary entropy in bits of a Bernoulli(p). */
export function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
}

/** Statistics of a layer's {0,1} weights over its output channels. */
export interface BitStats {
  channels: number;
  fanIn: number;
  /** Fraction of ones over the whole tensor. */
  onesFraction: number;
  /** Per-channel fraction of ones: mean, min, max. */
  channelOnes: { mean: number; min: number; max: number };
  /** Per-channel binary entropy H(fraction of ones) in bits: mean and min (1 = half ones). */
  entropy: { mean: number; min: number };
}

/** Bit statistics of a row-major [channels][fanIn] {0,1} tensor. */
export function bitStats(bits: ArrayLike<number>, channels: number, fanIn: number): BitStats {
  let total = 0;
  let fSum = 0;
  let fMin = Infinity;
  let fMax = -Infinity;
  let hSum = 0;
  let hMin = Infinity;
  for (let c = 0; c < channels; c++) {
    let k = 0;
    for (let i = 0; i < fanIn; i++) k += bits[c * fanIn + i]!;
    total += k;
    const f = fanIn > 0 ? k / fanIn : 0;
    const h = binaryEntropy(f);
    fSum += f;
    hSum += h;
    fMin = Math.min(fMin, f);
    fMax = Math.max(fMax, f);
    hMin = Math.min(hMin, h);
  }
  const n = Math.max(channels, 1);
  return {
    channels,
    fanIn,
    onesFraction: channels * fanIn > 0 ? total / (channels * fanIn) : 0,
    channelOnes: { mean: fSum / n, min: channels ? fMin : 0, max: channels ? fMax : 0 },
    entropy: { mean: hSum / n, min: channels ? hMin : 0 },
  };
}

/** Bins of the latent histogram. */
export const HISTOGRAM_BINS = 24;

/** Statistics of latent float weights. */
export interface LatentStats {
  count: number;
  mean: number;
  std: number;
  /** Excess kurtosis: 0 for a Gaussian, 3 for a Laplacian; larger = more mass at zero and in the tails. */
  excessKurtosis: number;
  /** Laplace(μ, b) maximum-likelihood fit: μ = median, b = mean |w − μ|. */
  laplace: { mu: number; b: number };
  /** Kolmogorov–Smirnov distance (max |empirical CDF − model CDF|) of the Laplace fit and of a Gaussian with the same mean and std. */
  ks: { laplace: number; gaussian: number };
  /** Equal-width bins over [lo, hi]; counts sum to `count`. */
  histogram: { lo: number; hi: number; counts: number[] };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7: ample for a KS distance). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

function laplaceCdf(x: number, mu: number, b: number): number {
  if (b <= 0) return x < mu ? 0 : 1;
  return x < mu ? 0.5 * Math.exp((x - mu) / b) : 1 - 0.5 * Math.exp(-(x - mu) / b);
}

/** KS distance of sorted samples against a CDF (both sides of each step). */
function ksDistance(sorted: Float64Array, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}

/** Latent statistics of a float tensor; null when it is empty. */
export function latentStats(w: ArrayLike<number>): LatentStats | null {
  const n = w.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(w as ArrayLike<number>).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i]! - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m4 /= n;
  const std = Math.sqrt(m2);
  const mu = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  let dev = 0;
  for (let i = 0; i < n; i++) dev += Math.abs(sorted[i]! - mu);
  const b = dev / n;
  const lo = sorted[0]!;
  const hi = sorted[n - 1]!;
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = (hi - lo) / HISTOGRAM_BINS;
  for (let i = 0; i < n; i++) {
    const k = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((sorted[i]! - lo) / width)) : Math.floor(HISTOGRAM_BINS / 2);
    counts[k]!++;
  }
  return {
    count: n,
    mean,
    std,
    excessKurtosis: m2 > 0 ? m4 / (m2 * m2) - 3 : 0,
    laplace: { mu, b },
    ks: {
      laplace: ksDistance(sorted, (x) => laplaceCdf(x, mu, b)),
      gaussian: ksDistance(sorted, (x) => (std > 0 ? normalCdf((x - mean) / std) : x < mean ? 0 : 1)),
    },
    histogram: { lo, hi, counts },
  };
}

/** One weighted layer of a model: its bits (binarized with the layer's rule when latent) and its latent statistics. */
export interface LayerWeightStats {
  /** Index in the model's `layers`. */
  index: number;
  name: string | null;
  type: 'dense' | 'conv2d';
  /** The rule that made the bits, or null when the model stores bits. */
  rule: string | null;
  bits: BitStats;
  latent: LatentStats | null;
}

/**
 * Weight statistics of every dense and conv layer of `model`, as given (a
 * float layer is binarized here by the `binarize-weights` pass's own
 * function, so the bits are the ones the design gets).
 */
export function modelWeightStats(model: Model): LayerWeightStats[] {
  const out: LayerWeightStats[] = [];
  model.layers.forEach((l, index) => {
    if (l.type !== 'dense' && l.type !== 'conv2d') return;
    // The binarize pass itself, on the layer's dense view, gives the bits the design gets.
    const bits = binarizeDense(l.type === 'dense' ? l : convAsDense(l), index).layer;
    out.push({
      index,
      name: l.name ?? null,
      type: l.type,
      rule: l.weight.format === 'float' ? l.binarize : null,
      bits: bitStats(bits.weight.data, bits.out, bits.in),
      latent: l.weight.format === 'float' ? latentStats(l.weight.data) : null,
    });
  });
  return out;
}
