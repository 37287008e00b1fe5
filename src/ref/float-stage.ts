/**
 * The per-stage float64 computations of reference (a), shared by the
 * plain-network path (float-ref.ts) and the residual path
 * (residual-float.ts): weight values b (`and`) or 2b−1 (`xnor`), direct
 * convolution over [c][h][w] activations (padded taps = the pad value),
 * max-pooling, and the ±1 activation from sign (0 → +1) of the float
 * affine or from a `threshold` layer applied to q recovered from s.
 */
import type { ThresholdChannel } from '../ir/model.js';
import type { StageLayers } from '../passes/stage-structure.js';
import { affineValue } from './predict.js';

export interface FloatStage {
  sl: StageLayers;
  n: number;
  out: number;
  /** Weight values as numbers, `[out][n]` (conv: `[out][inC][kh][kw]`). */
  w: Float64Array;
  /** Ones per channel (for q from s under bipolar `and`). */
  ones: Float64Array;
}

export function prepare(sl: StageLayers): FloatStage {
  const { dense } = sl;
  if (dense.weight.format !== 'bits') throw new Error('internal: binarize-weights left float weights');
  const bits = dense.weight.data;
  const w = new Float64Array(bits.length);
  const ones = new Float64Array(dense.out);
  for (let i = 0; i < bits.length; i++) {
    w[i] = dense.semantics === 'and' ? bits[i]! : 2 * bits[i]! - 1;
    ones[Math.floor(i / dense.in)]! += bits[i]!;
  }
  return { sl, n: dense.in, out: dense.out, w, ones };
}

/** The accumulator q from the signed dot product s (inverse of scoreFromAcc). */
export function accFromScore(st: FloatStage, c: number, s: number): number {
  if (st.sl.input.kind === 'uint') return s;
  return st.sl.dense.semantics === 'and' ? (s + st.ones[c]!) / 2 : (s + st.n) / 2;
}

/** s·α + bias (the conv/dense output before any batchnorm), left out parts absent. */
function preBn(st: FloatStage, c: number, s: number): number {
  const { alpha, bias } = st.sl.dense;
  let v = alpha instanceof Float64Array ? s * alpha[c]! : s;
  if (bias) v = v + bias[c]!;
  return v;
}

/** The batchnorm on v (identity without one); preBn then this is affineValue. */
function bnOf(st: FloatStage, c: number, v: number): number {
  const bn = st.sl.batchnorm;
  if (!bn) return v;
  return (bn.gamma[c]! * (v - bn.mean[c]!)) / Math.sqrt(bn.var[c]! + bn.eps) + bn.beta[c]!;
}

/** The ±1 activation of channel c for dot product s (no pooling in between). */
export function activate(st: FloatStage, c: number, s: number, probe?: SignProbe): number {
  const act = st.sl.activation;
  if (act.kind === 'sign') {
    const { alpha, bias } = st.sl.dense;
    const v = affineValue(s, c, alpha as Float64Array | null, bias, st.sl.batchnorm);
    if (probe && v === 0) probe.zero = true;
    return v >= 0 ? 1 : -1;
  }
  if (act.kind !== 'threshold') throw new Error('internal: hidden stage without activation');
  return applyChannel(act.layer.channels[c]!, accFromScore(st, c, s));
}

/** Set when a `sign` activation saw exactly 0 (see {@link signZeroRows}). */
export interface SignProbe {
  zero: boolean;
}

function applyChannel(ch: ThresholdChannel, q: number): number {
  return ch.kind === 'const' ? ch.value : (ch.kind === 'ge' ? q >= ch.t : q <= ch.t) ? 1 : -1;
}

/**
 * Direct convolution in float64: s[c][oy][ox] = Σ w[c][ci][ky][kx]·a[ci][iy][ix]
 * with iy = oy·sh − ph + ky, ix = ox·sw − pw + kx; a tap outside the image
 * is the pad value (0 adds nothing, ±1 for bipolar inputs).
 */
export function convolve(st: FloatStage, a: Float64Array): Float64Array {
  const { layer, inShape, convShape } = st.sl.conv!;
  const [cin, h, w] = inShape;
  const [cout, oh, ow] = convShape;
  const [kh, kw] = layer.kernel;
  const [sh, sw] = layer.stride;
  const [ph, pw] = layer.padding;
  const pad = layer.padValue;
  const s = new Float64Array(cout * oh * ow);
  for (let c = 0; c < cout; c++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let acc = 0;
        for (let ci = 0; ci < cin; ci++) {
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * sh - ph + ky;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * sw - pw + kx;
              const x = iy < 0 || iy >= h || ix < 0 || ix >= w ? pad : a[(ci * h + iy) * w + ix]!;
              acc += st.w[((c * cin + ci) * kh + ky) * kw + kx]! * x;
            }
          }
        }
        s[(c * oh + oy) * ow + ox] = acc;
      }
    }
  }
  return s;
}

/** Max over [kh, kw] windows of a [c][h][w] tensor (floor mode, no padding). */
function maxPool(x: Float64Array, shape: readonly number[], kernel: readonly number[], stride: readonly number[], outShape: readonly number[]): Float64Array {
  const [c, h, w] = shape as [number, number, number];
  const [, oh, ow] = outShape as [number, number, number];
  const y = new Float64Array(c * oh * ow);
  for (let k = 0; k < c; k++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let m = -Infinity;
        for (let dy = 0; dy < kernel[0]!; dy++) {
          for (let dx = 0; dx < kernel[1]!; dx++) {
            const v = x[(k * h + oy * stride[0]! + dy) * w + ox * stride[1]! + dx]!;
            if (v > m) m = v;
          }
        }
        y[(k * oh + oy) * ow + ox] = m;
      }
    }
  }
  return y;
}

/**
 * One conv stage on a [c][h][w] input, as PyTorch computes it: conv, then
 * for a maxpool before the activation the pooled value is the conv output
 * s·α + bias (sign) or the accumulator q (threshold: the threshold compares
 * the pooled q), then batchnorm and sign; a maxpool after the activation
 * takes the max of ±1 values.
 */
export function convStage(st: FloatStage, a: Float64Array, probe?: SignProbe): Float64Array {
  const conv = st.sl.conv!;
  const s = convolve(st, a);
  const [cout, oh, ow] = conv.convShape;
  const plane = oh * ow;
  const act = st.sl.activation;
  if (conv.pool?.position === 'pre') {
    const v = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = Math.floor(i / plane);
      v[i] = act.kind === 'sign' ? preBn(st, c, s[i]!) : accFromScore(st, c, s[i]!);
    }
    const pooled = maxPool(v, conv.convShape, conv.pool.layer.kernel, conv.pool.layer.stride, conv.outShape);
    const outPlane = conv.outShape[1] * conv.outShape[2];
    const y = new Float64Array(pooled.length);
    for (let i = 0; i < pooled.length; i++) {
      const c = Math.floor(i / outPlane);
      if (act.kind === 'sign') {
        const v = bnOf(st, c, pooled[i]!);
        if (probe && v === 0) probe.zero = true;
        y[i] = v >= 0 ? 1 : -1;
      }
      else if (act.kind === 'threshold') y[i] = applyChannel(act.layer.channels[c]!, pooled[i]!);
    }
    return y;
  }
  const y = new Float64Array(cout * plane);
  for (let i = 0; i < s.length; i++) y[i] = activate(st, Math.floor(i / plane), s[i]!, probe);
  if (!conv.pool) return y;
  return maxPool(y, conv.convShape, conv.pool.layer.kernel, conv.pool.layer.stride, conv.outShape);
}

