/**
 * Semantic checks on a structurally valid model (after schema.ts and after
 * its tensors were read): shapes chain from the input through every dense
 * layer, per-channel arrays match their layer, numbers are finite and in
 * range, and the layer sequence is one the hardware can build. Every
 * problem is reported (up to the sink's cap) with its own location.
 */
import { diag, type Diagnostic, type Location } from '../diagnostics.js';
import { formatJsonPath, type JsonSource, type PathSegments } from './json-source.js';
import type { RawLayer, RawModel } from './schema.js';
import type { DiagnosticSink } from './sink.js';
import type { Tensor } from './tensors.js';

/** Tensors of a model keyed by the formatted JSON path of their field (`layers[0].weight`). */
export type TensorTable = Map<string, Tensor>;

/**
 * Bound on fan-in × largest input value of a dense layer (2^49). Under it
 * every accumulator q and score s has |q|, |s| ≤ 2·fan-in·M ≤ 2^50, so it is
 * an exact float64 integer in the references and the simulator, and every
 * register width stays ≤ 52 bits (docs/numerics.md §8).
 */
export const MAX_FANIN_SUM = 2 ** 49;

/** At most this many element-level problems are reported per tensor. */
const MAX_PER_TENSOR = 3;

interface Ctx {
  src: JsonSource;
  sink: DiagnosticSink;
  tensors: TensorTable;
}

/**
 * Check `model` (whose tensors are in `tensors`) and record every problem
 * in `sink`: `E_SHAPE` (sizes), `E_VALUE` (numbers), `E_STRUCTURE` (layer
 * sequence), `E_UNSUPPORTED` (image inputs).
 */
export function validateModel(model: RawModel, tensors: TensorTable, src: JsonSource, sink: DiagnosticSink): void {
  const ctx: Ctx = { src, sink, tensors };
  const shape = model.input.shape;
  let width: number | undefined;
  if (shape.length === 3) {
    sink.add(diag('E_UNSUPPORTED', `image inputs [c, h, w] = [${shape.join(', ')}] are not supported yet`, src.where(['input', 'shape']), { hint: 'flatten the input to [c*h*w] for a dense network' }));
  } else if (shape.length !== 1) {
    sink.add(diag('E_SHAPE', `input.shape must be [n] (vectors) or [c, h, w] (images), got [${shape.join(', ')}]`, src.where(['input', 'shape'])));
  } else width = shape[0];

  checkSequence(model.layers, ctx);

  let prevOut = width; // features entering the next dense (undefined: unknown)
  let channels: number | undefined; // outputs of the most recent dense
  model.layers.forEach((layer, i) => {
    if (sink.full) return;
    const lp: PathSegments = ['layers', i];
    switch (layer.type) {
      case 'dense': {
        if (prevOut !== undefined && layer.in !== prevOut) {
          const what = channels === undefined ? `the input has ${prevOut} elements` : `the previous dense layer has ${prevOut} outputs`;
          sink.add(diag('E_SHAPE', `dense "in" is ${layer.in}, but ${what}`, src.where([...lp, 'in'])));
        }
        const maxIn = channels === undefined && model.input.encoding === 'uint' && model.input.bits !== undefined ? 2 ** model.input.bits - 1 : 1;
        if (layer.in * maxIn > MAX_FANIN_SUM) {
          sink.add(diag('E_VALUE', `dense "in" is ${layer.in}: fan-in × largest input (${maxIn}) exceeds 2^49, beyond exact integer scores`, src.where([...lp, 'in']), {
            hint: 'split the layer; scores must stay exact float64 integers (docs/numerics.md)',
          }));
        }
        checkMatrix(ctx, [...lp, 'weight'], layer.out, layer.in);
        const w = tensorAt(ctx, [...lp, 'weight']);
        if (w && shapeOk(w, [layer.out, layer.in])) {
          if (layer.weightFormat === 'bits') {
            checkElements(ctx, w, (x) => (x === 0 || x === 1 ? null : `bits weight is ${x}; expected 0 or 1`), {
              hint: 'weightFormat "bits" holds binarized weights (0/1); use weightFormat "float" for latent float weights',
            });
          } else checkFinite(ctx, w);
        }
        checkVector(ctx, [...lp, 'bias'], layer.out, 'outputs');
        checkVector(ctx, [...lp, 'alpha'], layer.out, 'outputs', (x) => (x < 0 ? `alpha is ${x}; it must be >= 0` : null), {
          hint: 'alpha is a per-channel magnitude (mean |w|); fold a negative sign into the following batchnorm gamma instead',
        });
        prevOut = layer.out;
        channels = layer.out;
        break;
      }
      case 'batchnorm': {
        for (const f of ['gamma', 'beta', 'mean'] as const) checkVector(ctx, [...lp, f], channels, 'channels');
        checkVector(ctx, [...lp, 'var'], channels, 'channels', (x) => (x < 0 ? `variance is ${x}; it must be >= 0` : null), {
          hint: 'store the running variance (not the standard deviation or its log)',
        });
        if (!Number.isFinite(layer.eps)) sink.add(diag('E_VALUE', `eps ${layer.eps} is not finite`, src.where([...lp, 'eps'])));
        else if (!(layer.eps > 0)) sink.add(diag('E_VALUE', `eps is ${layer.eps}; it must be > 0`, src.where([...lp, 'eps']), { hint: 'PyTorch BatchNorm uses eps = 1e-5' }));
        break;
      }
      case 'threshold': {
        checkVector(ctx, [...lp, 'thresholds'], channels, 'channels', (x) => (Number.isSafeInteger(x) ? null : `threshold ${x} is not an integer`), {
          hint: 'thresholds compare with the integer accumulator q; round up for "ge" (q >= ceil(t)) and down for "le"',
        });
        if (channels !== undefined) {
          if (layer.direction.length !== channels) sink.add(lengthDiag(src, [...lp, 'direction'], layer.direction.length, channels, 'channels'));
          if (layer.constant && layer.constant.length !== channels) sink.add(lengthDiag(src, [...lp, 'constant'], layer.constant.length, channels, 'channels'));
        }
        break;
      }
      case 'sign':
        break;
    }
  });
}

/** The layer sequence: (dense (batchnorm? sign | threshold))* dense batchnorm? */
function checkSequence(layers: RawLayer[], { src, sink }: Ctx): void {
  const at = (i: number): Location => src.where(['layers', i]);
  const t = (i: number) => layers[i]?.type;
  if (layers.length === 0) {
    sink.add(diag('E_STRUCTURE', 'the model has no layers', src.where(['layers']), { hint: 'a network is at least one dense layer' }));
    return;
  }
  if (t(0) !== 'dense') {
    sink.add(diag('E_STRUCTURE', `the network must start with a dense layer, not ${t(0)}`, at(0), { hint: 'the input feeds a dense layer; activations (sign/threshold) and batchnorm follow one' }));
  }
  const endHint = "the last dense layer's outputs are the class scores: remove the final sign/threshold (a final batchnorm is fine: it is applied on the host before the argmax)";
  let i = 0;
  while (i < layers.length && !sink.full) {
    if (t(i) !== 'dense') {
      // Resynchronise on the next dense; report a stray layer once (the first one was reported above).
      if (i > 0) {
        sink.add(diag('E_STRUCTURE', `${t(i)} at layers[${i}] does not follow a dense layer`, at(i), { hint: 'the sequence is dense, then batchnorm? + sign or threshold, then the next dense' }));
      }
      while (i < layers.length && t(i) !== 'dense') i++;
      continue;
    }
    const n1 = t(i + 1);
    if (n1 === undefined) return; // ends with dense
    if (n1 === 'dense') {
      sink.add(diag('E_STRUCTURE', `dense layers[${i}] is followed by dense layers[${i + 1}] with no activation between them`, at(i + 1), { hint: 'insert a sign (optionally after a batchnorm) or a threshold layer between them' }));
      i += 1;
      continue;
    }
    if (n1 === 'batchnorm') {
      const n2 = t(i + 2);
      if (n2 === undefined) return; // dense + batchnorm = class scores
      if (n2 === 'sign') {
        if (i + 3 >= layers.length) {
          sink.add(diag('E_STRUCTURE', 'the network ends in sign', at(i + 2), { hint: endHint }));
          return;
        }
        i += 3;
        continue;
      }
      sink.add(diag('E_STRUCTURE', `batchnorm at layers[${i + 1}] is followed by ${n2}; a hidden batchnorm must be followed by sign`, at(i + 2), { hint: 'hidden layers are dense, batchnorm, sign; only the last dense may end with a batchnorm alone' }));
      i += 2;
      continue;
    }
    // sign or threshold
    if (i + 2 >= layers.length) {
      sink.add(diag('E_STRUCTURE', `the network ends in ${n1}`, at(i + 1), { hint: endHint }));
      return;
    }
    i += 2;
  }
}

function tensorAt(ctx: Ctx, p: PathSegments): Tensor | undefined {
  return ctx.tensors.get(formatJsonPath(p));
}

function shapeOk(t: Tensor, want: number[]): boolean {
  if (t.rowLengths) return t.rowLengths.length === want[0] && t.rowLengths.every((n) => n === want[1]);
  return t.shape.length === want.length && t.shape.every((d, k) => d === want[k]);
}

function lengthDiag(src: JsonSource, p: PathSegments, got: number, want: number, what: string): Diagnostic {
  return diag('E_SHAPE', `expected ${want} entries (one per ${what.replace(/s$/, '')}), got ${got}`, src.where(p), {
    hint: `the previous dense layer has ${want} ${what}`,
  });
}

/** A weight matrix must be [out][in]. */
function checkMatrix(ctx: Ctx, p: PathSegments, out: number, fanIn: number): void {
  const t = tensorAt(ctx, p);
  if (!t) return;
  const { src, sink } = ctx;
  if (t.rowLengths) {
    if (t.rowLengths.length !== out) {
      sink.add(diag('E_SHAPE', `expected ${out} rows (out), got ${t.rowLengths.length}`, src.where(p), { hint: 'weight is [out][in], as PyTorch nn.Linear.weight' }));
    }
    let bad = 0;
    t.rowLengths.forEach((len, r) => {
      if (len !== fanIn && bad++ < MAX_PER_TENSOR) {
        sink.add(diag('E_SHAPE', `row ${r} has ${len} entries, expected ${fanIn} (in)`, src.where([...p, r])));
      }
    });
    if (bad > MAX_PER_TENSOR) sink.add(diag('E_SHAPE', `${bad - MAX_PER_TENSOR} more rows of the wrong length`, src.where(p)));
    return;
  }
  if (!shapeOk(t, [out, fanIn])) {
    sink.add(diag('E_SHAPE', `${t.npyFile} has shape (${t.shape.join(', ')}), expected (${out}, ${fanIn}) = (out, in)`, src.where(p), { hint: 'weight is [out][in], as PyTorch nn.Linear.weight' }));
  }
}

/** A per-channel vector of `want` entries (skipped when absent or `want` unknown). */
function checkVector(
  ctx: Ctx,
  p: PathSegments,
  want: number | undefined,
  what: string,
  extra?: (x: number) => string | null,
  extraOpts: { hint?: string } = {},
): void {
  const t = tensorAt(ctx, p);
  if (!t) return;
  if (want !== undefined) {
    if (t.npyFile !== undefined && t.shape.length !== 1) {
      ctx.sink.add(diag('E_SHAPE', `${t.npyFile} has shape (${t.shape.join(', ')}), expected (${want},)`, ctx.src.where(p)));
      return;
    }
    if (t.data.length !== want) {
      ctx.sink.add(lengthDiag(ctx.src, p, t.data.length, want, what));
      return;
    }
  }
  checkFinite(ctx, t);
  if (extra) checkElements(ctx, t, (x) => (Number.isFinite(x) ? extra(x) : null), extraOpts);
}

function checkFinite(ctx: Ctx, t: Tensor): void {
  const what = t.npyFile ? (x: number) => `${x} is not a finite number` : () => 'number is too large for float64 (reads as infinity)';
  checkElements(ctx, t, (x) => (Number.isFinite(x) ? null : what(x)), {
    ...(t.npyFile ? { hint: 'the npy file holds NaN or infinity: check the training run or the export' } : {}),
  });
}

/** Run `check` on every element; report the first few failures with their own locations. */
function checkElements(ctx: Ctx, t: Tensor, check: (x: number) => string | null, opts: { hint?: string }): void {
  let bad = 0;
  for (let k = 0; k < t.data.length; k++) {
    const msg = check(t.data[k]!);
    if (msg === null) continue;
    bad++;
    if (bad <= MAX_PER_TENSOR) ctx.sink.add(elementDiag(ctx, t, k, msg, opts.hint));
  }
  if (bad > MAX_PER_TENSOR) {
    ctx.sink.add(diag('E_VALUE', `${bad - MAX_PER_TENSOR} more bad values in this tensor`, ctx.src.where(t.path)));
  }
}

function elementDiag(ctx: Ctx, t: Tensor, k: number, msg: string, hint?: string): Diagnostic {
  const opts = hint ? { hint } : {};
  if (t.npyFile !== undefined) {
    const idx = unravel(k, t.shape);
    return diag('E_VALUE', `${t.npyFile} element [${idx.join(', ')}]: ${msg}`, { ...ctx.src.where(t.path), jsonPath: formatJsonPath([...t.path, ...idx]) }, opts);
  }
  if (t.rowLengths) {
    let r = 0;
    let c = k;
    while (c >= t.rowLengths[r]!) c -= t.rowLengths[r++]!;
    return diag('E_VALUE', msg, ctx.src.where([...t.path, r, c]), opts);
  }
  return diag('E_VALUE', msg, ctx.src.where([...t.path, k]), opts);
}

function unravel(k: number, shape: number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = k % shape[d]!;
    k = Math.floor(k / shape[d]!);
  }
  return idx;
}
