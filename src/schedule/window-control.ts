/**
 * Timing control of rtl/siman_window.v (sliding window, pool and gather
 * unit) without its data path: the padded coordinate (r, c) of the next
 * pixel, padQ / hitQ (that pixel is padding / completes a window), the hold
 * flag and m_tvalid; s_tready = !holdV.
 *   outFree  = !m_tvalid || m_tready
 *   shift    = outFree && (padQ || holdV || s_fire); (r, c) advance
 *              (wrapping to the next image); m_tvalid <= hitQ
 *   no shift: m_tvalid <= m_tvalid && !m_tready
 *   holdV   <= (holdV || s_fire) && (padQ || !outFree)
 * src/sim/window.ts adds the shift register, the hold register and the
 * taps on top of this object; the planner's schedule runs it alone.
 */

/** The geometry the control needs (a plan's WindowPlan has these fields). */
export interface WindowGeometry {
  /** Image height and width (unpadded). */
  h: number;
  w: number;
  kh: number;
  kw: number;
  /** Stride. */
  sh: number;
  sw: number;
  /** Padding before the first row / column. */
  ph: number;
  pw: number;
  /** Windows per column / row. */
  oh: number;
  ow: number;
  paddedHeight: number;
  paddedWidth: number;
}

/** What one rising edge did to the shift register. */
export const SHIFT_NONE = 0;
export const SHIFT_PAD = 1;
export const SHIFT_PIXEL = 2;
export type ShiftKind = typeof SHIFT_NONE | typeof SHIFT_PAD | typeof SHIFT_PIXEL;

export class WindowControl {
  /** Per padded row / column: padding, and "a window's bottom-right tap lies here" (the RTL's tables). */
  private readonly rowPad: Uint8Array;
  private readonly colPad: Uint8Array;
  private readonly rowHit: Uint8Array;
  private readonly colHit: Uint8Array;
  private readonly lastRow: number;
  private readonly lastCol: number;
  r = 0;
  c = 0;
  padQ: boolean;
  hitQ: boolean;
  mTvalid = false;
  holdV = false;

  constructor(readonly g: WindowGeometry) {
    [this.rowPad, this.rowHit] = axisTables(g.paddedHeight, g.ph, g.h, g.kh, g.sh, g.oh);
    [this.colPad, this.colHit] = axisTables(g.paddedWidth, g.pw, g.w, g.kw, g.sw, g.ow);
    this.lastRow = g.paddedHeight - 1;
    this.lastCol = g.paddedWidth - 1;
    this.padQ = this.isPad(0, 0);
    this.hitQ = this.isHit(0, 0);
  }

  isPad(r: number, c: number): boolean {
    return this.rowPad[r] === 1 || this.colPad[c] === 1;
  }

  isHit(r: number, c: number): boolean {
    return this.rowHit[r] === 1 && this.colHit[c] === 1;
  }

  /** s_tready: the hold register is empty. */
  get sTready(): boolean {
    return !this.holdV;
  }

  /** Part of an image is inside (between its first and its last real pixel), a pixel is held or a window waits. */
  holdsData(): boolean {
    const { ph, pw, h, w, paddedWidth } = this.g;
    const pos = this.r * paddedWidth + this.c;
    return this.mTvalid || this.holdV || (pos > ph * paddedWidth + pw && pos <= (ph + h - 1) * paddedWidth + pw + w - 1);
  }

  /** One rising edge; returns what entered the shift register (nothing, a pad pixel or the held / incoming pixel). */
  step(mReady: boolean, sFire: boolean): ShiftKind {
    const outFree = !this.mTvalid || mReady;
    const shift = outFree && (this.padQ || this.holdV || sFire);
    this.holdV = (this.holdV || sFire) && (this.padQ || !outFree);
    if (!shift) {
      this.mTvalid = this.mTvalid && !mReady;
      return SHIFT_NONE;
    }
    const kind = this.padQ ? SHIFT_PAD : SHIFT_PIXEL;
    this.mTvalid = this.hitQ;
    if (this.c === this.lastCol) {
      this.c = 0;
      this.r = this.r === this.lastRow ? 0 : this.r + 1;
    } else this.c++;
    this.padQ = this.isPad(this.r, this.c);
    this.hitQ = this.isHit(this.r, this.c);
    return kind;
  }
}

/** One axis of the tables: padding, and window hits (k − 1 + s·i for i < outs). */
function axisTables(n: number, pad: number, size: number, k: number, s: number, outs: number): readonly [Uint8Array, Uint8Array] {
  const isPad = new Uint8Array(n);
  const hit = new Uint8Array(n);
  for (let g = 0; g < n; g++) {
    const d = g - (k - 1);
    isPad[g] = g < pad || g >= pad + size ? 1 : 0;
    hit[g] = d >= 0 && d % s === 0 && d / s < outs ? 1 : 0;
  }
  return [isPad, hit];
}
