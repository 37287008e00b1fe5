/**
 * Reference (b): bit-packed integer inference from the lowered
 * {@link Network}, computed the way the hardware does: popcounts of AND /
 * XNOR over packed words (xnor as fan-in minus the popcount of w ⊕ x, the
 * tails being zero), bit planes for a uint
 * first layer, integer threshold compares, integer scores. A conv stage is
 * the same dense computation on the window of every output position
 * (im2col in (ci, ky, kx) order, padded taps = the pad value; with zero
 * padding of ±1 activations the bit 0 and the border class's thresholds), followed by
 * per-channel OR/AND pooling of the thresholded bits; activations are
 * packed in [c][h][w] order.
 *
 * Dense stages run in batches of vectors through the WebAssembly popcount
 * kernel (src/ref/popcount-kernel.ts: 64-bit words, i64.popcnt, each
 * weight row read once per batch); thresholds and scores are applied here.
 * Conv stages use the 32-bit JavaScript popcounts below.
 */
import type { ThresholdChannel } from '../ir/model.js';
import { classAt } from '../ir/border-classes.js';
import type { ConvStage, Network, Stage } from '../ir/network.js';
import { scoreFromAcc } from '../ir/network.js';
import { checkBatch, type InferenceResult, type InputBatch } from './batch.js';
import { getBit, packBits, popcount32, wordCount } from './bit-pack.js';
import { predict } from './predict.js';
import { PopcountKernel, wordCount64 } from './popcount-kernel.js';
import { inputMax } from '../ir/model.js';

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

/** Packed weights per network, built once (networks are never mutated). */
const packedCache = new WeakMap<Network, PackedStage[]>();

function packedStages(network: Network): PackedStage[] {
  let stages = packedCache.get(network);
  if (!stages) {
    stages = network.stages.map(packStage);
    packedCache.set(network, stages);
  }
  return stages;
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

/** Vectors per kernel call: a batch of 1024-bit vectors stays in L1 while each weight row is read once. */
const BATCH = 32;

/** A dense stage's weights in kernel memory, 64-bit words per row, and its thresholds as arrays. */
interface KernelDense {
  ptr: number;
  words64: number;
  /** In kernel memory, per channel: mode (u8: 0 const 0, 1 const 1, 2 q ≥ t, 3 q ≤ t) and t (f64). */
  mode: number;
  t: number;
}

/** A packed network in its own kernel instance, with batch buffers. */
interface KernelNet {
  kernel: PopcountKernel;
  dense: (KernelDense | null)[];
  /** Two activation buffers of BATCH × maxWords64 words, the uint planes buffer, the popcount output. */
  act: [number, number];
  planes: number;
  planeCount: number;
  out: number;
  /** Σ x per vector of a uint batch (f64). */
  totals: number;
}

const kernelCache = new WeakMap<Network, KernelNet>();

function kernelNet(network: Network): KernelNet {
  const hit = kernelCache.get(network);
  if (hit) return hit;
  const kernel = new PopcountKernel();
  let maxWords = 1;
  let maxOut = 1;
  const dense = network.stages.map((stage): KernelDense | null => {
    maxWords = Math.max(maxWords, wordCount64(stage.in), wordCount64(stage.out));
    if (stage.kind === 'conv') return null;
    maxOut = Math.max(maxOut, stage.out);
    const words64 = wordCount64(stage.in);
    const ptr = kernel.alloc(stage.out * words64 * 8);
    for (let c = 0; c < stage.out; c++) kernel.u32.set(packBits(stage.bits, stage.in, (b) => b === 1, c * stage.in), (ptr >>> 2) + c * words64 * 2);
    const mode = kernel.alloc(stage.out);
    const t = kernel.alloc(stage.out * 8);
    if (stage.activation) {
      const m8 = new Uint8Array(kernel.fn.memory.buffer, mode, stage.out);
      stage.activation.forEach((ch, c) => {
        if (ch.kind === 'const') m8[c] = ch.value === 1 ? 1 : 0;
        else {
          m8[c] = ch.kind === 'ge' ? 2 : 3;
          kernel.f64[(t >>> 3) + c] = ch.t;
        }
      });
    }
    return { ptr, words64, mode, t };
  });
  const enc = network.input.encoding;
  const planeCount = enc.kind === 'uint' ? 32 - Math.clz32(inputMax(enc)) || 1 : 0;
  const actStride = maxWords * 8;
  const a0 = kernel.alloc(BATCH * actStride);
  const a1 = kernel.alloc(BATCH * actStride);
  const planes = planeCount ? kernel.alloc(BATCH * wordCount64(network.stages[0]!.in) * planeCount * 8) : 0;
  const out = kernel.alloc(BATCH * maxOut * 8);
  const totals = kernel.alloc(BATCH * 8);
  const net = { kernel, dense, act: [a0, a1] as [number, number], planes, planeCount, out, totals };
  kernelCache.set(network, net);
  return net;
}

/**
 * Bit planes of a batch of uint rows in kernel memory: vector v, 64-bit
 * word j, plane k at ((v·words + j)·P + k). Returns Σ x per row (the xnor
 * form subtracts the unselected inputs).
 */
function writePlanes(net: KernelNet, data: Int32Array, width: number, r0: number, n: number, p: number): Float64Array {
  const { u32 } = net.kernel;
  const words = wordCount64(width);
  const base = net.planes >>> 2;
  u32.fill(0, base, base + n * words * p * 2);
  const totals = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const off = (r0 + v) * width;
    let total = 0;
    for (let i = 0; i < width; i++) {
      let x = data[off + i]!;
      if (x === 0) continue;
      total += x;
      // Low or high 32-bit half of 64-bit word i >>> 6.
      const at = base + (v * words + (i >>> 6)) * p * 2 + ((i >>> 5) & 1);
      const bit = 1 << (i & 31);
      // Int32Array values are < 2^31: plain bit operations.
      for (let k = 0; x !== 0; k++, x >>>= 1) if (x & 1) u32[at + 2 * k]! |= bit;
    }
    totals[v] = total;
  }
  return totals;
}

/**
 * Bit-packed reference inference of a lowered network on `inputs`.
 * @throws UserError E_INPUT for inputs that do not fit the network.
 */
export function inferPacked(network: Network, inputs: InputBatch): InferenceResult {
  checkBatch(network.input, inputs);
  const stages = packedStages(network);
  const net = kernelNet(network);
  const classes = network.stages[network.stages.length - 1]!.out;
  const scores = new Float64Array(inputs.count * classes);
  const { width, data } = inputs;
  const bipolarInput = network.input.encoding.kind === 'bipolar';
  for (let r0 = 0; r0 < inputs.count; r0 += BATCH) {
    const n = Math.min(BATCH, inputs.count - r0);
    inferBatch(network, stages, net, data, width, r0, n, scores, classes, bipolarInput);
  }
  return { count: inputs.count, classes, scores, ...predict(network.head, scores, classes) };
}

/** Where a batch's activations are: JavaScript per vector (conv stages), or packed in a kernel buffer. */
type BatchActs = { where: 'js'; xs: Activations[] } | { where: 'kernel'; buf: number; uint: Float64Array | null; p: number; s32: number };

function inferBatch(network: Network, stages: PackedStage[], net: KernelNet, data: Int32Array, width: number, r0: number, n: number, scores: Float64Array, classes: number, bipolarInput: boolean): void {
  const { kernel } = net;
  let acts: BatchActs;
  let which = 0;
  if (stages[0]!.stage.kind === 'conv') {
    const xs: Activations[] = [];
    for (let v = 0; v < n; v++) {
      const row = data.subarray((r0 + v) * width, (r0 + v + 1) * width);
      xs.push(bipolarInput ? { kind: 'bits', bits: packBits(row, width, (x) => x === 1) } : uintActivations(row, width));
    }
    acts = { where: 'js', xs };
  } else if (bipolarInput) {
    const base = net.act[0] >>> 2;
    const u32 = kernel.u32;
    const s32 = 2 * wordCount64(width);
    u32.fill(0, base, base + n * s32);
    for (let v = 0; v < n; v++) {
      const off = (r0 + v) * width;
      for (let i = 0; i < width; i++) if (data[off + i] === 1) u32[base + v * s32 + (i >>> 5)]! |= 1 << (i & 31);
    }
    acts = { where: 'kernel', buf: net.act[0], uint: null, p: 0, s32 };
  } else {
    // Only as many planes as the batch's largest value needs.
    let max = 0;
    for (let i = r0 * width; i < (r0 + n) * width; i++) if (data[i]! > max) max = data[i]!;
    const p = Math.max(1, Math.ceil(Math.log2(max + 1)));
    acts = { where: 'kernel', buf: net.planes, uint: writePlanes(net, data, width, r0, n, p), p, s32: 0 };
  }
  for (let si = 0; si < stages.length; si++) {
    const ps = stages[si]!;
    const { stage } = ps;
    if (stage.kind === 'conv') {
      const xs: Activations[] = acts.where === 'js' ? acts.xs : fromKernel(net, acts.buf, acts.s32, n, stage.in);
      acts = { where: 'js', xs: xs.map((x) => ({ kind: 'bits', bits: convStagePacked(ps, x) })) };
      continue;
    }
    if (acts.where === 'js') {
      // After a conv stage every activation is packed bits.
      const base = net.act[which] >>> 2;
      const s32 = 2 * wordCount64(stage.in);
      kernel.u32.fill(0, base, base + n * s32);
      acts.xs.forEach((x, v) => kernel.u32.set((x as { bits: Uint32Array }).bits, base + v * s32));
      acts = { where: 'kernel', buf: net.act[which], uint: null, p: 0, s32 };
      which ^= 1;
    }
    const kd = net.dense[si]!;
    const rows = stage.out;
    const isAnd = stage.semantics === 'and';
    const uint = acts.uint;
    if (uint) kernel.fn.planePop(kd.ptr, rows, kd.words64, acts.p, acts.buf, n, net.out);
    else if (isAnd) kernel.fn.andPop(kd.ptr, rows, kd.words64, acts.buf, n, net.out);
    else kernel.fn.xorPop(kd.ptr, rows, kd.words64, acts.buf, n, net.out);
    const last = stage.activation === null;
    const nextBuf = acts.buf === net.act[0] ? net.act[1] : net.act[0];
    const s32 = 2 * wordCount64(rows);
    if (!last) {
      if (uint) kernel.f64.set(uint, net.totals >>> 3);
      kernel.fn.threshold(net.out, uint ? 1 : 0, rows, n, stage.in, isAnd ? 1 : 0, net.totals, kd.mode, kd.t, nextBuf);
      acts = { where: 'kernel', buf: nextBuf, uint: null, p: 0, s32 };
      continue;
    }
    const pop: ArrayLike<number> = uint ? kernel.f64 : kernel.i32;
    const pbase = uint ? net.out >>> 3 : net.out >>> 2;
    for (let v = 0; v < n; v++) {
      const pv = pbase + v * rows;
      for (let c = 0; c < rows; c++) {
        const m = pop[pv + c]!;
        // Accumulator q: and → selected; xnor → agreements (bipolar: fan-in − disagreements; uint: 2·selected − Σx).
        const q = uint ? (isAnd ? m : 2 * m - uint[v]!) : isAnd ? m : stage.in - m;
        scores[(r0 + v) * classes + c] = scoreFromAcc(stage, c, q);
      }
    }
    return;
  }
}
/** Copy `n` packed vectors of `bits` elements out of a kernel buffer. */
function fromKernel(net: KernelNet, buf: number, s32: number, n: number, bits: number): Activations[] {
  const xs: Activations[] = [];
  for (let v = 0; v < n; v++) xs.push({ kind: 'bits', bits: net.kernel.u32.slice((buf >>> 2) + v * s32, (buf >>> 2) + v * s32 + wordCount(bits)) });
  return xs;
}
