/**
 * An independent float64 forward pass of binarized CNN models for the
 * reference tests (explicitly padded arrays, plain loops; shares no code
 * with src/ref).
 */
import type { Layer, Model } from '../../src/ir/model.js';
import { binarizeWeights } from '../../src/passes/binarize-weights.js';
import type { InputBatch } from '../../src/ref/batch.js';
import { affineValue } from '../../src/ref/predict.js';

/**
 * An independent float64 forward pass written for this test only: the
 * input is first copied into an explicitly padded array (pad value in the
 * border), the conv is a plain 6-deep loop over it, the activation is
 * sign of the affine (or the threshold on q), and pooling takes a max over
 * explicit window lists. Handles bit-weight (binarized) models.
 */
export function directForward(model: Model, x: Int32Array): number[] {
  let shape = model.input.shape.slice();
  let a: number[] = Array.from(x);
  let enc = model.input.encoding.kind;
  const L = model.layers;
  let i = 0;
  while (i < L.length) {
    const l = L[i]!;
    if (l.type === 'flatten') {
      shape = [a.length];
      i++;
      continue;
    }
    if (l.type === 'conv2d') {
      if (l.weight.format !== 'bits') throw new Error('test expects binarized models');
      const [C, H, W] = shape as [number, number, number];
      const [kh, kw] = l.kernel;
      const [ph, pw] = l.padding;
      const HP = H + 2 * ph;
      const WP = W + 2 * pw;
      const padded: number[][][] = [];
      for (let c = 0; c < C; c++) {
        const plane: number[][] = [];
        for (let y = 0; y < HP; y++) {
          const row: number[] = [];
          for (let xx = 0; xx < WP; xx++) {
            const inside = y >= ph && y < ph + H && xx >= pw && xx < pw + W;
            row.push(inside ? a[c * H * W + (y - ph) * W + (xx - pw)]! : l.padValue);
          }
          plane.push(row);
        }
        padded.push(plane);
      }
      const OH = Math.floor((HP - kh) / l.stride[0]) + 1;
      const OW = Math.floor((WP - kw) / l.stride[1]) + 1;
      const O = l.outChannels;
      const s: number[][][] = [];
      const wv = (o: number, c: number, y: number, xx: number): number => {
        const b = l.weight.data[((o * C + c) * kh + y) * kw + xx]!;
        return l.semantics === 'and' ? b : 2 * b - 1;
      };
      for (let o = 0; o < O; o++) {
        const plane: number[][] = [];
        for (let y = 0; y < OH; y++) {
          const row: number[] = [];
          for (let xx = 0; xx < OW; xx++) {
            let sum = 0;
            for (let c = 0; c < C; c++) for (let dy = 0; dy < kh; dy++) for (let dx = 0; dx < kw; dx++) sum += wv(o, c, dy, dx) * padded[c]![y * l.stride[0] + dy]![xx * l.stride[1] + dx]!;
            row.push(sum);
          }
          plane.push(row);
        }
        s.push(plane);
      }
      let j = i + 1;
      type Pool = Extract<Layer, { type: 'maxpool2d' }>;
      let pool: Pool | null = null;
      if (L[j]?.type === 'maxpool2d') pool = L[j++] as Pool;
      const bn = L[j]?.type === 'batchnorm' ? (L[j++] as Extract<Layer, { type: 'batchnorm' }>) : null;
      const act = L[j++]!;
      let ones: number[] = [];
      for (let o = 0; o < O; o++) {
        let k = 0;
        for (let t = 0; t < C * kh * kw; t++) k += l.weight.data[o * C * kh * kw + t]!;
        ones.push(k);
      }
      const qOf = (o: number, v: number): number => (enc === 'uint' ? v : l.semantics === 'and' ? (v + ones[o]!) / 2 : (v + C * kh * kw) / 2);
      const pre = (o: number, v: number): number => {
        let r = l.alpha instanceof Float64Array ? v * l.alpha[o]! : v;
        if (l.bias) r = r + l.bias[o]!;
        return r;
      };
      const decide = (o: number, v: number, pooledPre: boolean): number => {
        if (act.type === 'sign') {
          if (!pooledPre) return affineValue(v, o, l.alpha as Float64Array | null, l.bias, bn) >= 0 ? 1 : -1;
          const y = bn ? (bn.gamma[o]! * (v - bn.mean[o]!)) / Math.sqrt(bn.var[o]! + bn.eps) + bn.beta[o]! : v;
          return y >= 0 ? 1 : -1;
        }
        if (act.type !== 'threshold') throw new Error('bad act');
        const ch = act.channels[o]!;
        const q = pooledPre ? v : qOf(o, v);
        return ch.kind === 'const' ? ch.value : (ch.kind === 'ge' ? q >= ch.t : q <= ch.t) ? 1 : -1;
      };
      const doPool = (m: number[][][], p: Pool): number[][][] => {
        const oh = Math.floor((m[0]!.length - p.kernel[0]) / p.stride[0]) + 1;
        const ow = Math.floor((m[0]![0]!.length - p.kernel[1]) / p.stride[1]) + 1;
        return m.map((plane) =>
          Array.from({ length: oh }, (_, y) =>
            Array.from({ length: ow }, (_, xx) => {
              const vals: number[] = [];
              for (let dy = 0; dy < p.kernel[0]; dy++) for (let dx = 0; dx < p.kernel[1]; dx++) vals.push(plane[y * p.stride[0] + dy]![xx * p.stride[1] + dx]!);
              return Math.max(...vals);
            }),
          ),
        );
      };
      let outT: number[][][];
      if (pool) {
        const preV = s.map((plane, o) => plane.map((row) => row.map((v) => (act.type === 'sign' ? pre(o, v) : qOf(o, v)))));
        outT = doPool(preV, pool).map((plane, o) => plane.map((row) => row.map((v) => decide(o, v, true))));
      } else {
        outT = s.map((plane, o) => plane.map((row) => row.map((v) => decide(o, v, false))));
        if (L[j]?.type === 'maxpool2d') outT = doPool(outT, L[j++] as Pool);
      }
      a = outT.flat(2);
      shape = [O, outT[0]!.length, outT[0]![0]!.length];
      enc = 'bipolar';
      ones = [];
      i = j;
      continue;
    }
    if (l.type === 'dense') {
      if (l.weight.format !== 'bits') throw new Error('test expects binarized models');
      const s: number[] = [];
      for (let o = 0; o < l.out; o++) {
        let sum = 0;
        for (let t = 0; t < l.in; t++) {
          const b = l.weight.data[o * l.in + t]!;
          sum += (l.semantics === 'and' ? b : 2 * b - 1) * a[t]!;
        }
        s.push(sum);
      }
      let j = i + 1;
      const bn = L[j]?.type === 'batchnorm' ? (L[j++] as Extract<Layer, { type: 'batchnorm' }>) : null;
      const act = L[j];
      if (!act) return s;
      if (act.type === 'sign') a = s.map((v, o) => (affineValue(v, o, l.alpha as Float64Array | null, l.bias, bn) >= 0 ? 1 : -1));
      else if (act.type === 'threshold') {
        let k = 0;
        a = s.map((v, o) => {
          k = 0;
          for (let t = 0; t < l.in; t++) k += l.weight.data[o * l.in + t]!;
          const q = enc === 'uint' ? v : l.semantics === 'and' ? (v + k) / 2 : (v + l.in) / 2;
          const ch = act.channels[o]!;
          return ch.kind === 'const' ? ch.value : (ch.kind === 'ge' ? q >= ch.t : q <= ch.t) ? 1 : -1;
        });
      } else throw new Error('bad dense act');
      enc = 'bipolar';
      shape = [a.length];
      i = j + 1;
      continue;
    }
    throw new Error(`unexpected ${l.type}`);
  }
  throw new Error('no final layer');
}

/** {@link directForward} of every row of `inputs` after binarize-weights, scores concatenated. */
export function directScores(model: Model, inputs: InputBatch): number[] {
  const bin = binarizeWeights.run(model, {}).model;
  const out: number[] = [];
  for (let r = 0; r < inputs.count; r++) out.push(...directForward(bin, inputs.data.subarray(r * inputs.width, (r + 1) * inputs.width)));
  return out;
}

