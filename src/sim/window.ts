/**
 * Cycle model of rtl/siman_window.v (sliding-window, pool and gather
 * units), register by register. Elements travel as numbers (uint values,
 * ±1 for a bipolar image input, 0/1 for thresholded bits); a padded tap is
 * the plan's padElement. The window of every output position is a fixed
 * selection of frame elements, tabulated once.
 *
 * Registers: frame (pixel p, channel c at p·C + c), pix, win, loading,
 * the output register (window or pooled pixel), m_tvalid.
 *   s_tready = loading; emit = !loading && (!m_tvalid || m_tready)
 *   s_fire: frame[pix] <= s_tdata; pix wraps at the last pixel, which ends
 *           the load phase;
 *   emit:   out <= window(win); m_tvalid <= 1; the last window returns to
 *           the load phase; else m_tready clears m_tvalid.
 */
import type { WindowPlan } from '../plan/plan.js';

export class WindowSim {
  readonly frame: Int32Array;
  readonly out: Int32Array;
  /** Per position and window element: frame index, or −1 for a padded tap. */
  private readonly taps: Int32Array;
  private readonly winElems: number;
  private readonly andMask: Uint8Array;
  pix = 0;
  win = 0;
  loading = true;
  mTvalid = false;
  /** Cycles in which a window was emitted. */
  busyCycles = 0;

  constructor(readonly wp: WindowPlan) {
    const { c, h, w, kh, kw, sh, sw, ph, pw, ow, positions } = wp;
    this.frame = new Int32Array(wp.pixels * c);
    this.winElems = c * kh * kw;
    this.out = new Int32Array(wp.ops ? c : this.winElems);
    this.taps = new Int32Array(positions * this.winElems);
    for (let k = 0; k < positions; k++) {
      const oy = Math.floor(k / ow);
      const ox = k % ow;
      for (let ci = 0; ci < c; ci++)
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++) {
            const iy = oy * sh - ph + ky;
            const ix = ox * sw - pw + kx;
            const t = (ci * kh + ky) * kw + kx;
            this.taps[k * this.winElems + t] = iy >= 0 && iy < h && ix >= 0 && ix < w ? (iy * w + ix) * c + ci : -1;
          }
    }
    this.andMask = new Uint8Array(c);
    if (wp.ops) wp.ops.forEach((op, i) => (this.andMask[i] = op === 'and' ? 1 : 0));
  }

  sReady(): boolean {
    return this.loading;
  }

  holdsData(): boolean {
    return this.mTvalid || !this.loading || this.pix > 0;
  }

  /**
   * One rising edge. When `sFire`, `load(frame, offset)` writes the pixel
   * beat (C elements) into the frame at the given offset.
   */
  step(mReady: boolean, sFire: boolean, load: (dst: Int32Array, off: number) => void): void {
    const emit = !this.loading && (!this.mTvalid || mReady);
    if (sFire) {
      load(this.frame, this.pix * this.wp.c);
      if (this.pix === this.wp.pixels - 1) {
        this.pix = 0;
        this.loading = false;
      } else this.pix++;
    }
    if (emit) {
      this.busyCycles++;
      this.loadWindow(this.win);
      this.mTvalid = true;
      if (this.win === this.wp.positions - 1) {
        this.win = 0;
        this.loading = true;
      } else this.win++;
    } else if (mReady) this.mTvalid = false;
  }

  private loadWindow(k: number): void {
    const n = this.winElems;
    const base = k * n;
    const pad = this.wp.padElement;
    if (!this.wp.ops) {
      for (let t = 0; t < n; t++) {
        const src = this.taps[base + t]!;
        this.out[t] = src < 0 ? pad : this.frame[src]!;
      }
      return;
    }
    const per = this.wp.kh * this.wp.kw;
    for (let ci = 0; ci < this.wp.c; ci++) {
      const isAnd = this.andMask[ci] === 1;
      let r = isAnd ? 1 : 0;
      for (let j = 0; j < per; j++) {
        const src = this.taps[base + ci * per + j]!;
        const bit = (src < 0 ? pad : this.frame[src]!) > 0 ? 1 : 0;
        r = isAnd ? r & bit : r | bit;
      }
      this.out[ci] = r;
    }
  }
}
