/**
 * Reference (a) of a residual network (docs/numerics.md §12): the float64
 * model of the stream, z = v(s) + shortcut(z), with, per stream element, a
 * bound on its distance to the integer stream of the integer reference
 * (src/ref/residual-ref.ts), and the rows on which some stream decision
 * lies within that bound.
 */
import { jsonPathJoin } from '../diagnostics.js';
import type { Model, Shortcut } from '../ir/model.js';
import { binarizeWeights } from '../passes/binarize-weights.js';
import { splitSegments } from '../passes/stage-structure.js';
import { streamAffine } from '../passes/stream-affine.js';
import { checkBatch, type InferenceResult, type InputBatch } from './batch.js';
import { activate, convolve, convStage, prepare, type FloatStage } from './float-stage.js';
import { affineValue, predict } from './predict.js';

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
