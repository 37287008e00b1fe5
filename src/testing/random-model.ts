/**
 * Seeded random models, networks and inputs covering the numeric corner
 * cases: both semantics, uint (1..8 bits) and bipolar inputs, fan-ins that
 * are not multiples of 32, tied weights, alpha auto/given/absent (negative
 * and zero included), bias, gamma < 0 and gamma = 0, zero variance, decision
 * boundaries placed exactly on (or a few ulps from) a reachable score, and
 * pre-folded threshold layers with thresholds outside the reachable range.
 * Plain PRNG only, so tests, soak runs and benchmarks can all use it.
 */
import type { BatchNormLayer, DenseLayer, InputEncoding, InputSpec, Layer, Model, Semantics, ThresholdChannel } from '../ir/model.js';
import { inputMax, shapeSize } from '../ir/model.js';
import type { Network, Stage } from '../ir/network.js';
import { accRange, scoreFromAcc } from '../ir/network.js';
import { binarizeChannel } from '../passes/binarize-rules.js';
import { lowerToNetwork } from '../passes/lower-network.js';
import type { Rng } from './rng.js';
import { ulpStep } from './rng.js';

/** Size and flavour limits; every field is optional. */
export interface RandomModelOptions {
  /** Number of dense layers, inclusive range (default [1, 4]). */
  depth?: [number, number];
  /** Input width, inclusive range (default [1, 300]). */
  inputWidth?: [number, number];
  /** Hidden layer widths (default [1, 80]). */
  hiddenWidth?: [number, number];
  /** Classes (default [1, 10]). */
  classes?: [number, number];
  /** Input encoding (default: either, uint bits 1..8). */
  input?: 'uint' | 'bipolar' | 'any';
  /** Bits of uint inputs, inclusive range (default [1, 8]). */
  uintBits?: [number, number];
  /** Weight semantics (default: per layer, either). */
  semantics?: Semantics | 'any';
  /**
   * How hidden stages are written: `float` (float weights + sign), `folded`
   * (bit weights + threshold layer), `any` (per stage, any of float/bits
   * with sign, or bits with threshold; default).
   */
  style?: 'float' | 'folded' | 'any';
}

const range = (rng: Rng, r: [number, number] | undefined, dflt: [number, number]): number => rng.int(...(r ?? dflt));

function randomEncoding(rng: Rng, opts: RandomModelOptions): InputEncoding {
  const which = opts.input;
  const kind = which === undefined || which === 'any' ? rng.pick(['uint', 'bipolar'] as const) : which;
  return kind === 'uint' ? { kind: 'uint', bits: range(rng, opts.uintBits, [1, 8]) } : { kind: 'bipolar' };
}

/** Float weights, sometimes quantized to few levels so ties occur. */
function randomFloatWeights(rng: Rng, count: number): Float64Array {
  const w = new Float64Array(count);
  const levels = rng.bool(0.3) ? rng.int(1, 4) : 0;
  for (let i = 0; i < count; i++) w[i] = levels ? Math.round(rng.normal() * levels) / levels : rng.normal();
  return w;
}

function randomBits(rng: Rng, count: number): Uint8Array {
  const p = rng.pick([0, 0.1, 0.5, 0.9, 1, rng.float()]);
  const b = new Uint8Array(count);
  for (let i = 0; i < count; i++) b[i] = rng.bool(p) ? 1 : 0;
  return b;
}

/** A Stage view of a dense layer's bits, used to know the reachable q and s. */
function stageOf(d: DenseLayer, bits: Uint8Array, input: InputEncoding): Stage {
  const ones = new Int32Array(d.out);
  for (let i = 0; i < bits.length; i++) ones[Math.floor(i / d.in)]! += bits[i]!;
  return { kind: 'dense', index: 0, name: 'x', in: d.in, out: d.out, semantics: d.semantics, input, bits, ones, activation: null };
}

function pickAlpha(rng: Rng, out: number): Float64Array | 'auto' | null {
  const mode = rng.pick(['auto', 'given', 'none'] as const);
  if (mode === 'none') return null;
  if (mode === 'auto') return 'auto';
  return Float64Array.from({ length: out }, () => rng.pick([rng.float() * 2, -rng.float(), 0, 1, 0.1 + rng.float()]));
}

/**
 * Parameters for a hidden/final stage: bias and batchnorm are placed so the
 * decision boundary falls inside the reachable score range, sometimes
 * exactly on a reachable score or a few ulps from it.
 */
function affineFor(rng: Rng, st: Stage, alpha: Float64Array | null): { bias: Float64Array | null; bn: BatchNormLayer | null } {
  const out = st.out;
  const useBn = rng.bool(0.7);
  const useBias = rng.bool(0.4);
  const bias = useBias ? new Float64Array(out) : null;
  const bn: BatchNormLayer | null = useBn
    ? { type: 'batchnorm', gamma: new Float64Array(out), beta: new Float64Array(out), mean: new Float64Array(out), var: new Float64Array(out), eps: rng.pick([1e-5, 1e-3, 0.1]) }
    : null;
  for (let c = 0; c < out; c++) {
    const [lo, hi] = accRange(st, c);
    const q0 = rng.int(lo, hi);
    const s0 = scoreFromAcc(st, c, q0) + (rng.bool(0.5) ? 0 : rng.float() - 0.5);
    const a = alpha ? alpha[c]! : 1;
    const v0 = s0 * a;
    if (bias) bias[c] = rng.bool(0.5) ? v0 * rng.float() : rng.normal();
    const v = bias ? v0 + bias[c]! : v0;
    if (bn) {
      bn.gamma[c] = rng.pick([1, -1, 0, rng.normal() * 2, rng.float() + 0.1]);
      bn.var[c] = rng.pick([0, rng.float() * 10, 1]);
      bn.mean[c] = rng.bool(0.8) ? v + rng.normal() * 0.5 : rng.normal() * 50;
      const t = (bn.gamma[c]! * (v - bn.mean[c]!)) / Math.sqrt(bn.var[c]! + bn.eps);
      // beta = −t makes y(s0) exactly 0 (x + (−x) is exact); nudge by ulps sometimes.
      bn.beta[c] = rng.bool(0.5) ? ulpStep(-t, rng.pick([0, 0, 1, -1, 2, -3])) : rng.normal();
    } else if (bias && rng.bool(0.5)) {
      bias[c] = ulpStep(-v0, rng.pick([0, 0, 1, -1]));
    }
  }
  return { bias, bn };
}

function randomThresholds(rng: Rng, st: Stage): ThresholdChannel[] {
  return Array.from({ length: st.out }, (_, c): ThresholdChannel => {
    const [lo, hi] = accRange(st, c);
    const kind = rng.pick(['ge', 'ge', 'le', 'le', 'const'] as const);
    if (kind === 'const') return { kind, value: rng.pick([1, -1] as const) };
    return { kind, t: rng.int(lo - 3, hi + 3) };
  });
}

/** A random valid model (see the module comment for what it covers). */
export function randomModel(rng: Rng, opts: RandomModelOptions = {}): Model {
  const encoding = randomEncoding(rng, opts);
  const input: InputSpec = { shape: [range(rng, opts.inputWidth, [1, 300])], encoding };
  const depth = range(rng, opts.depth, [1, 4]);
  const layers: Layer[] = [];
  let fanIn = shapeSize(input.shape);
  let enc: InputEncoding = encoding;
  for (let k = 0; k < depth; k++) {
    const last = k === depth - 1;
    const out = last ? range(rng, opts.classes, [1, 10]) : range(rng, opts.hiddenWidth, [1, 80]);
    const semantics = !opts.semantics || opts.semantics === 'any' ? rng.pick(['and', 'xnor'] as const) : opts.semantics;
    const style = opts.style === 'float' ? 'float' : opts.style === 'folded' ? 'threshold' : rng.pick(['float', 'bits', 'threshold'] as const);
    const useFloat = style === 'float' && !(last && opts.style === 'folded');
    const binarize = rng.pick(['siman', 'siman-optimal', 'sign'] as const);
    const wf = useFloat ? randomFloatWeights(rng, out * fanIn) : null;
    let bits: Uint8Array;
    if (wf) {
      bits = new Uint8Array(out * fanIn);
      for (let c = 0; c < out; c++) bits.set(binarizeChannel(binarize, wf.subarray(c * fanIn, (c + 1) * fanIn)), c * fanIn);
    } else bits = randomBits(rng, out * fanIn);
    const dense: DenseLayer = {
      type: 'dense',
      in: fanIn,
      out,
      weight: wf ? { format: 'float', data: wf } : { format: 'bits', data: bits },
      binarize,
      semantics,
      bias: null,
      alpha: null,
    };
    const st = stageOf(dense, bits, enc);
    if (!last && style === 'threshold') {
      layers.push(dense, { type: 'threshold', channels: randomThresholds(rng, st) });
    } else {
      const alphaSpec = pickAlpha(rng, out);
      let alphaValue: Float64Array | null = alphaSpec instanceof Float64Array ? alphaSpec : null;
      if (alphaSpec === 'auto') alphaValue = autoAlphaOf(bits, wf, out, fanIn, st.ones);
      const { bias, bn } = affineFor(rng, st, alphaValue);
      layers.push({ ...dense, alpha: alphaSpec, bias });
      if (bn) layers.push(bn);
      if (!last) layers.push({ type: 'sign' });
    }
    fanIn = out;
    enc = { kind: 'bipolar' };
  }
  return { format: 'siman-hw.model/v1', name: `random-${rng.u32().toString(16)}`, input, layers };
}

/** A random lowered network: a random model with every hidden stage pre-folded. */
export function randomNetwork(rng: Rng, opts: Omit<RandomModelOptions, 'style'> = {}): Network {
  return lowerToNetwork(randomModel(rng, { ...opts, style: 'folded' }));
}

/** `count` random input vectors for `spec`, biased towards extreme values. */
export function randomInputs(rng: Rng, spec: InputSpec, count: number): { count: number; width: number; data: Int32Array } {
  const width = shapeSize(spec.shape);
  const data = new Int32Array(count * width);
  const max = inputMax(spec.encoding);
  for (let i = 0; i < data.length; i++) {
    if (spec.encoding.kind === 'bipolar') data[i] = rng.bool() ? 1 : -1;
    else data[i] = rng.bool(0.2) ? rng.pick([0, max]) : rng.int(0, max);
  }
  return { count, width, data };
}

/** Every bipolar vector of width n (2^n rows, row r has element i = +1 iff bit i of r). */
export function allBipolarInputs(n: number): { count: number; width: number; data: Int32Array } {
  const count = 2 ** n;
  const data = new Int32Array(count * n);
  for (let r = 0; r < count; r++) for (let i = 0; i < n; i++) data[r * n + i] = (r >>> i) & 1 ? 1 : -1;
  return { count, width: n, data };
}

/** Size and flavour limits of {@link randomCnnModel}; every field is optional. */
export interface RandomCnnOptions {
  /** Number of conv stages, inclusive range (default [1, 2]). */
  convs?: [number, number];
  /** Input channels (default [1, 3]). */
  inChannels?: [number, number];
  /** Image height and width (default [3, 11]). */
  imageSize?: [number, number];
  /** Conv output channels (default [1, 40]). */
  channels?: [number, number];
  /** Kernel sizes (default [1, 5]). */
  kernel?: [number, number];
  /** Strides (default [1, 2]). */
  stride?: [number, number];
  /** Paddings (default [0, 2]). */
  padding?: [number, number];
  /** Input encoding (default: either, uint bits 1..8). */
  input?: 'uint' | 'bipolar' | 'any';
  semantics?: Semantics | 'any';
  /** `float` (float weights + sign), `folded` (bits + threshold), `any` (default). */
  style?: 'float' | 'folded' | 'any';
  /** Where a maxpool goes: never, only before / after the activation, or any (default). */
  pool?: 'none' | 'pre' | 'post' | 'any';
  /** Classes (default [1, 10]). */
  classes?: [number, number];
  /** Hidden dense layers after the flatten (default [0, 1]). */
  denseHidden?: [number, number];
  /** Upper bound on positions × fan-in × channels per conv, to keep tests quick (default 200 000). */
  maxWork?: number;
  /**
   * Probability that a padded conv on ±1 activations zero-pads (padValue 0,
   * then always with batchnorm/sign, never a threshold layer). Default 0:
   * padValue ±1 only, and no extra draw (earlier seeds keep their models).
   */
  zeroPad?: number;
}

/**
 * A random valid CNN: image input [c, h, w] (odd and even sizes), 1–2
 * conv stages (kernel, stride, padding and pad value random, one maxpool
 * before or after the activation or none), flatten, then dense layers.
 * Uses the same weight, alpha, bias/batchnorm and threshold generators as
 * {@link randomModel}; alpha is never negative before a maxpool (the
 * format requires alpha >= 0 there).
 */
export function randomCnnModel(rng: Rng, opts: RandomCnnOptions = {}): Model {
  const encoding = randomEncoding(rng, opts);
  const size = (): number => range(rng, opts.imageSize, [3, 11]);
  let shape: [number, number, number] = [range(rng, opts.inChannels, [1, 3]), size(), size()];
  const input: InputSpec = { shape: shape.slice(), encoding };
  const layers: Layer[] = [];
  let enc: InputEncoding = encoding;
  const nConv = range(rng, opts.convs, [1, 2]);
  const maxWork = opts.maxWork ?? 200_000;
  const pickSemantics = (): Semantics => (!opts.semantics || opts.semantics === 'any' ? rng.pick(['and', 'xnor'] as const) : opts.semantics);
  const pickStyle = (): 'float' | 'bits' | 'threshold' =>
    opts.style === 'float' ? 'float' : opts.style === 'folded' ? 'threshold' : rng.pick(['float', 'bits', 'threshold'] as const);
  for (let k = 0; k < nConv; k++) {
    const [cin, h, w] = shape;
    const ph = range(rng, opts.padding, [0, 2]);
    const pw = rng.bool(0.7) ? ph : range(rng, opts.padding, [0, 2]);
    const kh = Math.min(range(rng, opts.kernel, [1, 5]), h + 2 * ph);
    const kw = rng.bool(0.7) ? Math.min(kh, w + 2 * pw) : Math.min(range(rng, opts.kernel, [1, 5]), w + 2 * pw);
    const sh = range(rng, opts.stride, [1, 2]);
    const sw = rng.bool(0.7) ? sh : range(rng, opts.stride, [1, 2]);
    const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
    const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
    const fanIn = cin * kh * kw;
    const maxOut = Math.max(1, Math.floor(maxWork / (oh * ow * fanIn)));
    const [cLo, cHi] = opts.channels ?? [1, 40];
    const out = rng.int(Math.min(cLo, maxOut), Math.max(1, Math.min(cHi, maxOut)));
    let padValue: 0 | 1 | -1 = enc.kind === 'uint' ? 0 : ph + pw > 0 ? rng.pick([1, -1] as const) : rng.pick([0, 1, -1] as const);
    const zeroPadded = enc.kind === 'bipolar' && ph + pw > 0 && opts.zeroPad !== undefined && opts.zeroPad > 0 && rng.bool(opts.zeroPad);
    if (zeroPadded) padValue = 0;
    const semantics = pickSemantics();
    const picked = pickStyle();
    // A zero-padded conv has no one-threshold-per-channel form: bits + sign instead.
    const style = zeroPadded && picked === 'threshold' ? 'bits' : picked;
    const binarize = rng.pick(['siman', 'siman-optimal', 'sign'] as const);
    const wf = style === 'float' ? randomFloatWeights(rng, out * fanIn) : null;
    let bits: Uint8Array;
    if (wf) {
      bits = new Uint8Array(out * fanIn);
      for (let c = 0; c < out; c++) bits.set(binarizeChannel(binarize, wf.subarray(c * fanIn, (c + 1) * fanIn)), c * fanIn);
    } else bits = randomBits(rng, out * fanIn);
    const conv: Layer = {
      type: 'conv2d',
      inChannels: cin,
      outChannels: out,
      kernel: [kh, kw],
      stride: [sh, sw],
      padding: [ph, pw],
      padValue,
      weight: wf ? { format: 'float', data: wf } : { format: 'bits', data: bits },
      binarize,
      semantics,
      bias: null,
      alpha: null,
    };
    // The pool: where, and a window that fits the conv output.
    const where = opts.pool === undefined || opts.pool === 'any' ? rng.pick(['none', 'pre', 'post'] as const) : opts.pool;
    const pk: [number, number] = [Math.min(rng.int(1, 3), oh), Math.min(rng.int(1, 3), ow)];
    const pool: Layer | null = where === 'none' ? null : { type: 'maxpool2d', kernel: pk, stride: [rng.int(1, 3), rng.int(1, 3)] };
    const view: DenseLayer = { type: 'dense', in: fanIn, out, weight: conv.weight, binarize, semantics, bias: null, alpha: null };
    const st = stageOf(view, bits, enc);
    layers.push(conv);
    const convLayer = layers[layers.length - 1] as Extract<Layer, { type: 'conv2d' }>;
    if (pool && where === 'pre') layers.push(pool);
    if (style === 'threshold') {
      layers.push({ type: 'threshold', channels: randomThresholds(rng, st) });
    } else {
      let alphaSpec = pickAlpha(rng, out);
      if (alphaSpec instanceof Float64Array && where === 'pre') alphaSpec = alphaSpec.map((a) => Math.abs(a));
      let alphaValue: Float64Array | null = alphaSpec instanceof Float64Array ? alphaSpec : null;
      if (alphaSpec === 'auto') alphaValue = autoAlphaOf(bits, wf, out, fanIn, st.ones);
      const { bias, bn } = affineFor(rng, st, alphaValue);
      convLayer.alpha = alphaSpec;
      convLayer.bias = bias;
      if (bn) layers.push(bn);
      layers.push({ type: 'sign' });
    }
    if (pool && where === 'post') layers.push(pool);
    shape = [out, oh, ow];
    if (pool) {
      const pl = pool as Extract<Layer, { type: 'maxpool2d' }>;
      shape = [out, Math.floor((oh - pl.kernel[0]) / pl.stride[0]) + 1, Math.floor((ow - pl.kernel[1]) / pl.stride[1]) + 1];
    }
    enc = { kind: 'bipolar' };
  }
  layers.push({ type: 'flatten' });
  const flat = shapeSize(shape);
  const tail = randomModel(rng, {
    depth: ((d: number): [number, number] => [d, d])(1 + range(rng, opts.denseHidden, [0, 1])),
    inputWidth: [flat, flat],
    classes: opts.classes ?? [1, 10],
    hiddenWidth: [1, 40],
    input: 'bipolar',
    ...(opts.semantics ? { semantics: opts.semantics } : {}),
    ...(opts.style ? { style: opts.style } : {}),
  });
  layers.push(...tail.layers);
  return { format: 'siman-hw.model/v1', name: `random-cnn-${rng.u32().toString(16)}`, input, layers };
}

/** alpha "auto": mean |w| of the weights kept (bits 1) per channel; 1 per kept weight when the weights are bits. */
function autoAlphaOf(bits: Uint8Array, wf: Float64Array | null, out: number, fanIn: number, ones: Int32Array): Float64Array {
  const alpha = new Float64Array(out);
  for (let c = 0; c < out; c++) {
    let sum = 0;
    for (let i = 0; i < fanIn; i++) if (bits[c * fanIn + i]) sum += Math.abs(wf ? wf[c * fanIn + i]! : 1);
    alpha[c] = ones[c] ? sum / ones[c]! : 0;
  }
  return alpha;
}
