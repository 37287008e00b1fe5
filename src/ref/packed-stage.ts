/**
 * One stage of the bit-packed reference computed per vector in plain
 * JavaScript: 32-bit packed weight rows, AND / XNOR popcounts, bit planes
 * for a uint input, integer threshold compares, and a conv stage as the
 * same dense computation on the window of every output position (im2col in
 * (ci, ky, kx) order, padded taps = the pad value; with zero padding of ±1
 * activations the bit 0 and the border class's thresholds), then OR/AND
 * pooling; activations packed in [c][h][w] order.
 *
 * The batched network path (src/ref/packed-ref.ts) runs every stage
 * through the WebAssembly kernel; the residual-stream reference
 * (src/ref/residual-ref.ts) computes its stages one vector at a time here.
 */
import type { ThresholdChannel } from '../ir/model.js';
import { classAt } from '../ir/border-classes.js';
import type { ConvStage, Stage } from '../ir/network.js';
import { getBit, packBits, popcount32, wordCount } from './bit-pack.js';

export interface PackedStage {
  stage: Stage;
  words: number;
  /** Weight rows packed, `[out][words]`. */
  w: Uint32Array;
}

export function packStage(stage: Stage): PackedStage {
  const words = wordCount(stage.in);
  const w = new Uint32Array(stage.out * words);
  for (let c = 0; c < stage.out; c++) w.set(packBits(stage.bits, stage.in, (b) => b === 1, c * stage.in), c * words);
  return { stage, words, w };
}

/** Accumulator q of channel c for a bit-packed bipolar input `x`. */
function accBipolar(ps: PackedStage, c: number, x: Uint32Array): number {
  const { w, words } = ps;
  const base = c * words;
  let q = 0;
  if (ps.stage.semantics === 'and') {
    for (let j = 0; j < words; j++) q += popcount32(w[base + j]! & x[j]!);
    return q;
  }
  // xnor agreements = valid bits − disagreements; the weight and input
  // tails are zero, so w ⊕ x has no bits past the fan-in.
  for (let j = 0; j < words; j++) q += popcount32(w[base + j]! ^ x[j]!);
  return ps.stage.in - q;
}

/**
 * Accumulator q of channel c for integer inputs, through bit planes:
 * Σ_{b=1} x = Σ_k 2^k · popcount(w ∧ plane_k), so a B-bit input costs B
 * popcounts per word instead of a loop over the selected elements.
 */
function accUint(ps: PackedStage, c: number, x: UintActivations): number {
  const { w, words } = ps;
  const { planes, planeCount: p } = x;
  const base = c * words;
  let sel = 0;
  for (let k = 0; k < p; k++) {
    let n = 0;
    for (let j = 0, i = k; j < words; j++, i += p) n += popcount32(w[base + j]! & planes[i]!);
    // Every partial sum is an integer ≤ fan-in · max input ≤ 2^49 (the
    // loader's bound, docs/numerics.md §8): exact in a double.
    sel += n * 2 ** k;
  }
  // xnor: selected minus unselected = 2·selected − total.
  return ps.stage.semantics === 'and' ? sel : 2 * sel - x.total;
}

/**
 * Bit planes of `n` non-negative integers: word j of plane k (at j·P + k,
 * word-major so a weight word meets all its planes in one cache line) holds
 * bit k of elements 32j..32j+31; only as many planes P as the largest value needs.
 */
export function uintActivations(values: ArrayLike<number>, n: number): UintActivations {
  let total = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    total += v;
    if (v > max) max = v;
  }
  const planeCount = 32 - Math.clz32(max);
  const words = wordCount(n);
  const planes = new Uint32Array(planeCount * words);
  const p = planeCount;
  for (let i = 0; i < n; i++) {
    let v = values[i]!;
    const j = i >>> 5;
    const bit = 1 << (i & 31);
    for (let k = 0; v !== 0; k++, v >>>= 1) if (v & 1) planes[j * p + k]! |= bit;
  }
  return { kind: 'uint', values, planes, planeCount, total };
}

/** What flows between stages: packed ±1 bits, or (into the first stage) uint values. */
export interface UintActivations {
  kind: 'uint';
  /** The values themselves (a conv window gathers from them). */
  values: ArrayLike<number>;
  /** `planeCount` bit planes of the packed input, word-major. */
  planes: Uint32Array;
  planeCount: number;
  /** Σ x over every element (the xnor form subtracts the unselected ones). */
  total: number;
}
export type Activations = { kind: 'bits'; bits: Uint32Array } | UintActivations;

/** Accumulator of channel c on a dense input. */
export function acc(ps: PackedStage, c: number, x: Activations): number {
  return x.kind === 'uint' ? accUint(ps, c, x) : accBipolar(ps, c, x.bits);
}

/**
 * The window of output position (oy, ox) of a conv stage as a dense input
 * of `in` elements in (ci, ky, kx) order (im2col), padded taps set to the
 * pad value: 0 for uint values, the bit of padValue for bipolar inputs
 * (the bit 0 for zero padding, whose thresholds are per border class).
 */
export function window(stage: ConvStage, x: Activations, oy: number, ox: number): Activations {
  const [cin, h, w] = stage.inShape;
  const [kh, kw] = stage.kernel;
  const y0 = oy * stage.stride[0] - stage.padding[0];
  const x0 = ox * stage.stride[1] - stage.padding[1];
  const padBit = stage.padValue === 1 ? 1 : 0;
  if (x.kind === 'uint') {
    const values = new Int32Array(stage.in);
    let k = 0;
    for (let ci = 0; ci < cin; ci++) {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++, k++) {
          const iy = y0 + ky;
          const ix = x0 + kx;
          values[k] = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0 : x.values[(ci * h + iy) * w + ix]!;
        }
      }
    }
    return uintActivations(values, stage.in);
  }
  const bits = new Uint32Array(wordCount(stage.in));
  let k = 0;
  for (let ci = 0; ci < cin; ci++) {
    for (let ky = 0; ky < kh; ky++) {
      for (let kx = 0; kx < kw; kx++, k++) {
        const iy = y0 + ky;
        const ix = x0 + kx;
        const b = iy < 0 || iy >= h || ix < 0 || ix >= w ? padBit : getBit(x.bits, (ci * h + iy) * w + ix);
        if (b) bits[k >>> 5]! |= 1 << (k & 31);
      }
    }
  }
  return { kind: 'bits', bits };
}

/** A threshold channel on the accumulator: the output bit (1 ↔ +1); `q` is only evaluated for ge/le. */
export function threshold(ch: ThresholdChannel, q: () => number): number {
  if (ch.kind === 'const') return ch.value === 1 ? 1 : 0;
  const v = q();
  return (ch.kind === 'ge' ? v >= ch.t : v <= ch.t) ? 1 : 0;
}

/**
 * A conv stage: threshold every channel at every output position (the
 * sliding window), then pool the bits per channel with OR or AND.
 * Output bits in [c][h'][w'] order.
 */
export function convStagePacked(ps: PackedStage, x: Activations): Uint32Array {
  const stage = ps.stage as ConvStage;
  const [cout, oh, ow] = stage.convShape;
  const t = new Uint8Array(cout * oh * ow);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const win = window(stage, x, oy, ox);
      const act = stage.border ? stage.border.activation[classAt(stage.border, oy, ox)]! : stage.activation;
      for (let c = 0; c < cout; c++) t[(c * oh + oy) * ow + ox] = threshold(act[c]!, () => acc(ps, c, win));
    }
  }
  const [, ph, pw] = stage.outShape;
  const out = new Uint32Array(wordCount(cout * ph * pw));
  const pool = stage.pool;
  for (let c = 0; c < cout; c++) {
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        let b: number;
        if (!pool) b = t[(c * oh + py) * ow + px]!;
        else {
          const isOr = pool.op[c] === 'or';
          b = isOr ? 0 : 1;
          for (let dy = 0; dy < pool.kernel[0]; dy++) {
            for (let dx = 0; dx < pool.kernel[1]; dx++) {
              const v = t[(c * oh + py * pool.stride[0] + dy) * ow + px * pool.stride[1] + dx]!;
              b = isOr ? b | v : b & v;
            }
          }
        }
        const k = (c * ph + py) * pw + px;
        if (b) out[k >>> 5]! |= 1 << (k & 31);
      }
    }
  }
  return out;
}
