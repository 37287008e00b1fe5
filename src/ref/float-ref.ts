/**
 * Reference (a): float64 inference straight from the model, after
 * binarize-weights only. Weight values are b (`and`) or 2b−1 (`xnor`);
 * hidden activations are ±1 from sign (0 → +1) of the float affine, or from
 * a `threshold` layer applied to the accumulator q recovered from s; uint
 * first-layer inputs enter as their integer values.
 */
import type { Model } from '../ir/model.js';
import { binarizeWeights } from '../passes/binarize-weights.js';
import { splitStages, type StageLayers } from '../passes/stage-structure.js';
import { checkBatch, type InferenceResult, type InputBatch } from './batch.js';
import { affineValue, predict } from './predict.js';

interface FloatStage {
  sl: StageLayers;
  n: number;
  out: number;
  /** Weight values as numbers, `[out][n]`. */
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

/** Run one vector through the stages; returns the last stage's s values. */
function forward(stages: FloatStage[], x: Float64Array): Float64Array {
  let a = x;
  for (const st of stages) {
    const s = new Float64Array(st.out);
    for (let c = 0; c < st.out; c++) {
      let acc = 0;
      const base = c * st.n;
      for (let i = 0; i < st.n; i++) acc += st.w[base + i]! * a[i]!;
      s[c] = acc;
    }
    const act = st.sl.activation;
    if (act.kind === 'none') return s;
    const next = new Float64Array(st.out);
    for (let c = 0; c < st.out; c++) {
      if (act.kind === 'sign') {
        const { alpha, bias } = st.sl.dense;
        const y = affineValue(s[c]!, c, alpha as Float64Array | null, bias, st.sl.batchnorm);
        next[c] = y >= 0 ? 1 : -1;
      } else {
        const ch = act.layer.channels[c]!;
        const q = accFromScore(st, c, s[c]!);
        next[c] = ch.kind === 'const' ? ch.value : (ch.kind === 'ge' ? q >= ch.t : q <= ch.t) ? 1 : -1;
      }
    }
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
