/**
 * What the folded unit (siman_mvu) and the hardwired unit (siman_hwu) have
 * in common, modelled once: the input buffer (bit planes) with its loads,
 * the output stage (siman_result: threshold bit or score per channel) and
 * the collect/output registers (siman_collect). The subclasses model how
 * each unit computes its accumulator values q.
 */
import type { LayerPlan } from '../plan/plan.js';
import type { UnitControl } from '../schedule/unit-control.js';
import { popcount32, toSigned, valueToggles, wordToggles, words32, wrapUnsigned } from './bits.js';
import { layerImage, type LayerImage } from './layer-image.js';

/** The main register groups of one unit, in report order. */
export const REGISTER_GROUPS = ['inBuf', 'xq', 'partial', 'acc', 'out'] as const;
export type RegisterGroup = (typeof REGISTER_GROUPS)[number];

/** Toggle counters of the register groups of one unit (bit flips summed over the run). */
export type MvuToggles = Record<RegisterGroup, number>;

/** Register widths (bits) of the groups counted in {@link MvuToggles}. */
export type MvuRegisterBits = Record<RegisterGroup, number>;

export abstract class UnitSimBase {
  readonly lp: LayerPlan;
  readonly img: LayerImage;
  readonly nf: number;
  readonly pe: number;
  readonly planes: number;
  readonly depth: number;
  readonly accW: number;
  readonly sw: number;
  readonly isUint: boolean;
  readonly isXnor: boolean;
  readonly isScore: boolean;
  readonly planeWords: number;
  readonly outWords: number;

  // ------------------------------------------------------------ registers
  /** in_buf, bit plane b of the elements at [b·inStride ..), one spare zero word after each plane. */
  readonly inBuf: Uint32Array;
  readonly inStride: number;
  /** Threshold mode: collect and m_tdata bits (channel c at bit c). */
  readonly collectBits: Uint32Array;
  readonly mBits: Uint32Array;
  /** Score mode: collect and m_tdata fields (unsigned SW-bit values). */
  readonly collectVals: Float64Array;
  readonly mVals: Float64Array;
  /** Border class of the fold whose results are being written (0 without classes): selects its thresholds. */
  protected resultClass = 0;

  // ---------------------------------------------------------- statistics
  busyCycles = 0;
  stallCycles = 0;
  readonly toggles: MvuToggles = { inBuf: 0, xq: 0, partial: 0, acc: 0, out: 0 };
  /** Count toggles (slower). */
  activity: boolean;

  /** The unit's timing control (src/schedule, shared with the planner's schedule); the subclass adds the data path. */
  abstract readonly ctl: UnitControl;

  get inValid(): boolean {
    return this.ctl.inValid;
  }
  get mTvalid(): boolean {
    return this.ctl.mTvalid;
  }
  get sfCnt(): number {
    return this.ctl.sfCnt;
  }
  get nfCnt(): number {
    return this.ctl.nfCnt;
  }
  get accv(): boolean {
    return this.ctl.accv;
  }

  /** s_tready for this cycle, given the stall. */
  sReady(stall: boolean): boolean {
    return this.ctl.sReady(stall);
  }

  /** Whether any register holds (part of) a vector: for deadlock diagnosis. */
  holdsData(): boolean {
    return this.ctl.holdsData();
  }

  constructor(lp: LayerPlan, activity: boolean) {
    this.lp = lp;
    this.img = layerImage(lp);
    this.activity = activity;
    this.nf = lp.nf;
    this.pe = lp.pe;
    this.planes = lp.inputMode === 'uint' ? lp.eb : 1;
    this.depth = lp.depth;
    this.accW = lp.accWidth;
    this.sw = lp.scoreWidth;
    this.isUint = lp.inputMode === 'uint';
    this.isXnor = lp.semantics === 'xnor';
    this.isScore = lp.outputMode === 'score';
    this.planeWords = words32(lp.in);
    this.outWords = words32(lp.out);
    this.inStride = this.planeWords + 1;
    this.inBuf = new Uint32Array(this.planes * this.inStride);
    this.collectBits = new Uint32Array(this.outWords);
    this.mBits = new Uint32Array(this.outWords);
    this.collectVals = new Float64Array(this.isScore ? lp.out : 0);
    this.mVals = new Float64Array(this.isScore ? lp.out : 0);
  }

  /** in_buf <= a packed bit beat (bit inputs), from `src` at word offset `off`. */
  loadWords(src: Uint32Array, off: number): void {
    const dst = this.inBuf;
    const nw = this.planeWords;
    if (this.activity) this.toggles.inBuf += wordToggles(dst, src, nw, 0, off);
    for (let j = 0; j < nw; j++) dst[j] = src[off + j]!;
  }

  /** in_buf <= the beat encoding input elements `row[off ..]` (uint values, or ±1 for bipolar). */
  loadElements(row: Int32Array, off: number): void {
    const n = this.lp.in;
    let t = 0;
    for (let b = 0; b < this.planes; b++) {
      const po = b * this.inStride;
      for (let j = 0; j < this.planeWords; j++) {
        let w = 0;
        const base = off + 32 * j;
        const end = Math.min(32, n - 32 * j);
        if (this.isUint) for (let i = 0; i < end; i++) w |= ((row[base + i]! >>> b) & 1) << i;
        else for (let i = 0; i < end; i++) w |= (row[base + i]! > 0 ? 1 : 0) << i;
        w >>>= 0;
        if (this.activity) t += popcount32(this.inBuf[po + j]! ^ w);
        this.inBuf[po + j] = w;
      }
    }
    this.toggles.inBuf += t;
  }

  /** The current m_tdata score fields as signed scores (score mode). */
  readScores(dst: Float64Array): void {
    for (let c = 0; c < dst.length; c++) dst[c] = toSigned(this.mVals[c]!, this.sw);
  }

  /** siman_result: the threshold bit or the score field of channel c for the signed accumulator q. */
  protected result(q: number, c: number): number {
    if (!this.isScore) {
      const i = this.resultClass * this.lp.out + c;
      const t = this.img.thrT[i]!;
      return (this.img.thrLe[i] ? q <= t : q >= t) ? 1 : 0;
    }
    return wrapUnsigned(this.img.scoreA * q - this.img.scoreB[c]!, this.sw);
  }

  /** siman_collect, a fold nfd < NF-1 completes: its PE results (signed q at `q[off ..]`) enter the collect register. */
  protected writeCollect(q: Float64Array, off: number, nfd: number): void {
    const base = nfd * this.pe;
    for (let p = 0; p < this.pe; p++) {
      const v = this.result(q[off + p]!, base + p);
      if (this.isScore) this.collectVals[base + p] = v;
      else setBit(this.collectBits, base + p, v);
    }
  }

  /** siman_collect, fold NF-1 completes: {chunk, collect} loads the output register. */
  protected loadOutput(q: Float64Array, off: number): void {
    const base = (this.nf - 1) * this.pe;
    if (this.isScore) {
      let t = 0;
      for (let c = 0; c < this.lp.out; c++) {
        const v = c < base ? this.collectVals[c]! : this.result(q[off + c - base]!, c);
        if (this.activity) t += valueToggles(this.mVals[c]!, v, this.sw);
        this.mVals[c] = v;
      }
      this.toggles.out += t;
    } else {
      const old = this.activity ? this.mBits.slice() : null;
      this.mBits.set(this.collectBits);
      for (let p = 0; p < this.pe; p++) setBit(this.mBits, base + p, this.result(q[off + p]!, base + p));
      if (old) this.toggles.out += wordToggles(old, this.mBits, this.outWords);
    }
  }
}

function setBit(words: Uint32Array, i: number, v: number): void {
  const j = i >>> 5;
  const m = 1 << (i & 31);
  words[j] = (v ? words[j]! | m : words[j]! & ~m) >>> 0;
}
