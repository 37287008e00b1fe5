/**
 * The layer grammar shared by the passes and the references: a model is a
 * chain of stages, each
 *
 *     dense [batchnorm] (sign | end)      or      dense threshold
 *
 * where only the last stage may end without an activation (its outputs are
 * the class scores) and every other stage must end in one. This module
 * splits a model into stages and checks shapes and parameter values, so
 * every consumer sees the same diagnostics.
 */
import { fail, jsonPathJoin } from '../diagnostics.js';
import type { BatchNormLayer, DenseLayer, InputEncoding, Model, ThresholdLayer } from '../ir/model.js';
import { shapeSize } from '../ir/model.js';

/** How a stage's outputs are binarized. */
export type StageActivation =
  | { kind: 'sign'; index: number }
  | { kind: 'threshold'; index: number; layer: ThresholdLayer }
  | { kind: 'none' };

/** One stage of a model, with the indices of its layers in `model.layers`. */
export interface StageLayers {
  dense: DenseLayer;
  denseIndex: number;
  batchnorm: BatchNormLayer | null;
  batchnormIndex: number;
  activation: StageActivation;
  /** Encoding of the stage's input: the model input for stage 0, bipolar after. */
  input: InputEncoding;
}

const at = (li: number, key?: string, i?: number): string => {
  let p = jsonPathJoin('layers', li);
  if (key !== undefined) p = jsonPathJoin(p, key);
  if (i !== undefined) p = jsonPathJoin(p, i);
  return p;
};

function checkFinite(values: ArrayLike<number>, li: number, key: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) fail('E_VALUE', `${key} is not a finite number (${values[i]})`, { jsonPath: at(li, key, i) });
  }
}

function checkLength(values: { length: number }, expected: number, li: number, key: string): void {
  if (values.length !== expected) {
    fail('E_SHAPE', `${key} has ${values.length} entries, expected ${expected} (one per output channel)`, { jsonPath: at(li, key) });
  }
}

function checkDense(d: DenseLayer, li: number, fanIn: number): void {
  if (d.in !== fanIn) {
    fail('E_SHAPE', `dense layer expects ${d.in} inputs but receives ${fanIn}`, { jsonPath: at(li, 'in') });
  }
  if (!Number.isInteger(d.out) || d.out < 1 || !Number.isInteger(d.in) || d.in < 1) {
    fail('E_SHAPE', `dense layer must have in >= 1 and out >= 1 (got ${d.in} -> ${d.out})`, { jsonPath: at(li) });
  }
  if (d.alpha instanceof Float64Array) {
    checkLength(d.alpha, d.out, li, 'alpha');
    checkFinite(d.alpha, li, 'alpha');
  }
  if (d.bias) {
    checkLength(d.bias, d.out, li, 'bias');
    checkFinite(d.bias, li, 'bias');
  }
}

function checkBatchnorm(bn: BatchNormLayer, li: number, out: number): void {
  for (const key of ['gamma', 'beta', 'mean', 'var'] as const) {
    checkLength(bn[key], out, li, key);
    checkFinite(bn[key], li, key);
  }
  if (!Number.isFinite(bn.eps) || bn.eps < 0) fail('E_VALUE', `eps must be a finite number >= 0 (got ${bn.eps})`, { jsonPath: at(li, 'eps') });
  for (let c = 0; c < out; c++) {
    if (bn.var[c]! < 0) fail('E_VALUE', `variance must be >= 0 (got ${bn.var[c]})`, { jsonPath: at(li, 'var', c) });
    if (!(Math.sqrt(bn.var[c]! + bn.eps) > 0)) {
      fail('E_VALUE', 'var + eps is 0: the batchnorm divides by zero', { jsonPath: at(li, 'var', c) }, { hint: 'use eps > 0' });
    }
  }
}

function checkThreshold(t: ThresholdLayer, li: number, out: number): void {
  checkLength(t.channels, out, li, 'thresholds');
  t.channels.forEach((ch, c) => {
    if (ch.kind !== 'const' && !Number.isSafeInteger(ch.t)) {
      fail('E_VALUE', `threshold must be an integer (got ${ch.t})`, { jsonPath: at(li, 'thresholds', c) });
    }
  });
}

/**
 * Split `model` into stages (see the module comment), validating the layer
 * sequence, the shapes and the parameter values.
 * @throws UserError E_STRUCTURE / E_SHAPE / E_VALUE
 */
export function splitStages(model: Model): StageLayers[] {
  const layers = model.layers;
  const stages: StageLayers[] = [];
  let fanIn = shapeSize(model.input.shape);
  let input: InputEncoding = model.input.encoding;
  let i = 0;
  if (layers.length === 0) fail('E_STRUCTURE', 'the model has no layers', { jsonPath: 'layers' });
  while (i < layers.length) {
    const first = layers[i]!;
    if (first.type !== 'dense') {
      fail('E_STRUCTURE', `expected a dense layer here, found ${first.type}`, { jsonPath: at(i) }, {
        hint: 'each stage is: dense [batchnorm] sign, or dense threshold; the last one ends after dense [batchnorm]',
      });
    }
    const dense = first;
    checkDense(dense, i, fanIn);
    const stage: StageLayers = { dense, denseIndex: i, batchnorm: null, batchnormIndex: -1, activation: { kind: 'none' }, input };
    i++;
    const next = layers[i];
    if (next?.type === 'batchnorm') {
      checkBatchnorm(next, i, dense.out);
      stage.batchnorm = next;
      stage.batchnormIndex = i;
      i++;
    }
    const act = layers[i];
    if (act?.type === 'sign') {
      stage.activation = { kind: 'sign', index: i };
      i++;
    } else if (act?.type === 'threshold') {
      if (stage.batchnorm) {
        fail('E_STRUCTURE', 'a threshold layer must follow its dense layer directly, not a batchnorm', { jsonPath: at(i) }, {
          hint: 'thresholds are integers on the accumulator of the dense layer; fold the batchnorm into them',
        });
      }
      if (dense.alpha !== null || dense.bias !== null) {
        fail('E_STRUCTURE', 'a dense layer followed by a threshold layer must not have alpha or bias', { jsonPath: at(stage.denseIndex) }, {
          hint: 'the thresholds already include any scale and bias; remove alpha and bias from this layer',
        });
      }
      checkThreshold(act, i, dense.out);
      stage.activation = { kind: 'threshold', index: i, layer: act };
      i++;
    } else if (i < layers.length) {
      fail('E_STRUCTURE', `expected sign or threshold after a hidden dense layer, found ${act!.type}`, { jsonPath: at(i) });
    }
    if (stage.activation.kind === 'none' && i < layers.length) {
      fail('E_STRUCTURE', 'a dense layer that is not the last one must be followed by sign or threshold', { jsonPath: at(stage.denseIndex) });
    }
    stages.push(stage);
    fanIn = dense.out;
    input = { kind: 'bipolar' };
  }
  if (stages[stages.length - 1]!.activation.kind !== 'none') {
    fail('E_STRUCTURE', 'the model ends with an activation; the last dense layer must emit class scores', { jsonPath: at(layers.length - 1) }, {
      hint: 'remove the final sign/threshold layer',
    });
  }
  return stages;
}
