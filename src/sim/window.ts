/**
 * Cycle model of rtl/siman_window.v (streaming line-buffer unit: sliding
 * window, pool and gather), register by register. Elements travel as
 * numbers (uint values, ±1 for a bipolar image input, 0/1 for thresholded
 * bits); a pad pixel holds the plan's padElement in every channel.
 *
 * The timing control (padded coordinate, pad/hit flags, hold flag,
 * m_tvalid, s_tready = !holdV) is src/schedule/window-control.ts; this
 * model adds the data path: the shift register over the padded pixel
 * stream (a ring of `bufferPixels` pixel slots; `head` is sr[0], the newest
 * pixel), the hold register and the border class of the next window.
 * m_tdata (the window taps, or their per-channel AND/OR) is a function of
 * the registers: `read` computes it from the ring.
 */
import type { WindowPlan } from '../plan/plan.js';
import { SHIFT_NONE, SHIFT_PAD, WindowControl } from '../schedule/window-control.js';

export class WindowSim {
  /** The unit's timing control (shared with the planner's schedule). */
  readonly ctl: WindowControl;
  /** Shift register pixels, slot s channel ci at s·C + ci. */
  readonly ring: Int32Array;
  /** Per window element t = (ci·KH + ky)·KW + kx: its shift register index (KH−1−ky)·WP + (KW−1−kx). */
  private readonly tapIndex: Int32Array;
  private readonly andMask: Uint8Array;
  private readonly len: number;
  private readonly hasClasses: boolean;
  head = 0;
  /** Border classes (classes > 1): class of the window pixel (r, c) completes, and of the window on m_tdata. */
  clsP = 0;
  clsQ = 0;
  readonly hold: Int32Array;

  constructor(readonly wp: WindowPlan) {
    const { c, kh, kw, paddedWidth } = wp;
    this.ctl = new WindowControl(wp);
    this.len = wp.bufferPixels;
    this.ring = new Int32Array(this.len * c);
    this.hold = new Int32Array(c);
    this.tapIndex = new Int32Array(c * kh * kw);
    for (let ci = 0; ci < c; ci++)
      for (let ky = 0; ky < kh; ky++)
        for (let kx = 0; kx < kw; kx++) this.tapIndex[(ci * kh + ky) * kw + kx] = (kh - 1 - ky) * paddedWidth + (kw - 1 - kx);
    this.hasClasses = wp.classes > 1;
    this.clsP = this.classOf(0, 0);
    this.andMask = new Uint8Array(c);
    if (wp.ops) wp.ops.forEach((op, i) => (this.andMask[i] = op === 'and' ? 1 : 0));
  }

  /** The RTL's ROW_CLS[r] + COL_CLS[c] (0 without classes). */
  private classOf(r: number, c: number): number {
    return this.hasClasses ? this.wp.rowClassBase[r]! + this.wp.colClass[c]! : 0;
  }

  get mTvalid(): boolean {
    return this.ctl.mTvalid;
  }

  /** s_tready: the hold register is empty. */
  get sTready(): boolean {
    return !this.ctl.holdV;
  }

  /** Part of an image is inside (between its first and its last real pixel), a pixel is held or a window waits. */
  holdsData(): boolean {
    return this.ctl.holdsData();
  }

  /**
   * One rising edge. When `sFire`, `load(dst, offset)` copies the pixel
   * beat (C elements) from the upstream's m_tdata.
   */
  step(mReady: boolean, sFire: boolean, load: (dst: Int32Array, off: number) => void): void {
    // s_fire loads hold (s_tready = !holdV, so it never overwrites a held pixel); a real pixel
    // shifts from hold, which is then either the held pixel or this cycle's s_tdata (the RTL's mux).
    if (sFire) load(this.hold, 0);
    const kind = this.ctl.step(mReady, sFire);
    if (kind === SHIFT_NONE) return;
    const C = this.wp.c;
    this.head = this.head === this.len - 1 ? 0 : this.head + 1;
    const off = this.head * C;
    if (kind === SHIFT_PAD) this.ring.fill(this.wp.padElement, off, off + C);
    else this.ring.set(this.hold, off);
    if (this.hasClasses) {
      this.clsQ = this.clsP;
      this.clsP = this.classOf(this.ctl.r, this.ctl.c);
    }
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
