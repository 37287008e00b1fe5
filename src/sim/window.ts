/**
 * Cycle model of rtl/siman_window.v (streaming line-buffer unit: sliding
 * window, pool and gather), register by register. Elements travel as
 * numbers (uint values, ±1 for a bipolar image input, 0/1 for thresholded
 * bits); a pad pixel holds the plan's padElement in every channel.
 *
 * Registers: the shift register over the padded pixel stream (a ring of
 * `bufferPixels` pixel slots; `head` is sr[0], the newest pixel), (r, c)
 * the padded coordinate of the next pixel, padQ / hitQ (that pixel is
 * padding / completes a window), the hold register (one pixel taken while
 * it could not shift), m_tvalid; s_tready = !holdV.
 *   outFree  = !m_tvalid || m_tready
 *   shift    = outFree && (padQ || holdV || s_fire), shifting in PAD, else
 *              hold, else s_tdata; (r, c) advance (wrapping to the next
 *              image); m_tvalid <= hitQ
 *   no shift: m_tvalid <= m_tvalid && !m_tready
 *   holdV   <= (holdV || s_fire) && (padQ || !outFree); s_fire loads hold
 * m_tdata (the window taps, or their per-channel AND/OR) is a function of
 * the registers: `read` computes it from the ring.
 */
import type { WindowPlan } from '../plan/plan.js';

/** Per padded row and column: padding, and "a window's bottom-right tap lies here". */
interface WindowTables {
  rowPad: Uint8Array;
  colPad: Uint8Array;
  rowHit: Uint8Array;
  colHit: Uint8Array;
}

/** The constant tables of the unit (the RTL's row_pad/col_pad/row_hit/col_hit). */
function windowTables(wp: WindowPlan): WindowTables {
  const axis = (n: number, pad: number, size: number, k: number, s: number, outs: number) => {
    const isPad = new Uint8Array(n);
    const hit = new Uint8Array(n);
    for (let g = 0; g < n; g++) {
      const d = g - (k - 1);
      isPad[g] = g < pad || g >= pad + size ? 1 : 0;
      hit[g] = d >= 0 && d % s === 0 && d / s < outs ? 1 : 0;
    }
    return [isPad, hit] as const;
  };
  const [rowPad, rowHit] = axis(wp.paddedHeight, wp.ph, wp.h, wp.kh, wp.sh, wp.oh);
  const [colPad, colHit] = axis(wp.paddedWidth, wp.pw, wp.w, wp.kw, wp.sw, wp.ow);
  return { rowPad, colPad, rowHit, colHit };
}

export class WindowSim {
  /** Shift register pixels, slot s channel ci at s·C + ci. */
  readonly ring: Int32Array;
  /** Per window element t = (ci·KH + ky)·KW + kx: its shift register index (KH−1−ky)·WP + (KW−1−kx). */
  private readonly tapIndex: Int32Array;
  private readonly tables: WindowTables;
  private readonly andMask: Uint8Array;
  private readonly len: number;
  head = 0;
  r = 0;
  c = 0;
  padQ: boolean;
  hitQ: boolean;
  mTvalid = false;
  /** Border classes (classes > 1): class of the window pixel (r, c) completes, and of the window on m_tdata. */
  clsP = 0;
  clsQ = 0;
  readonly hold: Int32Array;
  holdV = false;

  constructor(readonly wp: WindowPlan) {
    const { c, kh, kw, paddedWidth } = wp;
    this.len = wp.bufferPixels;
    this.ring = new Int32Array(this.len * c);
    this.hold = new Int32Array(c);
    this.tapIndex = new Int32Array(c * kh * kw);
    for (let ci = 0; ci < c; ci++)
      for (let ky = 0; ky < kh; ky++)
        for (let kx = 0; kx < kw; kx++) this.tapIndex[(ci * kh + ky) * kw + kx] = (kh - 1 - ky) * paddedWidth + (kw - 1 - kx);
    this.tables = windowTables(wp);
    this.padQ = this.isPad(0, 0);
    this.hitQ = this.isHit(0, 0);
    this.clsP = this.classOf(0, 0);
    this.andMask = new Uint8Array(c);
    if (wp.ops) wp.ops.forEach((op, i) => (this.andMask[i] = op === 'and' ? 1 : 0));
  }

  private isPad(r: number, c: number): boolean {
    return this.tables.rowPad[r] === 1 || this.tables.colPad[c] === 1;
  }

  private isHit(r: number, c: number): boolean {
    return this.tables.rowHit[r] === 1 && this.tables.colHit[c] === 1;
  }

  /** The RTL's ROW_CLS[r] + COL_CLS[c] (0 without classes). */
  private classOf(r: number, c: number): number {
    return this.wp.classes > 1 ? this.wp.rowClassBase[r]! + this.wp.colClass[c]! : 0;
  }

  /** s_tready: the hold register is empty. */
  get sTready(): boolean {
    return !this.holdV;
  }

  /** Part of an image is inside (between its first and its last real pixel), a pixel is held or a window waits. */
  holdsData(): boolean {
    const { ph, pw, h, w, paddedWidth } = this.wp;
    const pos = this.r * paddedWidth + this.c;
    return this.mTvalid || this.holdV || (pos > ph * paddedWidth + pw && pos <= (ph + h - 1) * paddedWidth + pw + w - 1);
  }

  /**
   * One rising edge. When `sFire`, `load(dst, offset)` copies the pixel
   * beat (C elements) from the upstream's m_tdata.
   */
  step(mReady: boolean, sFire: boolean, load: (dst: Int32Array, off: number) => void): void {
    const C = this.wp.c;
    const outFree = !this.mTvalid || mReady;
    const shift = outFree && (this.padQ || this.holdV || sFire);
    const holdNext = (this.holdV || sFire) && (this.padQ || !outFree);
    // s_fire loads hold (s_tready = !holdV, so it never overwrites a held pixel); a real pixel
    // shifts from hold, which is then either the held pixel or this cycle's s_tdata (the RTL's mux).
    if (sFire) load(this.hold, 0);
    if (shift) {
      this.head = this.head === this.len - 1 ? 0 : this.head + 1;
      const off = this.head * C;
      if (this.padQ) this.ring.fill(this.wp.padElement, off, off + C);
      else this.ring.set(this.hold, off);
    }
    this.holdV = holdNext;
    if (!shift) {
      this.mTvalid = this.mTvalid && !mReady;
      return;
    }
    this.mTvalid = this.hitQ;
    this.clsQ = this.clsP;
    if (this.c === this.wp.paddedWidth - 1) {
      this.c = 0;
      this.r = this.r === this.wp.paddedHeight - 1 ? 0 : this.r + 1;
    } else this.c++;
    this.padQ = this.isPad(this.r, this.c);
    this.hitQ = this.isHit(this.r, this.c);
    this.clsP = this.classOf(this.r, this.c);
  }

  /** m_tdata: the window elements (then its border class, with classes), or per channel the AND/OR of its taps (pool). */
  read(dst: Int32Array, off: number): void {
    const { c, kh, kw } = this.wp;
    const len = this.len;
    const slot = (t: number): number => {
      const s = this.head - this.tapIndex[t]!;
      return s < 0 ? s + len : s;
    };
    if (!this.wp.ops) {
      for (let ci = 0; ci < c; ci++) {
        const base = ci * kh * kw;
        for (let j = 0; j < kh * kw; j++) dst[off + base + j] = this.ring[slot(base + j) * c + ci]!;
      }
      if (this.wp.classes > 1) dst[off + c * kh * kw] = this.clsQ;
      return;
    }
    const per = kh * kw;
    for (let ci = 0; ci < c; ci++) {
      const isAnd = this.andMask[ci] === 1;
      let red = isAnd ? 1 : 0;
      for (let j = 0; j < per; j++) {
        const bit = this.ring[slot(ci * per + j) * c + ci]! > 0 ? 1 : 0;
        red = isAnd ? red & bit : red | bit;
      }
      dst[off + ci] = red;
    }
  }
}
