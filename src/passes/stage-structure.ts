/**
 * The layer grammar shared by the passes and the references: a model is a
 * chain of stages, each
 *
 *     dense [batchnorm] (sign | end)      or      dense threshold
 *     conv2d [maxpool2d] [batchnorm] sign [maxpool2d]   (one maxpool at most)
 *     conv2d [maxpool2d] threshold [maxpool2d]
 *
 * with `flatten` ([c,h,w] -> [c·h·w]) anywhere the data is an image, where
 * only the last stage may end without an activation (its outputs are the
 * class scores; it is always dense) and every other stage must end in one. This module
 * splits a model into stages and checks shapes and parameter values, so
 * every consumer sees the same diagnostics.
 */
import { UserError, fail, jsonPathJoin } from '../diagnostics.js';
import type { BatchNormLayer, Conv2dLayer, DenseLayer, InputEncoding, Layer, MaxPool2dLayer, Model, ResidualLayer, ThresholdLayer } from '../ir/model.js';
import { convOutShape, poolOutShape, shapeSize } from '../ir/model.js';

/** How a stage's outputs are binarized. */
export type StageActivation =
  | { kind: 'sign'; index: number }
  | { kind: 'threshold'; index: number; layer: ThresholdLayer }
  | { kind: 'none' };

/** Where a stage's maxpool sits: on the conv sums (before batchnorm/sign) or on the ±1 outputs. */
export type PoolPosition = 'pre' | 'post';

/** The conv-specific part of a conv stage. */
export interface ConvParts {
  layer: Conv2dLayer;
  /** [inChannels, h, w] */
  inShape: [number, number, number];
  /** [out, oh, ow] before pooling */
  convShape: [number, number, number];
  pool: { layer: MaxPool2dLayer; index: number; position: PoolPosition } | null;
  /** [out, h', w'] after pooling */
  outShape: [number, number, number];
}

/** One stage of a model, with the indices of its layers in `model.layers`. */
export interface StageLayers {
  /**
   * The binarized layer. For a conv stage, a dense view of the conv: fan-in
   * `in` = inChannels·kh·kw, `out` = outChannels, the same weight data
   * (`[out][in][kh][kw]` in C order is `[out][in·kh·kw]`), alpha, bias,
   * rule, semantics and name.
   */
  dense: DenseLayer;
  /** Index of the dense / conv layer. */
  denseIndex: number;
  /** Set for conv stages. */
  conv: ConvParts | null;
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

/** The dense view of a conv layer (see {@link StageLayers.dense}). */
export function convAsDense(conv: Conv2dLayer): DenseLayer {
  const d: DenseLayer = {
    type: 'dense',
    in: conv.inChannels * conv.kernel[0] * conv.kernel[1],
    out: conv.outChannels,
    weight: conv.weight,
    binarize: conv.binarize,
    semantics: conv.semantics,
    bias: conv.bias,
    alpha: conv.alpha,
  };
  if (conv.name !== undefined) d.name = conv.name;
  return d;
}

const isPosInt = (x: number): boolean => Number.isSafeInteger(x) && x >= 1;
const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

function checkPair(v: readonly number[], li: number, key: string, min: number): void {
  if (v.length !== 2 || !v.every((x) => Number.isSafeInteger(x) && x >= min)) {
    fail('E_SHAPE', `${key} must be two integers >= ${min}, got ${fmt(v)}`, { jsonPath: at(li, key) });
  }
}

/** Check a conv layer against its input shape; returns its output shape [out, oh, ow]. */
function checkConv(conv: Conv2dLayer, li: number, shape: number[], input: InputEncoding): [number, number, number] {
  if (shape.length !== 3) {
    fail('E_SHAPE', `conv2d needs an image input [c, h, w], but receives a vector of ${shape[0]} elements`, { jsonPath: at(li) }, {
      hint: 'conv2d layers come before the flatten',
    });
  }
  if (!isPosInt(conv.inChannels) || !isPosInt(conv.outChannels)) {
    fail('E_SHAPE', `conv2d needs inChannels >= 1 and outChannels >= 1 (got ${conv.inChannels} -> ${conv.outChannels})`, { jsonPath: at(li) });
  }
  checkPair(conv.kernel, li, 'kernel', 1);
  checkPair(conv.stride, li, 'stride', 1);
  checkPair(conv.padding, li, 'padding', 0);
  if (conv.inChannels !== shape[0]) {
    fail('E_SHAPE', `conv2d inChannels is ${conv.inChannels}, but its input ${fmt(shape)} has ${shape[0]} channels`, { jsonPath: at(li, 'inChannels') });
  }
  const [kh, kw] = conv.kernel;
  const [ph, pw] = conv.padding;
  if (kh > shape[1]! + 2 * ph || kw > shape[2]! + 2 * pw) {
    fail('E_SHAPE', `kernel ${kh}×${kw} is larger than the padded input ${shape[1]! + 2 * ph}×${shape[2]! + 2 * pw} (input ${fmt(shape)}, padding ${fmt(conv.padding)})`, { jsonPath: at(li, 'kernel') });
  }
  if (input.kind === 'uint' && conv.padValue !== 0) {
    fail('E_VALUE', `padValue ${conv.padValue} on a uint input: uint images are zero-padded (padValue 0)`, { jsonPath: at(li, 'padValue') });
  }
  checkDense(convAsDense(conv), li, conv.inChannels * kh * kw);
  return convOutShape(conv, shape);
}

function checkPool(pool: MaxPool2dLayer, li: number, shape: readonly number[]): [number, number, number] {
  checkPair(pool.kernel, li, 'kernel', 1);
  checkPair(pool.stride, li, 'stride', 1);
  if (pool.kernel[0] > shape[1]! || pool.kernel[1] > shape[2]!) {
    fail('E_SHAPE', `maxpool2d kernel ${pool.kernel[0]}×${pool.kernel[1]} is larger than its input ${fmt(shape)}`, { jsonPath: at(li, 'kernel') });
  }
  return poolOutShape(pool, shape);
}

/**
 * Whether `conv` zero-pads ±1 activations (padding > 0, padValue 0 on a
 * bipolar input): its padded taps add 0, so its thresholds depend on the
 * output position's border class (docs/numerics.md §9).
 */
export function isZeroPadded(conv: Conv2dLayer, input: InputEncoding): boolean {
  return input.kind === 'bipolar' && conv.padValue === 0 && (conv.padding[0] > 0 || conv.padding[1] > 0);
}

/**
 * Parse one stage starting at `layers[i]` (a dense or conv2d) on an input
 * of `shape`. With `open`, a conv2d [batchnorm] followed by no activation
 * is returned with activation `none` (a conv whose real-valued output
 * joins a residual stream); otherwise that is an error. Paths are
 * `layers[i]…` of this list (the caller prefixes them for a residual body).
 */
export function parseStage(layers: readonly Layer[], i: number, shape: number[], input: InputEncoding, open: boolean): { stage: StageLayers; next: number } {
  const first = layers[i]!;
  if (first.type !== 'dense' && first.type !== 'conv2d') {
    fail('E_STRUCTURE', `expected a dense or conv2d layer here, found ${first.type}`, { jsonPath: at(i) }, {
      hint: 'each stage is: dense|conv2d [batchnorm] sign, or dense|conv2d threshold (a conv may have a maxpool2d before its batchnorm/sign or after it); the last one is dense [batchnorm]',
    });
  }
  let conv: ConvParts | null = null;
  let dense: DenseLayer;
  if (first.type === 'conv2d') {
    const convShape = checkConv(first, i, shape, input);
    dense = convAsDense(first);
    conv = { layer: first, inShape: shape as [number, number, number], convShape, pool: null, outShape: convShape };
  } else {
    if (shape.length === 3) {
      fail('E_SHAPE', `dense layer receives an image ${fmt(shape)}; insert a flatten before it`, { jsonPath: at(i) }, {
        hint: `{ "type": "flatten" } turns [c, h, w] into [c·h·w] = [${shapeSize(shape)}] in C order`,
      });
    }
    dense = first;
    checkDense(dense, i, shape[0]!);
  }
  const stage: StageLayers = { dense, denseIndex: i, conv, batchnorm: null, batchnormIndex: -1, activation: { kind: 'none' }, input };
  i++;
  if (conv && layers[i]?.type === 'maxpool2d') {
    const pool = layers[i] as MaxPool2dLayer;
    conv.outShape = checkPool(pool, i, conv.convShape);
    conv.pool = { layer: pool, index: i, position: 'pre' };
    if (dense.alpha instanceof Float64Array) {
      dense.alpha.forEach((a, c) => {
        if (!(a >= 0)) fail('E_VALUE', `alpha must be >= 0 before a maxpool (got ${a}): max-pooling s·alpha commutes with the threshold only for alpha >= 0`, { jsonPath: at(stage.denseIndex, 'alpha', c) });
      });
    }
    i++;
  }
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
      fail('E_STRUCTURE', `a ${first.type} layer followed by a threshold layer must not have alpha or bias`, { jsonPath: at(stage.denseIndex) }, {
        hint: 'the thresholds already include any scale and bias; remove alpha and bias from this layer',
      });
    }
    if (conv && isZeroPadded(conv.layer, input)) {
      fail('E_UNSUPPORTED', `a threshold layer after the zero-padded conv2d layers[${stage.denseIndex}]: with ±1 activations a padded tap adds 0, so the accumulator differs by border position and one threshold per channel is not defined there`, { jsonPath: at(i) }, {
        hint: 'give the conv its batchnorm and sign (thresholds per border class are derived from them), or set "padValue": -1 or 1; see docs/numerics.md §9',
      });
    }
    checkThreshold(act, i, dense.out);
    stage.activation = { kind: 'threshold', index: i, layer: act };
    i++;
  } else if (conv && !open) {
    fail('E_STRUCTURE', `a conv2d layer must be followed by sign or threshold${act ? `, found ${act.type}` : ' (the network ends with a conv)'}`, { jsonPath: at(act ? i : stage.denseIndex) }, {
      hint: 'conv stages are conv2d [maxpool2d] [batchnorm] sign [maxpool2d]; the class scores come from a final dense layer after a flatten',
    });
  } else if (!conv && i < layers.length) {
    fail('E_STRUCTURE', `expected sign or threshold after a hidden dense layer, found ${act!.type}`, { jsonPath: at(i) });
  }
  if (conv && stage.activation.kind !== 'none' && layers[i]?.type === 'maxpool2d') {
    if (conv.pool) fail('E_UNSUPPORTED', 'a second maxpool2d in one conv stage', { jsonPath: at(i) }, { hint: 'one maxpool2d per conv: before its batchnorm/sign or after it' });
    const pool = layers[i] as MaxPool2dLayer;
    conv.outShape = checkPool(pool, i, conv.convShape);
    conv.pool = { layer: pool, index: i, position: 'post' };
    i++;
  }
  if (!conv && stage.activation.kind === 'none' && i < layers.length) {
    fail('E_STRUCTURE', 'a dense layer that is not the last one must be followed by sign or threshold', { jsonPath: at(stage.denseIndex) });
  }
  return { stage, next: i };
}

/**
 * Split `model` into stages (see the module comment), validating the layer
 * sequence, the shapes and the parameter values. A residual network is
 * `E_UNSUPPORTED` here: every consumer of a plain stage chain (the
 * hardware flow) refuses it; {@link splitSegments} reads it.
 * @throws UserError E_STRUCTURE / E_SHAPE / E_VALUE / E_UNSUPPORTED
 */
export function splitStages(model: Model): StageLayers[] {
  const segments = splitSegments(model);
  const stream = segments.find((s) => s.kind === 'stream');
  if (stream) failResidualUnsupported(model);
  return segments.map((s) => (s as { stage: StageLayers }).stage);
}

/**
 * The E_UNSUPPORTED every command but `infer` reports for a residual
 * network, naming its first residual block.
 */
export function failResidualUnsupported(model: Model): never {
  const i = model.layers.findIndex((l) => l.type === 'residual');
  const l = model.layers[i]!;
  fail('E_UNSUPPORTED', `residual block${l.name !== undefined ? ` "${l.name}"` : ''}: the hardware flow (plan, generate, simulate, synth, estimate, verify, explore, report) and binarize do not support residual networks yet`, { jsonPath: at(i) }, {
    hint: "supported there: chains of dense and conv2d stages with maxpool2d and flatten; 'siman-hw infer' runs residual networks in the software reference (integer stream semantics, docs/numerics.md §12)",
  });
}

/**
 * A residual block: `inner` are its body's conv [batchnorm] sign stages
 * (input bipolar: the first reads sign of the stream), `last` its final
 * conv [batchnorm] (activation `none`), whose output is added to the
 * shortcut. Stage indices and paths inside are those of the body
 * (`layers[index].layers[k]`).
 */
export interface ResidualBlockLayers {
  index: number;
  layer: ResidualLayer;
  inShape: [number, number, number];
  outShape: [number, number, number];
  inner: StageLayers[];
  last: StageLayers;
}

/** A residual stream: `stem` (conv [batchnorm], no activation) opens it, the blocks follow, the sign at `signIndex` closes it. */
export interface StreamLayers {
  stem: StageLayers;
  blocks: ResidualBlockLayers[];
  signIndex: number;
  fracBits: number;
}

/** A model as ordinary stages and residual streams, in order. */
export type Segment = { kind: 'stage'; stage: StageLayers } | { kind: 'stream'; stream: StreamLayers };

/** Run `f`, prefixing the JSON path of any UserError it throws with `prefix` (for a residual body's own `layers[k]` paths). */
export function withPathPrefix<T>(prefix: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError(
      e.diagnostics.map((d) => {
        const p = d.location?.jsonPath;
        if (p === undefined || !p.startsWith('layers')) return d;
        return { ...d, location: { ...d.location, jsonPath: prefix + p.slice('layers'.length) } };
      }),
    );
  }
}

function parseBlock(layer: ResidualLayer, index: number, inShape: [number, number, number]): ResidualBlockLayers {
  const body = layer.layers;
  const inner: StageLayers[] = [];
  let last: StageLayers | null = null;
  let shape: number[] = inShape;
  const bodyHint = 'a residual body is (conv2d batchnorm? sign)* conv2d batchnorm?';
  withPathPrefix(`${at(index)}.layers`, () => {
    let k = 0;
    if (body.length === 0) fail('E_STRUCTURE', 'a residual block needs a body', { jsonPath: 'layers' }, { hint: bodyHint });
    while (k < body.length) {
      const l = body[k]!;
      if (l.type !== 'conv2d') {
        fail(l.type === 'sign' || l.type === 'batchnorm' ? 'E_STRUCTURE' : 'E_UNSUPPORTED', `${l.type} here is not part of a residual body`, { jsonPath: at(k) }, { hint: bodyHint });
      }
      const { stage, next } = parseStage(body, k, shape, { kind: 'bipolar' }, true);
      const conv = stage.conv!;
      if (conv.pool) fail('E_UNSUPPORTED', 'maxpool2d inside a residual block is not supported', { jsonPath: at(conv.pool.index) }, { hint: bodyHint });
      if (stage.activation.kind === 'threshold') fail('E_UNSUPPORTED', 'a threshold layer inside a residual block is not supported', { jsonPath: at(stage.activation.index) }, { hint: 'write batchnorm and sign: siman-hw folds them' });
      if (stage.activation.kind === 'none') {
        if (next < body.length) fail('E_STRUCTURE', `the conv2d at layers[${k}] must be followed by sign, or be the last of the body`, { jsonPath: at(next) }, { hint: bodyHint });
        last = stage;
      } else {
        if (next >= body.length) fail('E_STRUCTURE', 'the residual body ends with sign: its last conv2d (and batchnorm) output is added to the shortcut, real-valued', { jsonPath: at(body.length - 1) }, { hint: bodyHint });
        inner.push(stage);
      }
      shape = conv.outShape;
      k = next;
    }
  });
  const outShape = shape as [number, number, number];
  const sc = layer.shortcut;
  const want: number[] = sc.kind === 'identity' ? inShape : [inShape[0] + sc.padChannels[0] + sc.padChannels[1], Math.ceil(inShape[1] / sc.stride[0]), Math.ceil(inShape[2] / sc.stride[1])];
  if (want.some((d, k) => d !== outShape[k])) {
    fail('E_SHAPE', `the body outputs ${fmt(outShape)}, but the ${sc.kind} shortcut of the input ${fmt(inShape)} is ${fmt(want)}`, { jsonPath: at(index, 'shortcut') });
  }
  return { index, layer, inShape, outShape, inner, last: last! };
}

/**
 * Split `model` into ordinary stages and residual streams
 * (docs/model-format.md), validating the sequence, shapes and values.
 * @throws UserError E_STRUCTURE / E_SHAPE / E_VALUE / E_UNSUPPORTED
 */
export function splitSegments(model: Model): Segment[] {
  const layers = model.layers;
  const segments: Segment[] = [];
  let shape: number[] = model.input.shape.slice();
  let input: InputEncoding = model.input.encoding;
  let i = 0;
  if (layers.length === 0) fail('E_STRUCTURE', 'the model has no layers', { jsonPath: 'layers' });
  if (shape.length !== 1 && shape.length !== 3) fail('E_SHAPE', `input.shape must be [n] or [c, h, w], got ${fmt(shape)}`, { jsonPath: 'input.shape' });
  let lastStage: StageLayers | undefined;
  while (i < layers.length) {
    const first = layers[i]!;
    if (first.type === 'flatten') {
      if (shape.length !== 3) fail('E_SHAPE', `flatten needs an image [c, h, w], but receives a vector of ${shape[0]} elements`, { jsonPath: at(i) });
      shape = [shapeSize(shape)];
      i++;
      continue;
    }
    const { stage, next } = parseStage(layers, i, shape, input, true);
    i = next;
    if (stage.conv && stage.activation.kind === 'none') {
      // A conv whose real-valued output opens a residual stream.
      if (layers[i]?.type !== 'residual') {
        const act = layers[i];
        fail('E_STRUCTURE', `a conv2d layer must be followed by sign or threshold${act ? `, found ${act.type}` : ' (the network ends with a conv)'}`, { jsonPath: at(act ? i : stage.denseIndex) }, {
          hint: 'conv stages are conv2d [maxpool2d] [batchnorm] sign [maxpool2d]; a residual stream is conv2d batchnorm? residual+ sign; the class scores come from a final dense layer after a flatten',
        });
      }
      if (stage.conv.pool) fail('E_UNSUPPORTED', 'a maxpool2d on the real-valued output that opens a residual stream', { jsonPath: at(stage.conv.pool.index) });
      const blocks: ResidualBlockLayers[] = [];
      let img = stage.conv.outShape;
      const fracBits = (layers[i] as ResidualLayer).fracBits;
      while (layers[i]?.type === 'residual') {
        const r = layers[i] as ResidualLayer;
        if (r.fracBits !== fracBits) fail('E_VALUE', `fracBits is ${r.fracBits}, but the stream's first block has ${fracBits}`, { jsonPath: at(i, 'fracBits') });
        const b = parseBlock(r, i, img);
        blocks.push(b);
        img = b.outShape;
        i++;
      }
      if (layers[i]?.type !== 'sign') {
        fail('E_STRUCTURE', `the residual stream ending at layers[${i - 1}] must be followed by sign${layers[i] ? `, found ${layers[i]!.type}` : ''}`, { jsonPath: at(layers[i] ? i : i - 1) }, {
          hint: 'binarize the stream with { "type": "sign" } before the next stage',
        });
      }
      segments.push({ kind: 'stream', stream: { stem: stage, blocks, signIndex: i, fracBits } });
      i++;
      if (i >= layers.length) fail('E_STRUCTURE', 'the model ends with an activation; the last dense layer must emit class scores', { jsonPath: at(i - 1) });
      shape = img.slice();
      input = { kind: 'bipolar' };
      lastStage = undefined;
      continue;
    }
    segments.push({ kind: 'stage', stage });
    lastStage = stage;
    shape = stage.conv ? stage.conv.outShape.slice() : [stage.dense.out];
    input = { kind: 'bipolar' };
  }
  if (!lastStage) {
    fail('E_STRUCTURE', segments.length > 0 ? 'the model ends with its residual stream; the last dense layer must emit class scores' : 'the model has no dense or conv2d layer', { jsonPath: 'layers' });
  }
  if (lastStage.activation.kind !== 'none' || layers[layers.length - 1]!.type === 'flatten') {
    fail('E_STRUCTURE', 'the model ends with an activation; the last dense layer must emit class scores', { jsonPath: at(layers.length - 1) }, {
      hint: 'end with a dense layer (after a flatten for image networks), optionally followed by a batchnorm',
    });
  }
  return segments;
}
