/**
 * Reference (a): float64 inference straight from the model, after
 * binarize-weights only. Weight values are b (`and`) or 2b−1 (`xnor`);
 * hidden activations are ±1 from sign (0 → +1) of the float affine, or from
 * a `threshold` layer applied to the accumulator q recovered from s; uint
 * first-layer inputs enter as their integer values. Conv stages are computed
 * by direct convolution over [c][h][w] activations (C order, as the
 * flatten that follows them), with max-pooling where the model puts it.
 */
import { hasResidual, type Model, type Shortcut, type ThresholdChannel } from '../ir/model.js';
import { jsonPathJoin } from '../diagnostics.js';
import { binarizeWeights } from '../passes/binarize-weights.js';
import { streamAffine } from '../passes/stream-affine.js';
import { splitSegments, splitStages, type StageLayers } from '../passes/stage-structure.js';
import { checkBatch, type InferenceResult, type InputBatch } from './batch.js';
import { affineValue, predict } from './predict.js';

interface FloatStage {
  sl: StageLayers;
  n: number;
  out: number;
  /** Weight values as numbers, `[out][n]` (conv: `[out][inC][kh][kw]`). */
  w: Float64Array;
  /** Ones per channel (for q from s under bipolar `and`). */
  ones: Float64Array;
}

function prepare(sl: StageLayers): FloatStage {
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
function accFromScore(st: FloatStage, c: number, s: number): number {
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
function activate(st: FloatStage, c: number, s: number, probe?: SignProbe): number {
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
interface SignProbe {
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
function convolve(st: FloatStage, a: Float64Array): Float64Array {
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
function convStage(st: FloatStage, a: Float64Array, probe?: SignProbe): Float64Array {
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

/** Run one input through the stages; returns the last stage's s values. */
function forward(stages: FloatStage[], x: Float64Array, probe?: SignProbe): Float64Array {
  let a = x;
  for (const st of stages) {
    if (st.sl.conv) {
      a = convStage(st, a, probe);
      continue;
    }
    const s = new Float64Array(st.out);
    for (let c = 0; c < st.out; c++) {
      let acc = 0;
      const base = c * st.n;
      for (let i = 0; i < st.n; i++) acc += st.w[base + i]! * a[i]!;
      s[c] = acc;
    }
    if (st.sl.activation.kind === 'none') return s;
    const next = new Float64Array(st.out);
    for (let c = 0; c < st.out; c++) next[c] = activate(st, c, s[c]!, probe);
    a = next;
  }
  throw new Error('internal: model has no final stage');
}

/**
 * Float64 reference inference of `model` (any valid model: float or bit
 * weights, folded or not) on `inputs`.
 * @throws UserError for an invalid model or out-of-range inputs.
 */
export function inferFloat(model: Model, inputs: InputBatch): InferenceResult {
  if (hasResidual(model)) return inferFloatResidual(model, inputs);
  const binarized = binarizeWeights.run(model, {}).model;
  const parts = splitStages(binarized);
  checkBatch(binarized.input, inputs);
  const stages = parts.map(prepare);
  const last = parts[parts.length - 1]!;
  const classes = last.dense.out;
  const scores = new Float64Array(inputs.count * classes);
  const x = new Float64Array(inputs.width);
  for (let r = 0; r < inputs.count; r++) {
    for (let i = 0; i < inputs.width; i++) x[i] = inputs.data[r * inputs.width + i]!;
    const s = forward(stages, x);
    for (let c = 0; c < classes; c++) {
      if (!Number.isInteger(s[c]!)) throw new Error(`internal: score ${s[c]} is not an integer`);
      scores[r * classes + c] = s[c]!;
    }
  }
  const bn = last.batchnorm;
  const head = {
    alpha: last.dense.alpha as Float64Array | null,
    bias: last.dense.bias,
    batchnorm: bn ? { gamma: bn.gamma, beta: bn.beta, mean: bn.mean, var: bn.var, eps: bn.eps } : null,
  };
  return { count: inputs.count, classes, scores, ...predict(head, scores, classes) };
}

/**
 * The rows of `inputs` on which some `sign` activation of `model` sees a
 * value of exactly 0: siman-hw's sign gives +1 there, ONNX's Sign gives 0,
 * so a network imported from ONNX may predict differently on them
 * (docs/onnx-import.md). Folded `threshold` layers are not examined.
 */
export function signZeroRows(model: Model, inputs: InputBatch): number[] {
  const binarized = binarizeWeights.run(model, {}).model;
  const stages = splitStages(binarized).map(prepare);
  checkBatch(binarized.input, inputs);
  const rows: number[] = [];
  const x = new Float64Array(inputs.width);
  for (let r = 0; r < inputs.count; r++) {
    for (let i = 0; i < inputs.width; i++) x[i] = inputs.data[r * inputs.width + i]!;
    const probe: SignProbe = { zero: false };
    forward(stages, x, probe);
    if (probe.zero) rows.push(r);
  }
  return rows;
}

/** Unit roundoff of float64. */
const U = 2 ** -53;

/**
 * A real-valued stream tensor of the float model, with, per element, a
 * bound on its distance to the integer stream Z·2^-F (docs/numerics.md §12).
 */
interface FloatStream {
  z: Float64Array;
  err: Float64Array;
}

/**
 * Per channel, how far the integer affine is from the float g·s + h it
 * was rounded from, in units of 2^-F: |A − 2^F·g| and |B − 2^F·h| (both
 * exact in float64: A is within 1/2 of 2^F·g).
 */
interface AffineSlack {
  fracBits: number;
  da: Float64Array;
  db: Float64Array;
}

function affineSlack(st: FloatStage, fracBits: number): AffineSlack {
  const d = st.sl.dense;
  const f = streamAffine(d.out, d.alpha as Float64Array | null, d.bias, st.sl.batchnorm, fracBits, () => jsonPathJoin('layers', st.sl.denseIndex));
  const scale = 2 ** fracBits;
  const da = new Float64Array(d.out);
  const db = new Float64Array(d.out);
  for (let c = 0; c < d.out; c++) {
    da[c] = Math.abs(f.a[c]! - f.g[c]! * scale);
    db[c] = Math.abs(f.b[c]! - f.h[c]! * scale);
  }
  return { fracBits, da, db };
}

/**
 * A stream conv's float output v(s) (the §3 expression, no sign) at every
 * position, and the bound on |2^-F·(A·s + B) − v(s)|: the rounding of A
 * and B, 2^-F·(|A − 2^F·g|·|s| + |B − 2^F·h|), plus 32u times the
 * magnitude the float expressions work on (v(s) and g·s + h each carry a
 * few roundings relative to it). The bound is 0 only where both are exact.
 */
function streamTerm(st: FloatStage, a: Float64Array, slack: AffineSlack): FloatStream {
  const s = convolve(st, a);
  const { alpha, bias } = st.sl.dense;
  const al = alpha as Float64Array | null;
  const bn = st.sl.batchnorm;
  const plane = st.sl.conv!.convShape[1] * st.sl.conv!.convShape[2];
  const z = new Float64Array(s.length);
  const err = new Float64Array(s.length);
  const q = 2 ** -slack.fracBits;
  for (let i = 0; i < s.length; i++) {
    const c = Math.floor(i / plane);
    const si = s[i]!;
    z[i] = affineValue(si, c, al, bias, bn);
    const affine = q * (slack.da[c]! * Math.abs(si) + slack.db[c]!);
    if (bn) {
      const pre = Math.abs(si * (al ? al[c]! : 1)) + (bias ? Math.abs(bias[c]!) : 0);
      const mag = (Math.abs(bn.gamma[c]!) * (pre + Math.abs(bn.mean[c]!))) / Math.sqrt(bn.var[c]! + bn.eps) + Math.abs(bn.beta[c]!);
      err[i] = affine + 32 * U * mag;
    } else {
      // Without a batchnorm g = α and h = bias exactly: v(s) = fl(fl(s·α) + bias) rounds
      // only in its two operations, whose errors are computed exactly (0 when exact).
      const p = al ? si * al[c]! : si;
      const ep = al ? productError(si, al[c]!, p) : 0;
      const es = bias ? sumError(p, bias[c]!, z[i]!) : 0;
      err[i] = affine + Math.abs(ep) + Math.abs(es);
    }
  }
  return { z, err };
}

/** a + b − fl(a + b), exactly (Knuth's TwoSum; `s` = fl(a + b)). */
function sumError(a: number, b: number, s: number): number {
  const bv = s - a;
  const av = s - bv;
  return a - av + (b - bv);
}

/** Split of a float64 into two 26-bit halves (Veltkamp). */
function split(a: number): [number, number] {
  const t = 134217729 * a; // 2^27 + 1
  const hi = t - (t - a);
  return [hi, a - hi];
}

/** a·b − fl(a·b), exactly (Dekker's TwoProduct; `p` = fl(a·b), no overflow). */
function productError(a: number, b: number, p: number): number {
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return al * bl - (p - ah * bh - al * bh - ah * bl);
}

/** Option A / identity on the float stream (zero channels are exact zeros, bound 0). */
function shortcutOf(sc: Shortcut, x: FloatStream, inShape: readonly number[], outShape: readonly number[]): FloatStream {
  if (sc.kind === 'identity') return x;
  const [cin, h, w] = inShape as [number, number, number];
  const [cout, oh, ow] = outShape as [number, number, number];
  const z = new Float64Array(cout * oh * ow);
  const err = new Float64Array(cout * oh * ow);
  for (let c = 0; c < cin; c++) {
    for (let y = 0; y < oh; y++) {
      for (let xx = 0; xx < ow; xx++) {
        const from = (c * h + y * sc.stride[0]) * w + xx * sc.stride[1];
        const to = ((c + sc.padChannels[0]) * oh + y) * ow + xx;
        z[to] = x.z[from]!;
        err[to] = x.err[from]!;
      }
    }
  }
  return { z, err };
}

/** sign of the stream as ±1 values; sets `probe.ambiguous` when some |z| is within its bound. */
function streamSign(x: FloatStream, probe: { ambiguous: boolean }): Float64Array {
  const a = new Float64Array(x.z.length);
  for (let i = 0; i < a.length; i++) {
    const v = x.z[i]!;
    // |Z·2^-F − z| ≤ e: the integer decision Z ≥ 0 can differ only if z ≥ 0 and z < e, or z < 0 and −z ≤ e.
    // The bound is computed in float64 itself: a 1e-6 relative margin covers its own rounding.
    const e = x.err[i]! * (1 + 1e-6);
    if (v >= 0 ? v < e : -v <= e) probe.ambiguous = true;
    a[i] = v >= 0 ? 1 : -1;
  }
  return a;
}

type FloatSegment =
  | { kind: 'stage'; st: FloatStage }
  | { kind: 'stream'; stem: FloatStage; stemSlack: AffineSlack; blocks: Array<{ inner: FloatStage[]; last: FloatStage; slack: AffineSlack; shortcut: Shortcut; inShape: number[]; outShape: number[] }> };

/**
 * Float64 reference of a residual model (reference a, docs/numerics.md
 * §12): the stream is real-valued, z = v(s) + shortcut(z) in float64 with
 * v the §3 expression of each stream conv; its decisions are sign(z)
 * (0 → +1). `ambiguousRows` lists the rows on which some stream decision
 * has |z| within the bound of its distance to the integer stream: only
 * there may the integer reference (src/ref/residual-ref.ts) decide
 * differently.
 */
export function inferFloatResidual(model: Model, inputs: InputBatch): InferenceResult & { ambiguousRows: number[] } {
  const binarized = binarizeWeights.run(model, {}).model;
  checkBatch(binarized.input, inputs);
  const segs: FloatSegment[] = splitSegments(binarized).map((sg): FloatSegment => {
    if (sg.kind === 'stage') return { kind: 'stage', st: prepare(sg.stage) };
    const { stem, blocks, fracBits } = sg.stream;
    const st = prepare(stem);
    return {
      kind: 'stream',
      stem: st,
      stemSlack: affineSlack(st, fracBits),
      blocks: blocks.map((b) => {
        const last = prepare(b.last);
        return { inner: b.inner.map(prepare), last, slack: affineSlack(last, fracBits), shortcut: b.layer.shortcut, inShape: b.inShape, outShape: b.outShape };
      }),
    };
  });
  const lastSeg = segs[segs.length - 1]!;
  if (lastSeg.kind !== 'stage') throw new Error('internal: model ends in a stream');
  const last = lastSeg.st.sl;
  const classes = last.dense.out;
  const scores = new Float64Array(inputs.count * classes);
  const ambiguousRows: number[] = [];
  for (let r = 0; r < inputs.count; r++) {
    let a: Float64Array = Float64Array.from(inputs.data.subarray(r * inputs.width, (r + 1) * inputs.width));
    const probe = { ambiguous: false };
    let s: Float64Array | null = null;
    for (const sg of segs) {
      if (sg.kind === 'stream') {
        let x = streamTerm(sg.stem, a, sg.stemSlack);
        for (const b of sg.blocks) {
          let bits = streamSign(x, probe);
          for (const st of b.inner) bits = convStage(st, bits);
          const t = streamTerm(b.last, bits, b.slack);
          const p = shortcutOf(b.shortcut, x, b.inShape, b.outShape);
          for (let i = 0; i < t.z.length; i++) {
            const sum = t.z[i]! + p.z[i]!;
            // The float add rounds once; its error is computed exactly (0 when the add is exact).
            t.err[i] = t.err[i]! + p.err[i]! + Math.abs(sumError(t.z[i]!, p.z[i]!, sum));
            t.z[i] = sum;
          }
          x = t;
        }
        a = streamSign(x, probe);
        continue;
      }
      const st = sg.st;
      if (st.sl.conv) {
        a = convStage(st, a);
        continue;
      }
      const out = new Float64Array(st.out);
      for (let c = 0; c < st.out; c++) {
        let acc = 0;
        for (let i = 0; i < st.n; i++) acc += st.w[c * st.n + i]! * a[i]!;
        out[c] = acc;
      }
      if (st.sl.activation.kind === 'none') {
        s = out;
        break;
      }
      for (let c = 0; c < st.out; c++) out[c] = activate(st, c, out[c]!);
      a = out;
    }
    if (!s) throw new Error('internal: model has no final stage');
    scores.set(s, r * classes);
    if (probe.ambiguous) ambiguousRows.push(r);
  }
  const bn = last.batchnorm;
  const head = {
    alpha: last.dense.alpha as Float64Array | null,
    bias: last.dense.bias,
    batchnorm: bn ? { gamma: bn.gamma, beta: bn.beta, mean: bn.mean, var: bn.var, eps: bn.eps } : null,
  };
  return { count: inputs.count, classes, scores, ...predict(head, scores, classes), ambiguousRows };
}
