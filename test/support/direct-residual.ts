/**
 * An independent integer forward pass of binarized residual models for
 * the reference tests: explicitly padded arrays, plain loops over the
 * layer list, the stream as integers A·s + B (the affine of
 * src/passes/stream-affine.ts, the one definition under test), hidden
 * signs decided by the float expression. Shares no code with src/ref.
 */
import type { BatchNormLayer, Conv2dLayer, DenseLayer, Layer, Model } from '../../src/ir/model.js';
import { streamAffine } from '../../src/passes/stream-affine.js';

type Img = [number, number, number];

/** Direct convolution of a [c][h][w] array with explicit padding: the ±1 (or integer) dot products s. */
function conv(l: Conv2dLayer, a: number[], shape: Img, uint: boolean): { s: number[]; shape: Img } {
  const [C, H, W] = shape;
  const [kh, kw] = l.kernel;
  const [ph, pw] = l.padding;
  const pv = uint ? 0 : l.padValue;
  const HP = H + 2 * ph;
  const WP = W + 2 * pw;
  const P = (c: number, y: number, x: number): number => (y >= ph && y < ph + H && x >= pw && x < pw + W ? a[(c * H + y - ph) * W + x - pw]! : pv);
  const OH = Math.floor((HP - kh) / l.stride[0]) + 1;
  const OW = Math.floor((WP - kw) / l.stride[1]) + 1;
  const bits = l.weight.data;
  const s: number[] = [];
  for (let o = 0; o < l.outChannels; o++) {
    for (let y = 0; y < OH; y++) {
      for (let x = 0; x < OW; x++) {
        let sum = 0;
        for (let c = 0; c < C; c++) {
          for (let dy = 0; dy < kh; dy++) {
            for (let dx = 0; dx < kw; dx++) {
              const b = bits[((o * C + c) * kh + dy) * kw + dx]!;
              sum += (l.semantics === 'and' ? b : 2 * b - 1) * P(c, y * l.stride[0] + dy, x * l.stride[1] + dx);
            }
          }
        }
        s.push(sum);
      }
    }
  }
  return { s, shape: [l.outChannels, OH, OW] };
}

function decide(l: Conv2dLayer | DenseLayer, bn: BatchNormLayer | null, o: number, s: number): number {
  let v = l.alpha instanceof Float64Array ? s * l.alpha[o]! : s;
  if (l.bias) v = v + l.bias[o]!;
  if (bn) v = (bn.gamma[o]! * (v - bn.mean[o]!)) / Math.sqrt(bn.var[o]! + bn.eps) + bn.beta[o]!;
  return v >= 0 ? 1 : -1;
}

/** Run a conv and its optional batchnorm from `L[i]`: ±1 outputs if a sign follows, else the stream term A·s + B. */
function convStep(L: Layer[], i: number, a: number[], shape: Img, uint: boolean, fracBits: number): { out: number[]; shape: Img; next: number; stream: boolean } {
  const l = L[i] as Conv2dLayer;
  const r = conv(l, a, shape, uint);
  let j = i + 1;
  const bn = L[j]?.type === 'batchnorm' ? (L[j++] as BatchNormLayer) : null;
  const plane = r.shape[1] * r.shape[2];
  if (L[j]?.type === 'sign') return { out: r.s.map((s, k) => decide(l, bn, Math.floor(k / plane), s)), shape: r.shape, next: j + 1, stream: false };
  const f = streamAffine(l.outChannels, l.alpha as Float64Array | null, l.bias, bn, fracBits, () => '');
  return { out: r.s.map((s, k) => f.a[Math.floor(k / plane)]! * s + f.b[Math.floor(k / plane)]!), shape: r.shape, next: j, stream: true };
}

/** The class scores of one input of a binarized residual model. */
export function directResidual(model: Model, x: Int32Array): number[] {
  const L = model.layers;
  const frac = (L.find((l) => l.type === 'residual') as { fracBits: number } | undefined)?.fracBits ?? 0;
  let shape = model.input.shape.slice() as Img;
  let a: number[] = Array.from(x);
  let uint = model.input.encoding.kind === 'uint';
  let z: number[] | null = null;
  let i = 0;
  while (i < L.length) {
    const l = L[i]!;
    if (l.type === 'flatten') {
      i++;
      continue;
    }
    if (l.type === 'conv2d') {
      const r = convStep(L, i, a, shape, uint, frac);
      if (r.stream) z = r.out;
      else a = r.out;
      shape = r.shape;
      uint = false;
      i = r.next;
      continue;
    }
    if (l.type === 'residual') {
      const inShape = shape;
      let bits: number[] = z!.map((v) => (v >= 0 ? 1 : -1));
      let k = 0;
      let t: number[] = [];
      while (k < l.layers.length) {
        const r = convStep(l.layers, k, bits, shape, false, frac);
        shape = r.shape;
        if (r.stream) t = r.out;
        else bits = r.out;
        k = r.next;
      }
      const [C, H, W] = inShape;
      const [, OH, OW] = shape;
      const sc = l.shortcut;
      for (let c = 0; c < C; c++) {
        for (let y = 0; y < OH; y++) {
          for (let xx = 0; xx < OW; xx++) {
            const from = sc.kind === 'identity' ? (c * H + y) * W + xx : (c * H + y * sc.stride[0]) * W + xx * sc.stride[1];
            const to = ((c + (sc.kind === 'identity' ? 0 : sc.padChannels[0])) * OH + y) * OW + xx;
            t[to] = t[to]! + z![from]!;
          }
        }
      }
      z = t;
      i++;
      continue;
    }
    if (l.type === 'sign') {
      a = z!.map((v) => (v >= 0 ? 1 : -1));
      z = null;
      i++;
      continue;
    }
    if (l.type === 'dense') {
      const bits = l.weight.data;
      const s: number[] = [];
      for (let o = 0; o < l.out; o++) {
        let sum = 0;
        for (let k = 0; k < l.in; k++) sum += (l.semantics === 'and' ? bits[o * l.in + k]! : 2 * bits[o * l.in + k]! - 1) * a[k]!;
        s.push(sum);
      }
      let j = i + 1;
      const bn = L[j]?.type === 'batchnorm' ? (L[j++] as BatchNormLayer) : null;
      if (L[j]?.type !== 'sign') return s;
      a = s.map((v, o) => decide(l, bn, o, v));
      uint = false;
      i = j + 1;
      continue;
    }
    throw new Error(`directResidual: unexpected ${l.type}`);
  }
  throw new Error('directResidual: no final dense');
}
