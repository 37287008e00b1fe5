/**
 * Seeded random residual networks (docs/model-format.md, "residual") for
 * the reference tests: an image input (uint or bipolar), a stem conv
 * whose batchnorm output opens the stream, 1..3 blocks (identity, or
 * option A with stride 2 and zero channels), bodies of one or two convs
 * with zero or ±1 padding, both semantics, float or bit weights, alpha
 * auto / given / absent, batchnorm with γ of both signs, then sign,
 * flatten and a dense head. Plain PRNG only.
 */
import type { BatchNormLayer, Conv2dLayer, InputSpec, Layer, Model, PadValue, ResidualLayer } from '../ir/model.js';
import { DEFAULT_FRAC_BITS } from '../model/schema.js';
import type { Rng } from './rng.js';

export interface RandomResidualOptions {
  /** Fraction bits of the stream (default {@link DEFAULT_FRAC_BITS}). */
  fracBits?: number;
  /** Image height/width range (default [2, 6]). */
  imageSize?: [number, number];
  /** Residual blocks (default [1, 3]). */
  blocks?: [number, number];
  /** Input encoding (default either). */
  input?: 'uint' | 'bipolar' | 'any';
}

function weights(rng: Rng, count: number): Conv2dLayer['weight'] {
  if (rng.bool(0.3)) return { format: 'bits', data: Uint8Array.from({ length: count }, () => (rng.bool() ? 1 : 0)) };
  return { format: 'float', data: Float64Array.from({ length: count }, () => rng.normal()) };
}

function conv(rng: Rng, inC: number, outC: number, kernel: number, stride: number, padding: number, padValue: PadValue): Conv2dLayer {
  const fan = inC * kernel * kernel;
  const weight = weights(rng, outC * fan);
  const alphaMode = rng.pick(['auto', 'given', 'none'] as const);
  const alpha = alphaMode === 'auto' ? 'auto' : alphaMode === 'given' ? Float64Array.from({ length: outC }, () => rng.pick([0.1 + rng.float(), 1, 0.5])) : null;
  return {
    type: 'conv2d',
    inChannels: inC,
    outChannels: outC,
    kernel: [kernel, kernel],
    stride: [stride, stride],
    padding: [padding, padding],
    padValue,
    weight,
    binarize: rng.pick(['siman', 'sign', 'siman-optimal'] as const),
    semantics: rng.pick(['and', 'xnor'] as const),
    bias: rng.bool(0.3) ? Float64Array.from({ length: outC }, () => rng.normal()) : null,
    alpha,
  };
}

/** A batchnorm whose outputs straddle 0 for sums of the size `scale`. */
function batchnorm(rng: Rng, out: number, scale: number): BatchNormLayer {
  return {
    type: 'batchnorm',
    gamma: Float64Array.from({ length: out }, () => rng.pick([1, -1, rng.normal(), 0.1 + rng.float()])),
    beta: Float64Array.from({ length: out }, () => rng.normal() * 0.5),
    mean: Float64Array.from({ length: out }, () => rng.normal() * Math.sqrt(scale)),
    var: Float64Array.from({ length: out }, () => scale * (0.2 + rng.float())),
    eps: 1e-5,
  };
}

const padFor = (rng: Rng, padding: number): PadValue => (padding === 0 ? 0 : rng.pick([0, 0, -1, 1] as const));

/** A random valid residual model. */
export function randomResidualModel(rng: Rng, opts: RandomResidualOptions = {}): Model {
  const [smin, smax] = opts.imageSize ?? [2, 6];
  const h = rng.int(smin, smax);
  const w = rng.int(smin, smax);
  const inC = rng.int(1, 2);
  const kind = opts.input === undefined || opts.input === 'any' ? rng.pick(['uint', 'bipolar'] as const) : opts.input;
  const input: InputSpec = kind === 'uint' ? { shape: [inC, h, w], encoding: { kind: 'uint', bits: rng.int(1, 3) } } : { shape: [inC, h, w], encoding: { kind: 'bipolar' } };
  const fracBits = opts.fracBits ?? DEFAULT_FRAC_BITS;
  let c = rng.int(1, 3);
  let size: [number, number] = [h, w];
  const layers: Layer[] = [];
  const k0 = rng.pick([1, 3]);
  const p0 = k0 === 3 ? 1 : 0;
  layers.push(conv(rng, inC, c, k0, 1, p0, kind === 'uint' ? 0 : padFor(rng, p0)));
  if (rng.bool(0.85)) layers.push(batchnorm(rng, c, inC * k0 * k0));
  const [bmin, bmax] = opts.blocks ?? [1, 3];
  const blocks = rng.int(bmin, bmax);
  for (let b = 0; b < blocks; b++) {
    const down = rng.bool(0.35) && size[0] > 1 && size[1] > 1;
    const pads: [number, number] = down ? [rng.int(0, 2), rng.int(0, 2)] : [0, 0];
    const outC = c + pads[0] + pads[1];
    const body: Layer[] = [];
    const two = rng.bool(0.5);
    const k = rng.pick([1, 3]);
    const p = k === 3 ? 1 : 0;
    const s = down ? 2 : 1;
    if (two) {
      const mid = rng.int(1, 3);
      body.push(conv(rng, c, mid, k, s, p, padFor(rng, p)));
      if (rng.bool(0.8)) body.push(batchnorm(rng, mid, c * k * k));
      body.push({ type: 'sign' });
      const k2 = rng.pick([1, 3]);
      const p2 = k2 === 3 ? 1 : 0;
      body.push(conv(rng, mid, outC, k2, 1, p2, padFor(rng, p2)));
      if (rng.bool(0.85)) body.push(batchnorm(rng, outC, mid * k2 * k2));
    } else {
      body.push(conv(rng, c, outC, k, s, p, padFor(rng, p)));
      if (rng.bool(0.85)) body.push(batchnorm(rng, outC, c * k * k));
    }
    const shortcut: ResidualLayer['shortcut'] = down ? { kind: 'subsample', stride: [2, 2], padChannels: pads } : { kind: 'identity' };
    const r: ResidualLayer = { type: 'residual', shortcut, fracBits, layers: body };
    if (rng.bool(0.5)) r.name = `res${b}`;
    layers.push(r);
    c = outC;
    if (down) size = [Math.ceil(size[0] / 2), Math.ceil(size[1] / 2)];
  }
  layers.push({ type: 'sign' }, { type: 'flatten' });
  const n = c * size[0] * size[1];
  const classes = rng.int(2, 4);
  layers.push({
    type: 'dense',
    in: n,
    out: classes,
    weight: { format: 'float', data: Float64Array.from({ length: classes * n }, () => rng.normal()) },
    binarize: 'siman',
    semantics: rng.pick(['and', 'xnor'] as const),
    bias: null,
    alpha: rng.bool() ? 'auto' : null,
  });
  if (rng.bool(0.5)) layers.push(batchnorm(rng, classes, n));
  return { format: 'siman-hw.model/v1', name: 'random-residual', input, layers };
}

/**
 * The ResNet-20 shape of the official SiMaN CIFAR code with seeded random
 * latent weights: uint8 [3, 32, 32] input, a 3×3 stem conv to 16
 * channels with batchnorm, three stages of three BasicBlocks at 16, 32
 * and 64 channels, each conv its own Bi-Real residual block (3×3, zero
 * padding, `xnor`, alpha auto, batchnorm; the first of stages 2 and 3
 * with stride 2 and the option-A shortcut, planes/4 zero channels on each
 * side), then sign, flatten and a dense 4096 → 10 with batchnorm. Unlike
 * the official network, the stem conv is binarized (the format has no
 * real-valued first conv yet), there is no PReLU and no global average
 * pooling; weights are random, so no accuracy is claimed.
 */
export function resnet20Shape(rng: Rng, fracBits = DEFAULT_FRAC_BITS): Model {
  const conv3 = (i: number, o: number, s: number): Conv2dLayer => ({
    type: 'conv2d',
    inChannels: i,
    outChannels: o,
    kernel: [3, 3],
    stride: [s, s],
    padding: [1, 1],
    padValue: 0,
    weight: { format: 'float', data: Float64Array.from({ length: o * i * 9 }, () => rng.normal()) },
    binarize: 'siman',
    semantics: 'xnor',
    bias: null,
    alpha: 'auto',
  });
  const bn = (n: number): BatchNormLayer => ({
    type: 'batchnorm',
    gamma: Float64Array.from({ length: n }, () => 0.5 + rng.float()),
    beta: Float64Array.from({ length: n }, () => rng.normal() * 0.1),
    mean: Float64Array.from({ length: n }, () => rng.normal()),
    var: Float64Array.from({ length: n }, () => 1 + rng.float()),
    eps: 1e-5,
  });
  const layers: Layer[] = [{ ...conv3(3, 16, 1), name: 'conv1' }, bn(16)];
  let c = 16;
  ([[16, 1], [32, 2], [64, 2]] as const).forEach(([planes, stride], stage) => {
    for (let b = 0; b < 3; b++) {
      const s = b === 0 ? stride : 1;
      const shortcut: ResidualLayer['shortcut'] = s !== 1 || c !== planes ? { kind: 'subsample', stride: [2, 2], padChannels: [planes / 4, planes / 4] } : { kind: 'identity' };
      layers.push({ type: 'residual', name: `layer${stage + 1}.${b}.conv1`, shortcut, fracBits, layers: [conv3(c, planes, s), bn(planes)] });
      layers.push({ type: 'residual', name: `layer${stage + 1}.${b}.conv2`, shortcut: { kind: 'identity' }, fracBits, layers: [conv3(planes, planes, 1), bn(planes)] });
      c = planes;
    }
  });
  layers.push({ type: 'sign' }, { type: 'flatten' });
  layers.push({ type: 'dense', name: 'linear', in: 64 * 8 * 8, out: 10, weight: { format: 'float', data: Float64Array.from({ length: 10 * 4096 }, () => rng.normal()) }, binarize: 'siman', semantics: 'xnor', bias: null, alpha: 'auto' }, bn(10));
  return { format: 'siman-hw.model/v1', name: 'resnet20-shape', input: { shape: [3, 32, 32], encoding: { kind: 'uint', bits: 8 } }, layers };
}
