/**
 * im2col of a first conv stage with few input channels (a grey or RGB
 * image) from padded row bitmaps: with the taps in the model's own
 * (ci, ky, kx) order, the kw taps of one (channel, kernel row) are kw
 * consecutive bits of one bitmap row, so a window row costs one shifted
 * extract per plane instead of kw channels-last tap copies
 * (src/ref/conv-kernel.ts chooses whichever costs fewer word operations).
 */
import type { ConvStage } from '../ir/network.js';
import type { PopcountKernel } from '../kernel/popcount-kernel.js';

/**
 * The input image as bitmaps of its padded rows: plane k, channel ci,
 * padded row y (0 ≤ y < h + 2·ph) at words ((k·cin + ci)·hp + y)·rw, bit x
 * = padded column x (0 ≤ x < w + 2·pw); the padding holds the pad value's
 * bit, the spare word at the end of each row is 0.
 */
export interface RowBitmaps {
  kind: 'rows';
  data: Uint32Array;
  planes: number;
  /** Words per row, padded rows per channel. */
  rw: number;
  hp: number;
}

/** Whether (ci, ky, kx) rows from bitmaps cost fewer word operations than channels-last taps for a first stage. */
export function rowsPay(stage: ConvStage): boolean {
  const [cin] = stage.inShape;
  const [, kw] = stage.kernel;
  return kw <= 32 && cin < kw * ((cin + 31) >>> 5);
}

/** Padded row bitmaps of a first stage's input row ([c][h][w] values: ±1, or uint with only the planes its largest value needs). */
export function rowBitmaps(row: Int32Array, stage: ConvStage, bipolar: boolean): RowBitmaps {
  const [c, h, w] = stage.inShape;
  const [ph, pw] = stage.padding;
  const hp = h + 2 * ph;
  const wp = w + 2 * pw;
  const rw = ((wp + 31) >>> 5) + 1;
  let planes = 1;
  if (!bipolar) {
    let max = 0;
    for (let i = 0; i < row.length; i++) if (row[i]! > max) max = row[i]!;
    planes = Math.max(1, 32 - Math.clz32(max));
  }
  const data = new Uint32Array(planes * c * hp * rw);
  const set = (k: number, ci: number, y: number, x: number): void => {
    data[((k * c + ci) * hp + y) * rw + (x >>> 5)]! |= 1 << (x & 31);
  };
  for (let ci = 0; ci < c; ci++) {
    for (let y = 0; y < hp; y++) {
      const iy = y - ph;
      for (let x = 0; x < wp; x++) {
        const ix = x - pw;
        if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
          // ±1 inputs padded with +1 (the other pads are the bit 0).
          if (bipolar && stage.padValue === 1) set(0, ci, y, x);
          continue;
        }
        let v = row[(ci * h + iy) * w + ix]!;
        if (bipolar) {
          if (v === 1) set(0, ci, y, x);
          continue;
        }
        // Loader-checked uint values are < 2^31: plain bit operations.
        for (let k = 0; v !== 0; k++, v >>>= 1) if (v & 1) set(k, ci, y, x);
      }
    }
  }
  return { kind: 'rows', data, planes, rw, hp };
}

/**
 * im2col into `cols` (the layout of src/ref/conv-kernel.ts, taps in
 * (ci, ky, kx) order): for each output position, channel and kernel row,
 * the kw bits at the window's padded column from each plane's bitmap row.
 */
export function im2colRows(kernel: PopcountKernel, stage: ConvStage, cols: number, words64: number, img: RowBitmaps): void {
  const [cin] = stage.inShape;
  const [kh, kw] = stage.kernel;
  const [, oh, ow] = stage.convShape;
  const [sy, sx] = stage.stride;
  const { data, planes, rw, hp } = img;
  const u32 = kernel.u32;
  const rowWords = words64 * planes * 2;
  const start = cols >>> 2;
  u32.fill(0, start, start + oh * ow * rowWords);
  const mask = kw === 32 ? -1 : (1 << kw) - 1;
  for (let oy = 0, p = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++, p++) {
      const base = start + p * rowWords;
      const x0 = ox * sx;
      const j = x0 >>> 5;
      const xs = x0 & 31;
      let o = 0;
      for (let ci = 0; ci < cin; ci++) {
        for (let ky = 0; ky < kh; ky++, o += kw) {
          const sh = o & 31;
          const q = o - sh;
          // Word q/32 of plane k: u32 base + ((q/64)·planes + k)·2 + (q/32 & 1); its successor takes the high part.
          const lo = base + (((q >>> 6) * planes) << 1) + ((q >>> 5) & 1);
          const q2 = q + 32;
          const hi = base + (((q2 >>> 6) * planes) << 1) + ((q2 >>> 5) & 1);
          for (let k = 0; k < planes; k++) {
            const r = ((k * cin + ci) * hp + oy * sy + ky) * rw + j;
            const v = (xs === 0 ? data[r]! : (data[r]! >>> xs) | (data[r + 1]! << (32 - xs))) & mask;
            if (v === 0) continue;
            u32[lo + 2 * k]! |= v << sh;
            if (sh !== 0) u32[hi + 2 * k]! |= v >>> (32 - sh);
          }
        }
      }
    }
  }
}
