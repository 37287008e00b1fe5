/**
 * Conv stages of the packed reference through the WebAssembly popcount
 * kernel (src/kernel/popcount-kernel.ts): im2col on packed words.
 *
 * Between conv stages an image is kept channels-last (HWC): each pixel's
 * channel bits are whole 32-bit words, so one tap of a window is
 * ⌈cin/32⌉ shifted word copies, not cin bit reads. The im2col row of an
 * output position concatenates its taps in (ky, kx, ci) order, and the
 * weight rows are permuted into the same order when they are packed: a
 * dot product does not depend on the order of its terms, so the
 * popcounts are those of the (ci, ky, kx) order of the model. Every
 * output position of one image is one vector of a kernel call (the
 * weight rows are read once per image); the kernel thresholds them per
 * border class into HWC bits, and pooling ORs / ANDs whole channel words.
 * A first stage with few channels reads its windows from row bitmaps
 * instead, in the model's tap order (src/ref/conv-rows.ts).
 */
import type { ThresholdChannel } from '../ir/model.js';
import { classCount } from '../ir/border-classes.js';
import type { ConvStage } from '../ir/network.js';
import { type PopcountKernel, wordCount64 } from '../kernel/popcount-kernel.js';
import { im2colRows, rowBitmaps, rowsPay, type RowBitmaps } from './conv-rows.js';

/**
 * An image channels-last: bit c of pixel (y, x), plane k at word
 * ((y·W + x)·planes + k)·stride + (c >>> 5), bit c & 31; tails zero.
 * `planes` is 1 for ±1 bits, the bit planes of a uint image otherwise.
 */
export interface HwcImage {
  kind: 'hwc';
  data: Uint32Array;
  /** 32-bit words per pixel and plane (≥ ⌈channels/32⌉). */
  stride: number;
  planes: number;
}

/** Thresholds of one channel set in kernel memory (the layout of the kernel's `threshold`). */
export interface KernelThresholds {
  /** Per channel (u8): 0 const 0, 1 const 1, 2 q ≥ t, 3 q ≤ t. */
  mode: number;
  /** Per channel (f64). */
  t: number;
}

/** Write `channels` into kernel memory for the kernel's `threshold`. */
export function kernelThresholds(kernel: PopcountKernel, channels: readonly ThresholdChannel[]): KernelThresholds {
  const mode = kernel.alloc(channels.length);
  const t = kernel.alloc(channels.length * 8);
  const m8 = new Uint8Array(kernel.fn.memory.buffer, mode, channels.length);
  channels.forEach((ch, c) => {
    if (ch.kind === 'const') m8[c] = ch.value === 1 ? 1 : 0;
    else {
      m8[c] = ch.kind === 'ge' ? 2 : 3;
      kernel.f64[(t >>> 3) + c] = ch.t;
    }
  });
  return { mode, t };
}

/** A conv stage's weights, thresholds and work buffers in kernel memory. */
export interface KernelConv {
  stage: ConvStage;
  /** Tap order of the im2col rows: (ky, kx, ci) from channels-last images, or (ci, ky, kx) from row bitmaps (a first stage with few channels, src/ref/conv-rows.ts). */
  order: 'hwc' | 'rows';
  /** 64-bit words per im2col row (the fan-in bits in `order`). */
  words64: number;
  /** Weight rows [out][words64], their bits in `order`. */
  w: number;
  /** An all-ones row: Σ x of a uint window is its plane popcount (the xnor form subtracts it). */
  ones: number;
  /** Per border class (one entry without zero padding). */
  thresholds: KernelThresholds[];
  /** im2col rows of every output position (up to `maxPlanes` planes), popcounts, Σ x per position, thresholded bits. */
  cols: number;
  pop: number;
  totals: number;
  bits: number;
  /** Pooling masks per 32-bit channel word: channels pooled with OR, and with AND. */
  orMask: Uint32Array;
  andMask: Uint32Array;
}

/** Pack a conv stage into `kernel` for inputs of at most `maxPlanes` bit planes; `first`: it reads the network input. */
export function packConv(kernel: PopcountKernel, stage: ConvStage, maxPlanes: number, first: boolean): KernelConv {
  const order = first && rowsPay(stage) ? 'rows' : 'hwc';
  const [cin] = stage.inShape;
  const [kh, kw] = stage.kernel;
  const [cout, oh, ow] = stage.convShape;
  const words64 = wordCount64(stage.in);
  const w = kernel.alloc(cout * words64 * 8);
  for (let c = 0; c < cout; c++) {
    const row = (w >>> 2) + c * words64 * 2;
    const src = c * stage.in;
    for (let ci = 0; ci < cin; ci++) {
      for (let t = 0; t < kh * kw; t++) {
        if (stage.bits[src + ci * kh * kw + t] !== 1) continue;
        const k = order === 'rows' ? ci * kh * kw + t : t * cin + ci;
        kernel.u32[row + (k >>> 5)]! |= 1 << (k & 31);
      }
    }
  }
  const ones = kernel.alloc(words64 * 8);
  for (let k = 0; k < stage.in; k++) kernel.u32[(ones >>> 2) + (k >>> 5)]! |= 1 << (k & 31);
  const sets = stage.border ? Array.from({ length: classCount(stage.border) }, (_, k) => stage.border!.activation[k]!) : [stage.activation];
  const thresholds = sets.map((s) => kernelThresholds(kernel, s));
  const positions = oh * ow;
  const cols = kernel.alloc(positions * words64 * maxPlanes * 8);
  const pop = kernel.alloc(positions * cout * 8);
  const totals = kernel.alloc(positions * 8);
  const bits = kernel.alloc(positions * wordCount64(cout) * 8);
  const cw = (cout + 31) >>> 5;
  const orMask = new Uint32Array(cw);
  const andMask = new Uint32Array(cw);
  for (let c = 0; c < cout; c++) (stage.pool?.op[c] === 'and' ? andMask : orMask)[c >>> 5]! |= 1 << (c & 31);
  return { stage, order, words64, w, ones, thresholds, cols, pop, totals, bits, orMask, andMask };
}

/**
 * The first stage's input row ([c][h][w] values: ±1, or uint) channels-last:
 * ±1 as bits, uint as only as many bit planes as its largest value needs.
 */
export function hwcFromRow(row: Int32Array, shape: readonly [number, number, number], bipolar: boolean): HwcImage {
  const [c, h, w] = shape;
  const stride = (c + 31) >>> 5;
  let planes = 1;
  if (!bipolar) {
    let max = 0;
    for (let i = 0; i < row.length; i++) if (row[i]! > max) max = row[i]!;
    planes = Math.max(1, 32 - Math.clz32(max));
  }
  const data = new Uint32Array(h * w * planes * stride);
  for (let ci = 0; ci < c; ci++) {
    const word = ci >>> 5;
    const bit = 1 << (ci & 31);
    for (let p = 0; p < h * w; p++) {
      let v = row[ci * h * w + p]!;
      if (bipolar) {
        if (v === 1) data[p * stride + word]! |= bit;
        continue;
      }
      // Loader-checked uint values are < 2^31: plain bit operations.
      for (let k = 0; v !== 0; k++, v >>>= 1) if (v & 1) data[(p * planes + k) * stride + word]! |= bit;
    }
  }
  return { kind: 'hwc', data, stride, planes };
}

/** A first stage's input row ([c][h][w] values) in the form its im2col reads. */
export function firstImage(kc: KernelConv, row: Int32Array, bipolar: boolean): HwcImage | RowBitmaps {
  return kc.order === 'rows' ? rowBitmaps(row, kc.stage, bipolar) : hwcFromRow(row, kc.stage.inShape, bipolar);
}

/**
 * im2col of `img` into the stage's `cols` buffer: output position p's row
 * of plane k holds, at bit (ky·kw + kx)·cin + ci, the tap's value (padded
 * taps: the pad value's bit for ±1 inputs, 0 for uint and zero padding).
 * Row word j of plane k is the 64-bit word (p·words64 + j)·planes + k, the
 * layout of the kernel's `planePop` (planes = 1: plain rows).
 */
function im2col(kernel: PopcountKernel, kc: KernelConv, img: HwcImage): void {
  const { stage, words64 } = kc;
  const [cin, h, w] = stage.inShape;
  const [kh, kw] = stage.kernel;
  const [, oh, ow] = stage.convShape;
  const { data, stride, planes } = img;
  const u32 = kernel.u32;
  const rowWords = words64 * planes * 2;
  const start = kc.cols >>> 2;
  u32.fill(0, start, start + oh * ow * rowWords);
  const cw = (cin + 31) >>> 5;
  // The pad value's bits (±1 inputs padded with +1); the other pads are 0 and need no write.
  const padOnes = stage.padValue === 1;
  const tail = cin & 31 ? (1 << (cin & 31)) - 1 : -1;
  // Word q/32 (q a multiple of 32) of plane k of a row at `base` is u32 base + ((q/64)·planes + k)·2 + (q/32 & 1);
  // the high part of a shifted word goes to word q/32 + 1 (OR-ing 0 past the row is harmless).
  for (let oy = 0, p = 0; oy < oh; oy++) {
    const y0 = oy * stage.stride[0] - stage.padding[0];
    for (let ox = 0; ox < ow; ox++, p++) {
      const x0 = ox * stage.stride[1] - stage.padding[1];
      const base = start + p * rowWords;
      let o = 0;
      for (let ky = 0; ky < kh; ky++) {
        const iy = y0 + ky;
        for (let kx = 0; kx < kw; kx++, o += cin) {
          const ix = x0 + kx;
          const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
          if (!inside && !padOnes) continue;
          const sh = o & 31;
          const src = (iy * w + ix) * planes * stride;
          for (let i = 0; i < cw; i++) {
            const q = o + 32 * i - sh;
            const lo = base + (((q >>> 6) * planes) << 1) + ((q >>> 5) & 1);
            const q2 = q + 32;
            const hi = base + (((q2 >>> 6) * planes) << 1) + ((q2 >>> 5) & 1);
            for (let k = 0; k < planes; k++) {
              const s = inside ? data[src + k * stride + i]! : i === cw - 1 ? tail : -1;
              if (s === 0) continue;
              u32[lo + 2 * k]! |= s << sh;
              if (sh !== 0) u32[hi + 2 * k]! |= s >>> (32 - sh);
            }
          }
        }
      }
    }
  }
}

/**
 * One conv stage on one image: im2col, the kernel's popcounts of every
 * output position, its thresholds per border class, then pooling.
 * Returns the stage's output channels-last (one plane).
 */
export function convThroughKernel(kernel: PopcountKernel, kc: KernelConv, img: HwcImage | RowBitmaps): HwcImage {
  const { stage, words64 } = kc;
  const [cout, oh, ow] = stage.convShape;
  const positions = oh * ow;
  if (img.kind === 'rows') im2colRows(kernel, stage, kc.cols, words64, img);
  else im2col(kernel, kc, img);
  const isAnd = stage.semantics === 'and';
  const uint = stage.input.kind === 'uint';
  const f = kernel.fn;
  if (uint) {
    f.planePop(kc.w, cout, words64, img.planes, kc.cols, positions, kc.pop);
    if (!isAnd) f.planePop(kc.ones, 1, words64, img.planes, kc.cols, positions, kc.totals);
  } else if (isAnd) f.andPop(kc.w, cout, words64, kc.cols, positions, kc.pop);
  else f.xorPop(kc.w, cout, words64, kc.cols, positions, kc.pop);
  const popBytes = uint ? 8 : 4;
  const ow64 = wordCount64(cout);
  const border = stage.border;
  const thr = (p0: number, n: number, k: number): void => {
    const { mode, t } = kc.thresholds[k]!;
    f.threshold(kc.pop + p0 * cout * popBytes, uint ? 1 : 0, cout, n, stage.in, isAnd ? 1 : 0, kc.totals + p0 * 8, mode, t, kc.bits + p0 * ow64 * 8);
  };
  if (!border) thr(0, positions, 0);
  else {
    // One call per run of positions of the same class along a row.
    for (let oy = 0; oy < oh; oy++) {
      const rc = border.rowClass[oy]! * border.cols;
      for (let ox = 0; ox < ow; ) {
        const cc = border.colClass[ox]!;
        let end = ox + 1;
        while (end < ow && border.colClass[end] === cc) end++;
        thr(oy * ow + ox, end - ox, rc + cc);
        ox = end;
      }
    }
  }
  return pool(kernel, kc);
}

/** Pool the thresholded bits (HWC, ⌈cout/64⌉ 64-bit words per pixel) per channel word: OR channels | AND channels. */
function pool(kernel: PopcountKernel, kc: KernelConv): HwcImage {
  const { stage, orMask, andMask } = kc;
  const [cout, oh, ow] = stage.convShape;
  const [, ph, pw] = stage.outShape;
  const u32 = kernel.u32;
  const src = kc.bits >>> 2;
  const inStride = 2 * wordCount64(cout);
  const stride = (cout + 31) >>> 5;
  const data = new Uint32Array(ph * pw * stride);
  const pl = stage.pool;
  if (!pl) {
    for (let p = 0; p < oh * ow; p++) for (let i = 0; i < stride; i++) data[p * stride + i] = u32[src + p * inStride + i]!;
    return { kind: 'hwc', data, stride, planes: 1 };
  }
  const [kh, kw] = pl.kernel;
  const [sy, sx] = pl.stride;
  for (let py = 0; py < ph; py++) {
    for (let px = 0; px < pw; px++) {
      for (let i = 0; i < stride; i++) {
        let or = 0;
        let and = -1;
        for (let dy = 0; dy < kh; dy++) {
          for (let dx = 0; dx < kw; dx++) {
            const v = u32[src + ((py * sy + dy) * ow + px * sx + dx) * inStride + i]!;
            or |= v;
            and &= v;
          }
        }
        data[(py * pw + px) * stride + i] = (or & orMask[i]!) | (and & andMask[i]!);
      }
    }
  }
  return { kind: 'hwc', data, stride, planes: 1 };
}

/**
 * Write a conv output (HWC, one plane, `shape` [c, h, w]) as packed bits
 * in [c][h][w] order (the flattening a dense stage reads) at u32 index
 * `at` of kernel memory, which must be zero.
 */
export function writeChw(u32: Uint32Array, at: number, img: HwcImage, shape: readonly [number, number, number]): void {
  const [c, h, w] = shape;
  const { data, stride } = img;
  const hw = h * w;
  for (let p = 0; p < hw; p++) {
    for (let i = 0; i < stride; i++) {
      let word = data[p * stride + i]!;
      while (word !== 0) {
        const b = 31 - Math.clz32(word & -word);
        word &= word - 1;
        const k = ((i << 5) + b) * hw + p;
        if (k < c * hw) u32[at + (k >>> 5)]! |= 1 << (k & 31);
      }
    }
  }
}
