/**
 * Semantic checks on a structurally valid model (after schema.ts and after
 * its tensors were read): shapes chain from the input through every dense
 * layer, per-channel arrays match their layer, numbers are finite and in
 * range, and the layer sequence is one the hardware can build. Every
 * problem is reported (up to the sink's cap) with its own location.
 */
import { diag, type Diagnostic, type Location } from '../diagnostics.js';
import { formatJsonPath, type JsonSource, type PathSegments } from './json-source.js';
import type { RawBatchNorm, RawConv2d, RawLayer, RawMaxPool2d, RawModel, RawResidual } from './schema.js';
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
  /** Bits of a uint model input (undefined for bipolar). */
  inputBits?: number;
}

/**
 * Check `model` (whose tensors are in `tensors`) and record every problem
 * in `sink`: `E_SHAPE` (sizes), `E_VALUE` (numbers), `E_STRUCTURE` (layer
 * sequence), `E_UNSUPPORTED` (a threshold layer after a zero-padded conv on ±1 activations, two maxpools in one stage,
 * a layer a residual body cannot hold). Residual blocks: docs/model-format.md.
 */
export function validateModel(model: RawModel, tensors: TensorTable, src: JsonSource, sink: DiagnosticSink): void {
  const ctx: Ctx = { src, sink, tensors, ...(model.input.encoding === 'uint' ? { inputBits: model.input.bits } : {}) };
  const shape = model.input.shape;
  let width: number | undefined;
  let image: Image | undefined; // set while the data is an image [c, h, w]
  if (shape.length === 3) image = [shape[0]!, shape[1]!, shape[2]!];
  else if (shape.length !== 1) {
    sink.add(diag('E_SHAPE', `input.shape must be [n] (vectors) or [c, h, w] (images), got [${shape.join(', ')}]`, src.where(['input', 'shape'])));
  } else width = shape[0];

  checkSequence(model.layers, ctx);

  let prevOut = width; // features entering the next dense (undefined: unknown or an image)
  let channels: number | undefined; // outputs of the most recent dense / conv2d
  let binarized = 0; // dense / conv2d layers seen
  model.layers.forEach((layer, i) => {
    if (sink.full) return;
    const lp: PathSegments = ['layers', i];
    switch (layer.type) {
      case 'conv2d': {
        const firstUint = binarized === 0 && model.input.encoding === 'uint';
        image = checkConvLayer(ctx, layer, lp, image, prevOut, firstUint);
        checkZeroPadActivation(ctx, model.layers, i, firstUint);
        prevOut = undefined;
        channels = layer.outChannels;
        binarized++;
        break;
      }
      case 'maxpool2d': {
        image = checkPoolLayer(ctx, layer, lp, image, prevOut);
        prevOut = undefined;
        break;
      }
      case 'flatten': {
        if (image) prevOut = image[0] * image[1] * image[2];
        else if (prevOut !== undefined) {
          sink.add(diag('E_SHAPE', `flatten needs an image [c, h, w], but its input is a vector of ${prevOut} elements`, src.where(lp)));
          prevOut = undefined;
        }
        image = undefined;
        break;
      }
      case 'dense': {
        binarized++;
        if (image) {
          sink.add(diag('E_SHAPE', `dense layer receives an image [${image.join(', ')}]; insert a flatten before it`, src.where(lp), {
            hint: `{ "type": "flatten" } turns [c, h, w] into [c·h·w] = [${image[0] * image[1] * image[2]}] in C order`,
          }));
          image = undefined;
        }
        if (prevOut !== undefined && layer.in !== prevOut) {
          const what = channels === undefined ? `the input has ${prevOut} elements` : `the previous layer has ${prevOut} outputs`;
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
      case 'batchnorm':
        checkBatchnormLayer(ctx, layer, lp, channels);
        break;
      case 'residual': {
        const prev = model.layers[i - 1];
        if (prev?.type === 'residual' && prev.fracBits !== layer.fracBits) {
          sink.add(diag('E_VALUE', `fracBits is ${layer.fracBits}, but the previous block of this residual stream has ${prev.fracBits}`, src.where([...lp, 'fracBits']), {
            hint: 'the blocks of one stream add integers of one scale 2^-fracBits: give them all the same fracBits',
          }));
        }
        const r = checkResidual(ctx, layer, lp, image, prevOut);
        image = r.image;
        if (r.channels !== undefined) channels = r.channels;
        binarized += r.convs;
        prevOut = undefined;
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

function checkBatchnormLayer(ctx: Ctx, layer: RawBatchNorm, lp: PathSegments, channels: number | undefined): void {
  const { src, sink } = ctx;
  for (const f of ['gamma', 'beta', 'mean'] as const) checkVector(ctx, [...lp, f], channels, 'channels');
  checkVector(ctx, [...lp, 'var'], channels, 'channels', (x) => (x < 0 ? `variance is ${x}; it must be >= 0` : null), {
    hint: 'store the running variance (not the standard deviation or its log)',
  });
  if (!Number.isFinite(layer.eps)) sink.add(diag('E_VALUE', `eps ${layer.eps} is not finite`, src.where([...lp, 'eps'])));
  else if (!(layer.eps > 0)) sink.add(diag('E_VALUE', `eps is ${layer.eps}; it must be > 0`, src.where([...lp, 'eps']), { hint: 'PyTorch BatchNorm uses eps = 1e-5' }));
}

const BODY_HINT = 'a residual body is (conv2d batchnorm? sign)* conv2d batchnorm?: its first conv2d reads sign of the stream, its last conv2d (and batchnorm) output is added to the shortcut';

/**
 * A residual block on the stream image `image`: the body's sequence, its
 * shapes and tensors, and the shortcut's shape against the body's output.
 * Returns the block's output image (undefined when unknown).
 */
function checkResidual(ctx: Ctx, layer: RawResidual, lp: PathSegments, image: Image | undefined, prevOut: number | undefined): { image: Image | undefined; channels: number | undefined; convs: number } {
  const { src, sink } = ctx;
  const body = layer.layers;
  const bp = (k: number): PathSegments => [...lp, 'layers', k];
  if (!image && prevOut !== undefined) {
    sink.add(diag('E_SHAPE', `a residual block needs an image [c, h, w], but its input is a vector of ${prevOut} elements`, src.where(lp)));
  }
  // Sequence of the body.
  let seqOk = true;
  body.forEach((b, k) => {
    const prev = body[k - 1]?.type;
    const bad = (code: 'E_STRUCTURE' | 'E_UNSUPPORTED', msg: string): void => {
      seqOk = false;
      sink.add(diag(code, msg, src.where(bp(k)), { hint: BODY_HINT }));
    };
    if (b.type === 'conv2d') {
      if (prev === 'conv2d' || prev === 'batchnorm') bad('E_STRUCTURE', `conv2d follows ${prev} inside the residual block with no sign between them`);
    } else if (b.type === 'batchnorm') {
      if (prev !== 'conv2d') bad('E_STRUCTURE', `batchnorm inside a residual block must follow a conv2d, not ${prev ?? 'the block input'}`);
    } else if (b.type === 'sign') {
      if (prev !== 'conv2d' && prev !== 'batchnorm') bad('E_STRUCTURE', `sign inside a residual block must follow a conv2d or its batchnorm${prev === undefined ? ' (the body reads sign of the stream already)' : ''}`);
      else if (k === body.length - 1) bad('E_STRUCTURE', 'the residual body ends with sign: its last conv2d (and batchnorm) output is added to the shortcut, real-valued');
    } else bad('E_UNSUPPORTED', `${b.type} inside a residual block is not supported`);
  });
  let img = image;
  let channels: number | undefined;
  let convs = 0;
  body.forEach((b, k) => {
    if (sink.full) return;
    if (b.type === 'conv2d') {
      img = checkConvLayer(ctx, b, bp(k), img, undefined, false);
      channels = b.outChannels;
      convs++;
    } else if (b.type === 'batchnorm') checkBatchnormLayer(ctx, b, bp(k), channels);
  });
  if (!image || !img || !seqOk) return { image: img, channels, convs };
  const sc = layer.shortcut;
  const fmtImg = (x: readonly number[]): string => `[${x.join(', ')}]`;
  if (sc === 'identity') {
    if (img[0] !== image[0] || img[1] !== image[1] || img[2] !== image[2]) {
      sink.add(diag('E_SHAPE', `the body outputs ${fmtImg(img)}, but the identity shortcut carries the block input ${fmtImg(image)}`, src.where([...lp, 'shortcut']), {
        hint: img[0] !== image[0] || img[1] !== image[1] ? 'a block that changes channels or strides needs { "type": "subsample", "stride": 2, "padChannels": [p, p] }' : 'keep the output size of the body equal to its input (padding = kernel / 2, stride 1)',
      }));
    }
    return { image: img, channels, convs };
  }
  const [sh, sw] = pairOfRaw(sc.stride);
  const [pb, pa] = pairOfRaw(sc.padChannels);
  const want: Image = [image[0] + pb + pa, Math.ceil(image[1] / sh), Math.ceil(image[2] / sw)];
  if (img[0] !== want[0]) {
    sink.add(diag('E_SHAPE', `the body outputs ${img[0]} channels, but the shortcut carries ${image[0]} + ${pb} + ${pa} = ${want[0]} (input channels plus padChannels)`, src.where([...lp, 'shortcut', 'padChannels']), {
      hint: `padChannels [before, after] must add up to ${img[0] - image[0]}`,
    }));
  } else if (img[1] !== want[1] || img[2] !== want[2]) {
    sink.add(diag('E_SHAPE', `the body outputs ${img[1]}×${img[2]}, but the subsampled shortcut of the ${image[1]}×${image[2]} input with stride ${sh}, ${sw} is ${want[1]}×${want[2]}`, src.where([...lp, 'shortcut', 'stride']), {
      hint: 'the shortcut keeps every stride-th row and column (x[:, :, ::s, ::s]): give the body the same stride',
    }));
  }
  return { image: img, channels, convs };
}

/**
 * The layer sequence (flatten may appear anywhere; its shape is checked
 * separately):
 *   (dense (batchnorm? sign | threshold))*
 *   (conv2d maxpool2d? (batchnorm? sign | threshold) maxpool2d?)*   (one maxpool per conv)
 *   dense batchnorm?
 * in any interleaving of dense and conv stages, plus residual streams
 *   conv2d batchnorm? residual+ sign
 * (the conv2d's real-valued output opens the stream; the sign closes it).
 */
function checkSequence(layers: RawLayer[], { src, sink }: Ctx): void {
  const at = (i: number): Location => src.where(['layers', i]);
  const t = (i: number) => layers[i]?.type;
  const isUnit = (x: string | undefined): boolean => x === 'dense' || x === 'conv2d';
  if (layers.length === 0) {
    sink.add(diag('E_STRUCTURE', 'the model has no layers', src.where(['layers']), { hint: 'a network is at least one dense layer' }));
    return;
  }
  const first = layers.findIndex((l) => l.type !== 'flatten');
  if (first >= 0 && !isUnit(t(first))) {
    sink.add(diag('E_STRUCTURE', `the network must start with a dense or conv2d layer, not ${t(first)}`, at(first), { hint: 'the input feeds a dense or conv2d layer; activations (sign/threshold), batchnorm and maxpool2d follow one' }));
  }
  const endHint = "the last dense layer's outputs are the class scores: remove the final sign/threshold (a final batchnorm is fine: it is applied on the host before the argmax)";
  let i = 0;
  while (i < layers.length && !sink.full) {
    const ti = t(i);
    if (ti === 'flatten') {
      i++;
      continue;
    }
    if (!isUnit(ti)) {
      // Resynchronise on the next dense/conv2d; report a stray layer once (the first one was reported above).
      if (i > first) {
        sink.add(diag('E_STRUCTURE', `${ti} at layers[${i}] does not follow a dense or conv2d layer`, at(i), { hint: 'a stage is dense|conv2d, then batchnorm? + sign or threshold (a conv2d may have one maxpool2d before or after them), then the next stage' }));
      }
      while (i < layers.length && !isUnit(t(i))) i++;
      continue;
    }
    const conv = ti === 'conv2d';
    let j = i + 1;
    let pooled = false;
    if (conv && t(j) === 'maxpool2d') {
      pooled = true;
      j++;
    }
    if (t(j) === undefined) {
      if (conv) sink.add(diag('E_STRUCTURE', 'the network ends with a conv2d layer', at(i), { hint: 'class scores come from a final dense layer: add sign, flatten and a dense layer' }));
      return; // ends with dense
    }
    const r0 = t(j) === 'batchnorm' ? j + 1 : j;
    if (t(r0) === 'residual') {
      // A residual stream: conv2d batchnorm? (no activation: real-valued) residual+ sign.
      if (!conv || pooled) {
        sink.add(diag(conv ? 'E_UNSUPPORTED' : 'E_STRUCTURE', conv ? 'a maxpool2d on the real-valued output that opens a residual stream' : `a residual stream must start at a conv2d, not at the ${ti} layers[${i}]`, at(conv ? i + 1 : i), {
          hint: 'a stream is conv2d batchnorm? (no sign) residual+ sign; see docs/model-format.md',
        }));
      }
      let r = r0;
      while (t(r) === 'residual') r++;
      if (t(r) !== 'sign') {
        sink.add(diag('E_STRUCTURE', `the residual stream ending at layers[${r - 1}] must be followed by sign, found ${t(r) ?? 'the end of the network'}`, at(t(r) === undefined ? r - 1 : r), {
          hint: 'binarize the stream with { "type": "sign" } before the next stage; the class scores come from a final dense layer',
        }));
        return;
      }
      let k = r + 1;
      while (t(k) === 'flatten') k++;
      if (k >= layers.length) {
        sink.add(diag('E_STRUCTURE', `the network ends in ${t(layers.length - 1)}`, at(layers.length - 1), { hint: endHint }));
        return;
      }
      i = r + 1;
      continue;
    }
    if (isUnit(t(j))) {
      sink.add(diag('E_STRUCTURE', `${ti} layers[${i}] is followed by ${t(j)} layers[${j}] with no activation between them`, at(j), { hint: 'insert a sign (optionally after a batchnorm) or a threshold layer between them' }));
      i = j;
      continue;
    }
    let bnAt = -1;
    if (t(j) === 'batchnorm') {
      bnAt = j;
      j++;
      if (t(j) === undefined) {
        if (conv) sink.add(diag('E_STRUCTURE', 'the network ends with a conv2d layer and its batchnorm', at(i), { hint: 'class scores come from a final dense layer: add sign, flatten and a dense layer' }));
        return; // dense + batchnorm = class scores
      }
      if (t(j) !== 'sign') {
        sink.add(diag('E_STRUCTURE', `batchnorm at layers[${bnAt}] is followed by ${t(j)}; a hidden batchnorm must be followed by sign`, at(j), { hint: 'hidden layers are dense|conv2d, batchnorm, sign; only the last dense may end with a batchnorm alone' }));
        i = j;
        continue;
      }
    }
    const act = t(j);
    if (act !== 'sign' && act !== 'threshold') {
      sink.add(diag('E_STRUCTURE', `${ti} at layers[${i}] must be followed by sign or threshold, found ${act}`, at(j), { hint: 'a stage is dense|conv2d, then batchnorm? + sign or threshold' }));
      i = j;
      continue;
    }
    j++;
    if (conv && t(j) === 'maxpool2d') {
      if (pooled) sink.add(diag('E_UNSUPPORTED', 'a second maxpool2d in one conv stage', at(j), { hint: 'one maxpool2d per conv2d: before its batchnorm/sign or after it' }));
      j++;
    }
    let k = j;
    while (t(k) === 'flatten') k++;
    if (k >= layers.length) {
      sink.add(diag('E_STRUCTURE', `the network ends in ${t(layers.length - 1)}`, at(layers.length - 1), { hint: endHint }));
      return;
    }
    i = j;
  }
}

type Image = [number, number, number];

/** Largest conv output (elements) accepted: beyond it a typo in padding would exhaust memory at inference. */
const MAX_IMAGE_ELEMENTS = 2 ** 28;

/** Output size along one axis (floor mode). */
const outSize = (n: number, k: number, s: number, p: number): number => Math.floor((n + 2 * p - k) / s) + 1;
const pairOfRaw = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

/** Shapes, tensors and values of a conv2d layer; returns its output image (undefined if unknown). */
function checkConvLayer(ctx: Ctx, layer: RawConv2d, lp: PathSegments, image: Image | undefined, prevOut: number | undefined, firstUint: boolean): Image | undefined {
  const { src, sink } = ctx;
  const [kh, kw] = pairOfRaw(layer.kernel);
  const [sh, sw] = pairOfRaw(layer.stride);
  const [ph, pw] = pairOfRaw(layer.padding);
  if (!image) {
    if (prevOut !== undefined) {
      sink.add(diag('E_SHAPE', `conv2d needs an image [c, h, w], but its input is a vector of ${prevOut} elements`, src.where(lp), { hint: 'conv2d layers come before the flatten; image inputs have input.shape [c, h, w]' }));
    }
  }
  let out: Image | undefined;
  if (image && layer.inChannels !== image[0]) {
    sink.add(diag('E_SHAPE', `conv2d inChannels is ${layer.inChannels}, but its input [${image.join(', ')}] has ${image[0]} channels`, src.where([...lp, 'inChannels'])));
  }
  if (image && (kh > image[1] + 2 * ph || kw > image[2] + 2 * pw)) {
    sink.add(diag('E_SHAPE', `kernel ${kh}×${kw} is larger than the padded input ${image[1] + 2 * ph}×${image[2] + 2 * pw} (input [${image.join(', ')}], padding ${ph}, ${pw})`, src.where([...lp, 'kernel'])));
  } else if (image) out = [layer.outChannels, outSize(image[1], kh, sh, ph), outSize(image[2], kw, sw, pw)];
  if (out && out[0] * out[1] * out[2] > MAX_IMAGE_ELEMENTS) {
    sink.add(diag('E_SHAPE', `conv2d output [${out.join(', ')}] has more than 2^28 elements`, src.where([...lp, 'padding']), { hint: 'check padding and stride' }));
    out = undefined;
  }
  const fanIn = layer.inChannels * kh * kw;
  const maxIn = firstUint && ctx.inputBits !== undefined ? 2 ** ctx.inputBits - 1 : 1;
  if (fanIn * maxIn > MAX_FANIN_SUM) {
    sink.add(diag('E_VALUE', `conv2d fan-in inChannels·kh·kw = ${fanIn}: fan-in × largest input (${maxIn}) exceeds 2^49, beyond exact integer scores`, src.where(lp), {
      hint: 'use fewer input channels or a smaller kernel; sums must stay exact float64 integers (docs/numerics.md)',
    }));
  }
  const wp: PathSegments = [...lp, 'weight'];
  checkTensor4(ctx, wp, [layer.outChannels, layer.inChannels, kh, kw]);
  const w = tensorAt(ctx, wp);
  if (w && w.data.length === layer.outChannels * fanIn && (w.npyFile === undefined || shapeOk(w, [layer.outChannels, layer.inChannels, kh, kw]))) {
    if (layer.weightFormat === 'bits') {
      checkElements(ctx, w, (x) => (x === 0 || x === 1 ? null : `bits weight is ${x}; expected 0 or 1`), {
        hint: 'weightFormat "bits" holds binarized weights (0/1); use weightFormat "float" for latent float weights',
      });
    } else checkFinite(ctx, w);
  }
  checkVector(ctx, [...lp, 'bias'], layer.outChannels, 'outputs');
  checkVector(ctx, [...lp, 'alpha'], layer.outChannels, 'outputs', (x) => (x < 0 ? `alpha is ${x}; it must be >= 0` : null), {
    hint: 'alpha is a per-channel magnitude (mean |w|); fold a negative sign into the following batchnorm gamma instead',
  });
  if (firstUint && layer.padValue !== 0) {
    sink.add(diag('E_VALUE', `padValue ${layer.padValue} on a uint input: uint images are zero-padded (padValue 0)`, src.where([...lp, 'padValue'])));
  }
  return out;
}

/**
 * A zero-padded conv on ±1 activations has no position-independent
 * accumulator (docs/numerics.md §9): its activation must be batchnorm/sign,
 * folded per border class when lowering; a hand-written threshold layer
 * (one threshold per channel) cannot say what it compares at the border.
 */
function checkZeroPadActivation({ src, sink }: Ctx, layers: RawLayer[], i: number, firstUint: boolean): void {
  const conv = layers[i] as RawConv2d;
  const [ph, pw] = pairOfRaw(conv.padding);
  if (firstUint || conv.padValue !== 0 || (ph === 0 && pw === 0)) return;
  const j = layers[i + 1]?.type === 'maxpool2d' ? i + 2 : i + 1;
  if (layers[j]?.type !== 'threshold') return;
  sink.add(diag('E_UNSUPPORTED', `a threshold layer after the zero-padded conv2d layers[${i}]: with ±1 activations a padded tap adds 0, so the accumulator differs by border position and one threshold per channel is not defined there`, src.where(['layers', j]), {
    hint: 'give the conv its batchnorm and sign (thresholds per border class are derived from them), or set "padValue": -1 or 1; see docs/numerics.md §9',
  }));
}

function checkPoolLayer(ctx: Ctx, layer: RawMaxPool2d, lp: PathSegments, image: Image | undefined, prevOut: number | undefined): Image | undefined {
  const { src, sink } = ctx;
  if (!image) {
    if (prevOut !== undefined) sink.add(diag('E_SHAPE', `maxpool2d needs an image [c, h, w], but its input is a vector of ${prevOut} elements`, src.where(lp)));
    return undefined;
  }
  const [kh, kw] = pairOfRaw(layer.kernel);
  const [sh, sw] = pairOfRaw(layer.stride ?? layer.kernel);
  if (kh > image[1] || kw > image[2]) {
    sink.add(diag('E_SHAPE', `maxpool2d kernel ${kh}×${kw} is larger than its input [${image.join(', ')}]`, src.where([...lp, 'kernel'])));
    return undefined;
  }
  return [image[0], outSize(image[1], kh, sh, 0), outSize(image[2], kw, sw, 0)];
}

/** A rank-4 weight must be [out][in][kh][kw]; reports the first mismatching level with its path. */
function checkTensor4(ctx: Ctx, p: PathSegments, want: number[]): void {
  const t = tensorAt(ctx, p);
  if (!t) return;
  const names = ['out', 'inChannels', 'kh', 'kw'];
  if (t.npyFile !== undefined) {
    if (!shapeOk(t, want)) {
      ctx.sink.add(diag('E_SHAPE', `${t.npyFile} has shape (${t.shape.join(', ')}), expected (${want.join(', ')}) = (out, in, kh, kw)`, ctx.src.where(p), { hint: 'weight is [out][in][kh][kw], as PyTorch nn.Conv2d.weight' }));
    }
    return;
  }
  let bad = 0;
  const walk = (x: unknown, level: number, path: PathSegments): void => {
    if (bad >= MAX_PER_TENSOR || level === 4 || !Array.isArray(x)) return;
    if (x.length !== want[level]) {
      bad++;
      ctx.sink.add(diag('E_SHAPE', `expected ${want[level]} entries (${names[level]}), got ${x.length}`, ctx.src.where(path), { hint: 'weight is [out][in][kh][kw], as PyTorch nn.Conv2d.weight' }));
      return;
    }
    x.forEach((e, k) => walk(e, level + 1, [...path, k]));
  };
  walk(t.nested, 0, p);
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
