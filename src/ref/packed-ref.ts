/**
 * Reference (b): bit-packed integer inference from the lowered
 * {@link Network}, computed the way the hardware does: popcounts of AND /
 * XNOR over packed words (xnor as fan-in minus the popcount of w ⊕ x, the
 * tails being zero), bit planes for a uint first layer, integer threshold
 * compares, integer scores. A conv stage is the same dense computation on
 * the window of every output position (im2col, padded taps = the pad
 * value; with zero padding of ±1 activations the bit 0 and the border
 * class's thresholds), followed by per-channel OR/AND pooling of the
 * thresholded bits; what a dense stage reads after the convs is packed in
 * [c][h][w] order.
 *
 * Every stage runs through the WebAssembly popcount kernel
 * (src/kernel/popcount-kernel.ts: 64-bit words, i64.popcnt, each weight row
 * read once per batch): dense stages in batches of vectors, conv stages
 * one image at a time with its output positions as the batch
 * (src/ref/conv-kernel.ts). Thresholds are applied in the kernel, the
 * last stage's scores here.
 */
import { scoreFromAcc, type Network } from '../ir/network.js';
import { checkBatch, type InferenceResult, type InputBatch } from './batch.js';
import { predict } from './predict.js';
import { chunkCount16, PopcountKernel, wordCount64 } from '../kernel/popcount-kernel.js';
import { convThroughKernel, firstImage, kernelThresholds, packConv, writeChw, type KernelConv, type KernelThresholds } from './conv-kernel.js';
import { inputMax } from '../ir/model.js';

/** Vectors per kernel call: a batch of 1024-bit vectors stays in L1 while each weight row is read once. */
const BATCH = 32;

/** A dense stage's weights in kernel memory, 64-bit words per row, and its thresholds. */
interface KernelDense extends KernelThresholds {
  ptr: number;
  words64: number;
}

/** A packed network in its own kernel instance, with batch buffers. */
interface KernelNet {
  kernel: PopcountKernel;
  /** The leading conv stages (conv stages never follow a dense one), then the dense stages. */
  convs: KernelConv[];
  dense: KernelDense[];
  /** Two activation buffers of BATCH × maxWords64 words, the uint planes buffer, the popcount output. */
  act: [number, number];
  planes: number;
  /**
   * A dense uint first stage of at most 8 bits runs as byte dot products
   * (the kernel's byteDot): its weights as byte masks, 16-byte chunks per
   * row, and the batch's values one byte each; null otherwise (bit planes).
   */
  bytes: { masks: number; chunks: number; buf: number } | null;
  out: number;
  /** Σ x per vector of a uint batch (f64). */
  totals: number;
}

const kernelCache = new WeakMap<Network, KernelNet>();

function kernelNet(network: Network): KernelNet {
  const hit = kernelCache.get(network);
  if (hit) return hit;
  const kernel = new PopcountKernel();
  const enc = network.input.encoding;
  const planeCount = enc.kind === 'uint' ? 32 - Math.clz32(inputMax(enc)) || 1 : 1;
  let maxWords = 1;
  let maxOut = 1;
  const convs: KernelConv[] = [];
  const dense: KernelDense[] = [];
  for (const stage of network.stages) {
    maxWords = Math.max(maxWords, wordCount64(stage.in), wordCount64(stage.out));
    if (stage.kind === 'conv') {
      if (dense.length) throw new Error(`internal: conv stage ${stage.name} after a dense stage`);
      convs.push(packConv(kernel, stage, convs.length ? 1 : planeCount, convs.length === 0));
      continue;
    }
    maxOut = Math.max(maxOut, stage.out);
    const words64 = wordCount64(stage.in);
    const ptr = kernel.alloc(stage.out * words64 * 8);
    for (let c = 0; c < stage.out; c++) {
      const row = (ptr >>> 2) + c * words64 * 2;
      for (let i = 0; i < stage.in; i++) if (stage.bits[c * stage.in + i] === 1) kernel.u32[row + (i >>> 5)]! |= 1 << (i & 31);
    }
    // The last stage has no activation: its scores are computed here.
    dense.push({ ptr, words64, ...kernelThresholds(kernel, stage.activation ?? []) });
  }
  const actStride = maxWords * 8;
  const a0 = kernel.alloc(BATCH * actStride);
  const a1 = kernel.alloc(BATCH * actStride);
  const first = network.stages[0]!;
  // byteDot sums in u32 lanes: exact while fan-in · 255 < 2^32.
  const byteFirst = enc.kind === 'uint' && !convs.length && inputMax(enc) <= 255 && first.in * 255 < 2 ** 32;
  const planes = enc.kind === 'uint' && !convs.length && !byteFirst ? kernel.alloc(BATCH * wordCount64(first.in) * planeCount * 8) : 0;
  let bytes: KernelNet['bytes'] = null;
  if (byteFirst) {
    const chunks = chunkCount16(first.in);
    const masks = kernel.alloc(first.out * chunks * 16);
    for (let c = 0; c < first.out; c++) {
      const row = masks + c * chunks * 16;
      for (let i = 0; i < first.in; i++) if (first.bits[c * first.in + i] === 1) kernel.u8[row + i] = 0xff;
    }
    bytes = { masks, chunks, buf: kernel.alloc(BATCH * chunks * 16) };
  }
  const out = kernel.alloc(BATCH * maxOut * 8);
  const totals = kernel.alloc(BATCH * 8);
  const net = { kernel, convs, dense, act: [a0, a1] as [number, number], planes, bytes, out, totals };
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
 * A batch of uint rows (values ≤ 255) as bytes in kernel memory, `chunks`
 * 16-byte chunks per vector, tails zero (the layout of byteDot). Returns
 * Σ x per row.
 */
function writeBytes(net: KernelNet, data: Int32Array, width: number, r0: number, n: number): Float64Array {
  const { u8 } = net.kernel;
  const { buf, chunks } = net.bytes!;
  const stride = chunks * 16;
  u8.fill(0, buf, buf + n * stride);
  const totals = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const off = (r0 + v) * width;
    const at = buf + v * stride;
    let total = 0;
    for (let i = 0; i < width; i++) {
      const x = data[off + i]!;
      u8[at + i] = x;
      total += x;
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
  const net = kernelNet(network);
  const classes = network.stages[network.stages.length - 1]!.out;
  const scores = new Float64Array(inputs.count * classes);
  for (let r0 = 0; r0 < inputs.count; r0 += BATCH) {
    const n = Math.min(BATCH, inputs.count - r0);
    inferBatch(network, net, inputs, r0, n, scores, classes);
  }
  return { count: inputs.count, classes, scores, ...predict(network.head, scores, classes) };
}

/**
 * Where a batch's activations are in kernel memory: packed bits (`s32`
 * 32-bit words per vector), or uint values with Σ x per vector, as `p` bit
 * planes or (p = 0) as bytes for byteDot.
 */
interface BatchActs {
  buf: number;
  uint: Float64Array | null;
  p: number;
  s32: number;
}

/** The batch's input to the first dense stage: the rows themselves packed, or the leading conv stages' output. */
function firstDenseInput(network: Network, net: KernelNet, inputs: InputBatch, r0: number, n: number): BatchActs {
  const { kernel } = net;
  const { width, data } = inputs;
  const bipolar = network.input.encoding.kind === 'bipolar';
  const first = network.stages[net.convs.length]!;
  const s32 = 2 * wordCount64(first.in);
  const base = net.act[0] >>> 2;
  if (net.convs.length) {
    kernel.u32.fill(0, base, base + n * s32);
    const last = net.convs[net.convs.length - 1]!.stage;
    for (let v = 0; v < n; v++) {
      let img = convThroughKernel(kernel, net.convs[0]!, firstImage(net.convs[0]!, data.subarray((r0 + v) * width, (r0 + v + 1) * width), bipolar));
      for (let i = 1; i < net.convs.length; i++) img = convThroughKernel(kernel, net.convs[i]!, img);
      writeChw(kernel.u32, base + v * s32, img, last.outShape);
    }
    return { buf: net.act[0], uint: null, p: 0, s32 };
  }
  if (bipolar) {
    const u32 = kernel.u32;
    u32.fill(0, base, base + n * s32);
    for (let v = 0; v < n; v++) {
      const off = (r0 + v) * width;
      for (let i = 0; i < width; i++) if (data[off + i] === 1) u32[base + v * s32 + (i >>> 5)]! |= 1 << (i & 31);
    }
    return { buf: net.act[0], uint: null, p: 0, s32 };
  }
  if (net.bytes) return { buf: net.bytes.buf, uint: writeBytes(net, data, width, r0, n), p: 0, s32: 0 };
  // Only as many planes as the batch's largest value needs.
  let max = 0;
  for (let i = r0 * width; i < (r0 + n) * width; i++) if (data[i]! > max) max = data[i]!;
  const p = Math.max(1, Math.ceil(Math.log2(max + 1)));
  return { buf: net.planes, uint: writePlanes(net, data, width, r0, n, p), p, s32: 0 };
}

function inferBatch(network: Network, net: KernelNet, inputs: InputBatch, r0: number, n: number, scores: Float64Array, classes: number): void {
  const { kernel } = net;
  let acts = firstDenseInput(network, net, inputs, r0, n);
  for (let di = 0; di < net.dense.length; di++) {
    const stage = network.stages[net.convs.length + di]!;
    const kd = net.dense[di]!;
    const rows = stage.out;
    const isAnd = stage.semantics === 'and';
    const uint = acts.uint;
    if (uint && acts.p === 0) kernel.fn.byteDot(net.bytes!.masks, rows, net.bytes!.chunks, acts.buf, n, net.out);
    else if (uint) kernel.fn.planePop(kd.ptr, rows, kd.words64, acts.p, acts.buf, n, net.out);
    else if (isAnd) kernel.fn.andPop(kd.ptr, rows, kd.words64, acts.buf, n, net.out);
    else kernel.fn.xorPop(kd.ptr, rows, kd.words64, acts.buf, n, net.out);
    const last = stage.activation === null;
    const nextBuf = acts.buf === net.act[0] ? net.act[1] : net.act[0];
    const s32 = 2 * wordCount64(rows);
    if (!last) {
      if (uint) kernel.f64.set(uint, net.totals >>> 3);
      kernel.fn.threshold(net.out, uint ? 1 : 0, rows, n, stage.in, isAnd ? 1 : 0, net.totals, kd.mode, kd.t, nextBuf);
      acts = { buf: nextBuf, uint: null, p: 0, s32 };
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
