/**
 * The popcounts of a simulated layer's weight rows through the
 * WebAssembly popcount kernel (src/kernel/popcount-kernel.ts). A cycle
 * that issues computes PE rows against one input slice; when those rows
 * are long (PE · words · planes ≥ {@link KERNEL_MIN_WORDS}) one kernel
 * call (i64.popcnt over 64-bit words) beats the 32-bit SWAR loop, below
 * that the call and the copy of the slice cost more than they save. The
 * results are the same integers either way (test/sim/kernel-rows.test.ts
 * runs designs both ways and compares every output, cycle and toggle).
 */
import { PopcountKernel, wordCount64 } from '../kernel/popcount-kernel.js';
import type { LayerImage } from './layer-image.js';

/** Where a unit's popcounts run: the kernel where it pays (default), always, or never. */
export type PopcountPath = 'auto' | 'kernel' | 'js';

/** 32-bit words of popcount work per issue (PE · row words · planes) from which `auto` takes the kernel (measured: bench/sim.bench.ts). */
export const KERNEL_MIN_WORDS = 64;

/** Whether a unit of PE rows of `rowWords` words over `planes` input planes uses the kernel. */
export function usesKernel(path: PopcountPath, pe: number, rowWords: number, planes: number): boolean {
  return path === 'kernel' || (path === 'auto' && pe * rowWords * planes >= KERNEL_MIN_WORDS);
}

/**
 * A layer image's weight rows in kernel memory: groups of `rows` rows (one
 * ROM word of a folded unit, one fold of a hardwired one), each group
 * followed by an all-ones row of the `bits` valid bits, so the same call
 * gives Σ x of a uint slice.
 */
export class KernelRows {
  private readonly k = new PopcountKernel();
  private readonly rows: number;
  private readonly rowWords: number;
  private readonly words64: number;
  private readonly groupBytes: number;
  private readonly w: number;
  private readonly x: number;
  private readonly out: number;

  constructor(weights: Uint32Array, rows: number, rowWords: number, planes: number, bits: number) {
    this.rows = rows;
    this.rowWords = rowWords;
    this.words64 = wordCount64(32 * rowWords);
    const rowBytes = this.words64 * 8;
    this.groupBytes = (rows + 1) * rowBytes;
    const groups = weights.length / (rows * rowWords);
    this.w = this.k.alloc(groups * this.groupBytes);
    this.x = this.k.alloc(planes * rowBytes);
    this.out = this.k.alloc(planes * (rows + 1) * 4);
    const u32 = this.k.u32;
    for (let g = 0; g < groups; g++) {
      const base = (this.w + g * this.groupBytes) >>> 2;
      for (let r = 0; r < rows; r++) u32.set(weights.subarray((g * rows + r) * rowWords, (g * rows + r + 1) * rowWords), base + r * this.words64 * 2);
      const ones = base + rows * this.words64 * 2;
      for (let i = 0; i < bits; i++) u32[ones + (i >>> 5)]! |= 1 << (i & 31);
    }
  }

  /** The input slice: plane b's `rowWords` words at x[off + b·stride ..] (bits past the row zero). */
  setX(x: Uint32Array, off: number, stride: number, planes: number): void {
    const u32 = this.k.u32;
    const rw = this.rowWords;
    for (let b = 0, d = this.x >>> 2; b < planes; b++, d += this.words64 * 2) {
      const s = off + b * stride;
      for (let j = 0; j < rw; j++) u32[d + j] = x[s + j]!;
    }
  }

  /**
   * prod[r] = Σ_b 2^b · popcount(w_r ∧ x_b) for the rows of group `g`;
   * returns Σ_b 2^b · popcount(x_b) when `total` (else 0).
   */
  selected(g: number, planes: number, prod: Float64Array, total: boolean): number {
    const R = total ? this.rows + 1 : this.rows;
    this.k.fn.andPop(this.w + g * this.groupBytes, R, this.words64, this.x, planes, this.out);
    const i32 = this.k.i32;
    const o = this.out >>> 2;
    const rows = this.rows;
    for (let r = 0; r < rows; r++) prod[r] = i32[o + r]!;
    let all = total ? i32[o + rows]! : 0;
    for (let b = 1; b < planes; b++) {
      const ob = o + b * R;
      const m = 1 << b;
      for (let r = 0; r < rows; r++) prod[r] += i32[ob + r]! * m;
      if (total) all += i32[ob + rows]! * m;
    }
    return all;
  }

  /** prod[r] = popcount(w_r ⊕ x) for the rows of group `g` (one plane; tails zero, so the disagreements among the valid bits). */
  disagreements(g: number, prod: Float64Array): void {
    this.k.fn.xorPop(this.w + g * this.groupBytes, this.rows, this.words64, this.x, 1, this.out);
    const i32 = this.k.i32;
    const o = this.out >>> 2;
    for (let r = 0; r < this.rows; r++) prod[r] = i32[o + r]!;
  }
}

const cache = new WeakMap<LayerImage, KernelRows>();

/** The kernel rows of a layer image (cached per image: calls never interleave, so units of one layer share them). */
export function kernelRows(img: LayerImage, rows: number, planes: number, bits: number): KernelRows {
  let kr = cache.get(img);
  if (!kr) {
    kr = new KernelRows(img.weights, rows, img.rowWords, planes, bits);
    cache.set(img, kr);
  }
  return kr;
}
