/**
 * Reference (a): float64 inference straight from the model, after
 * binarize-weights only. Weight values are b (`and`) or 2b−1 (`xnor`);
 * hidden activations are ±1 from sign (0 → +1) of the float affine, or from
 * a `threshold` layer applied to the accumulator q recovered from s; uint
 * first-layer inputs enter as their integer values. Conv stages are computed
 * by direct convolution over [c][h][w] activations (C order, as the
 * flatten that follows them), with max-pooling where the model puts it.
 * The per-stage computations are in float-stage.ts; residual networks run
 * through residual-float.ts (docs/numerics.md §12).
 */
import { hasResidual, type Model } from '../ir/model.js';
import { binarizeWeights } from '../passes/binarize-weights.js';
import { splitStages } from '../passes/stage-structure.js';
import { checkBatch, type InferenceResult, type InputBatch } from './batch.js';
import { activate, convStage, prepare, type FloatStage, type SignProbe } from './float-stage.js';
import { predict } from './predict.js';
import { inferFloatResidual } from './residual-float.js';

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

