/**
 * Border classes of a zero-padded conv on ±1 activations
 * (docs/numerics.md §9). An output position's padded taps depend only on
 * how many window rows hang over the top / bottom edge and how many
 * columns over the left / right edge; positions with the same pair of
 * (row, column) overhangs form one class, and every quantity the threshold
 * needs (the ones of the valid taps, the zeros of the padded ones) is the
 * same for all positions of a class.
 */

/** The border classes of one conv geometry. */
export interface BorderGeometry {
  /** Row class of every output row oy (length oh). */
  rowClass: Int32Array;
  /** Column class of every output column ox (length ow). */
  colClass: Int32Array;
  /** Distinct row classes and column classes; class of (oy, ox) = rowClass[oy]·cols + colClass[ox]. */
  rows: number;
  cols: number;
  /** Classes × kh·kw: padded[k·kh·kw + ky·kw + kx] = 1 when tap (ky, kx) lies outside the image in class k. */
  padded: Uint8Array;
}

/**
 * Overhang classes along one axis: for each output index o, the pair
 * (taps before the image, taps after it) of the window starting at
 * o·stride − pad, numbered in order of first appearance; distinct pairs
 * pad distinct taps, so no two classes are the same.
 */
function axisClasses(size: number, kernel: number, stride: number, pad: number, outSize: number): { cls: Int32Array; overhang: [number, number][] } {
  const cls = new Int32Array(outSize);
  const overhang: [number, number][] = [];
  const ids = new Map<string, number>();
  for (let o = 0; o < outSize; o++) {
    const start = o * stride - pad;
    let before = Math.min(kernel, Math.max(0, -start));
    let after = Math.min(kernel, Math.max(0, start + kernel - size));
    // Overhangs covering the whole kernel pad every tap: one class.
    if (before + after >= kernel) [before, after] = [kernel, 0];
    const key = `${before},${after}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = overhang.length;
      ids.set(key, id);
      overhang.push([before, after]);
    }
    cls[o] = id;
  }
  return { cls, overhang };
}

/**
 * The border classes of a conv over an input [c, h, w] with the given
 * kernel, stride and padding, producing an [oh, ow] output.
 */
export function borderGeometry(
  inShape: readonly [number, number, number],
  kernel: readonly [number, number],
  stride: readonly [number, number],
  padding: readonly [number, number],
  outSize: readonly [number, number],
): BorderGeometry {
  const [, h, w] = inShape;
  const [kh, kw] = kernel;
  const r = axisClasses(h, kh, stride[0], padding[0], outSize[0]);
  const c = axisClasses(w, kw, stride[1], padding[1], outSize[1]);
  const rows = r.overhang.length;
  const cols = c.overhang.length;
  const taps = kh * kw;
  const padded = new Uint8Array(rows * cols * taps);
  for (let rk = 0; rk < rows; rk++) {
    const [top, bottom] = r.overhang[rk]!;
    for (let ck = 0; ck < cols; ck++) {
      const [left, right] = c.overhang[ck]!;
      const base = (rk * cols + ck) * taps;
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          const out = ky < top || ky >= kh - bottom || kx < left || kx >= kw - right;
          padded[base + ky * kw + kx] = out ? 1 : 0;
        }
      }
    }
  }
  return { rowClass: r.cls, colClass: c.cls, rows, cols, padded };
}

/** Number of classes of a geometry. */
export function classCount(g: BorderGeometry): number {
  return g.rows * g.cols;
}

/** Class of output position (oy, ox). */
export function classAt(g: BorderGeometry, oy: number, ox: number): number {
  return g.rowClass[oy]! * g.cols + g.colClass[ox]!;
}

/**
 * The accumulator of channel c in class k of a conv whose padded taps are
 * the bit 0 (what the window unit shifts in), with s = 2q − offset the
 * zero-padded ±1 dot product and [lo, hi] the reachable q:
 * - `and`:  q = popcount(b ∧ x) over the valid taps (padded x = 0 adds
 *   nothing) ∈ [0, K_v], s = 2q − K_v, K_v = ones of b over the valid taps;
 * - `xnor`: q = valid agreements + Z_p (a padded 0 agrees with every
 *   weight 0) ∈ [Z_p, Z_p + n_v], s = 2(q − Z_p) − n_v, Z_p = zeros of b
 *   over the padded taps, n_v = valid taps.
 * `bits` is the channel's row over (ci, ky, kx), `inChannels` the ci count.
 */
export function borderAcc(
  g: BorderGeometry,
  k: number,
  semantics: 'and' | 'xnor',
  bits: ArrayLike<number>,
  rowStart: number,
  inChannels: number,
  taps: number,
): { lo: number; hi: number; offset: number } {
  let onesValid = 0;
  let zerosPadded = 0;
  let valid = 0;
  const base = k * taps;
  for (let ci = 0; ci < inChannels; ci++) {
    for (let t = 0; t < taps; t++) {
      const b = bits[rowStart + ci * taps + t]!;
      if (g.padded[base + t]) zerosPadded += 1 - b;
      else {
        valid++;
        onesValid += b;
      }
    }
  }
  if (semantics === 'and') return { lo: 0, hi: onesValid, offset: onesValid };
  return { lo: zerosPadded, hi: zerosPadded + valid, offset: 2 * zerosPadded + valid };
}
