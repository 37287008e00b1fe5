/**
 * Timing control of the two compute units, without their data path:
 * the folded unit (rtl/siman_mvu.v) and the hardwired unit
 * (rtl/siman_hwu.v). Each step is one rising edge given the cycle's stall
 * (m_tvalid && !m_tready) and s_fire; besides advancing its registers a
 * step leaves the edge's wires in public fields (`issue`, `issueSf`, ...),
 * taken before the registers moved, so the simulator's data path
 * (src/sim/mvu.ts, src/sim/hwu.ts) does exactly what this control decided
 * and no rule exists twice.
 */

/** The geometry a compute unit's control needs (a plan's LayerPlan has these fields). */
export interface UnitGeometry {
  /** Output folds (OUT / PE). */
  nf: number;
  /** Input folds (IN / SIMD; 1 for a hardwired unit). */
  sf: number;
  /** Registers of the popcount / adder tree pipeline. */
  depth: number;
}

/** What the simulator, the VCD probe and the deadlock diagnosis read of a compute unit's control. */
export interface UnitControl {
  readonly inValid: boolean;
  readonly mTvalid: boolean;
  readonly sfCnt: number;
  readonly nfCnt: number;
  /** A fold result reaches the output stage (folded: the accumulator holds a complete fold). */
  readonly accv: boolean;
  /** The edge was stalled (everything but the input buffer frozen). */
  readonly stalled: boolean;
  /** The edge issued a slice (stage 1 loaded). */
  readonly issue: boolean;
  /** s_tready this cycle, given the stall. */
  sReady(stall: boolean): boolean;
  /** One rising edge. */
  step(stall: boolean, sFire: boolean): void;
  /** Whether any register holds (part of) a vector: for deadlock diagnosis. */
  holdsData(): boolean;
}

/**
 * siman_mvu: in_valid, sf_cnt / nf_cnt, stage 1 (v1, first1, last1, nf1),
 * DEPTH tree pipeline registers of the same flags, the accumulator's
 * accv / accnf, m_tvalid. s_tready = !in_valid || last_issue; the stall
 * freezes everything but the input buffer load.
 */
export class MvuControl implements UnitControl {
  readonly nf: number;
  readonly sf: number;
  readonly depth: number;
  inValid = false;
  sfCnt = 0;
  nfCnt = 0;
  v1 = false;
  first1 = false;
  last1 = false;
  nf1 = 0;
  readonly pv: Uint8Array;
  readonly pfirst: Uint8Array;
  readonly plast: Uint8Array;
  readonly pnf: Int32Array;
  accv = false;
  accnf = 0;
  mTvalid = false;

  // ------------------------------------------ wires of the last edge
  stalled = false;
  issue = false;
  /** sf_cnt / nf_cnt of the issued slice. */
  issueSf = 0;
  issueNf = 0;
  /** The output stage took the accumulators (fold `resultNf`); `outLoad`: it was the last fold, m_tdata loads. */
  resultIn = false;
  resultNf = 0;
  outLoad = false;
  /** A partial entered the accumulators: first / last of its fold, fold index. */
  accIn = false;
  accFirst = false;
  accLast = false;
  accNf = 0;

  constructor(g: UnitGeometry) {
    this.nf = g.nf;
    this.sf = g.sf;
    this.depth = g.depth;
    this.pv = new Uint8Array(g.depth);
    this.pfirst = new Uint8Array(g.depth);
    this.plast = new Uint8Array(g.depth);
    this.pnf = new Int32Array(g.depth);
  }

  sReady(stall: boolean): boolean {
    return !this.inValid || (!stall && this.sfCnt === this.sf - 1 && this.nfCnt === this.nf - 1);
  }

  holdsData(): boolean {
    if (this.inValid || this.v1 || this.accv || this.mTvalid) return true;
    for (let d = 0; d < this.depth; d++) if (this.pv[d]) return true;
    return false;
  }

  step(stall: boolean, sFire: boolean): void {
    const issue = this.inValid && !stall;
    const sf = this.sfCnt;
    const lastIssue = issue && sf === this.sf - 1 && this.nfCnt === this.nf - 1;
    this.stalled = stall;
    this.issue = issue;
    this.issueSf = sf;
    this.issueNf = this.nfCnt;
    this.resultIn = false;
    this.outLoad = false;
    this.accIn = false;
    if (!stall) {
      if (this.accv) {
        this.resultIn = true;
        this.resultNf = this.accnf;
        this.outLoad = this.accnf === this.nf - 1;
      }
      this.accumulate();
      this.v1 = issue;
    }
    if (issue) {
      this.nf1 = this.nfCnt;
      this.first1 = sf === 0;
      this.last1 = sf === this.sf - 1;
      if (sf === this.sf - 1) {
        this.sfCnt = 0;
        this.nfCnt = this.nfCnt === this.nf - 1 ? 0 : this.nfCnt + 1;
      } else this.sfCnt = sf + 1;
    }
    if (sFire) this.inValid = true;
    else if (lastIssue) this.inValid = false;
    this.mTvalid = stall || this.outLoad;
  }

  /** Accumulator stage, then the tree pipeline shift (not stalled). */
  private accumulate(): void {
    const D = this.depth;
    const vd = D === 0 ? this.v1 : this.pv[D - 1] === 1;
    const firstd = D === 0 ? this.first1 : this.pfirst[D - 1] === 1;
    const lastd = D === 0 ? this.last1 : this.plast[D - 1] === 1;
    const nfd = D === 0 ? this.nf1 : this.pnf[D - 1]!;
    this.accv = vd && lastd;
    this.accIn = vd;
    this.accFirst = firstd;
    this.accLast = lastd;
    this.accNf = nfd;
    if (vd && lastd) this.accnf = nfd;
    if (D > 0) {
      for (let d = D - 1; d > 0; d--) {
        this.pv[d] = this.pv[d - 1]!;
        this.pfirst[d] = this.pfirst[d - 1]!;
        this.plast[d] = this.plast[d - 1]!;
        this.pnf[d] = this.pnf[d - 1]!;
      }
      this.pv[0] = this.v1 ? 1 : 0;
      this.pfirst[0] = this.first1 ? 1 : 0;
      this.plast[0] = this.last1 ? 1 : 0;
      this.pnf[0] = this.nf1;
    }
  }
}

/**
 * siman_hwu: in_valid, nf_cnt, DEPTH lane pipeline registers (valid, fold
 * index), m_tvalid; every unstalled cycle with in_valid issues a fold
 * (sf = 1). With DEPTH = 0 the output stage takes the issued fold in the
 * issue cycle.
 */
export class HwuControl implements UnitControl {
  readonly nf: number;
  readonly sf = 1;
  readonly sfCnt = 0;
  readonly depth: number;
  inValid = false;
  nfCnt = 0;
  readonly pv: Uint8Array;
  readonly pnf: Int32Array;
  /** Whether the output stage took a lane result in the last unstalled cycle. */
  accv = false;
  mTvalid = false;

  // ------------------------------------------ wires of the last edge
  stalled = false;
  issue = false;
  issueNf = 0;
  /** Fold of the lane result the output stage took (when `accv`); `outLoad`: the last fold, m_tdata loads. */
  resultNf = 0;
  outLoad = false;

  constructor(g: UnitGeometry) {
    if (g.sf !== 1) throw new Error(`HwuControl: sf ${g.sf} ≠ 1`);
    this.nf = g.nf;
    this.depth = g.depth;
    this.pv = new Uint8Array(g.depth);
    this.pnf = new Int32Array(g.depth);
  }

  sReady(stall: boolean): boolean {
    return !this.inValid || (!stall && this.nfCnt === this.nf - 1);
  }

  holdsData(): boolean {
    if (this.inValid || this.mTvalid) return true;
    for (let d = 0; d < this.depth; d++) if (this.pv[d]) return true;
    return false;
  }

  step(stall: boolean, sFire: boolean): void {
    const issue = this.inValid && !stall;
    const nfLast = this.nfCnt === this.nf - 1;
    const D = this.depth;
    this.stalled = stall;
    this.issue = issue;
    this.issueNf = this.nfCnt;
    this.outLoad = false;
    if (!stall) {
      const vd = D === 0 ? issue : this.pv[D - 1] === 1;
      this.resultNf = D === 0 ? this.nfCnt : this.pnf[D - 1]!;
      this.accv = vd;
      this.outLoad = vd && this.resultNf === this.nf - 1;
      if (D > 0) {
        for (let d = D - 1; d > 0; d--) {
          this.pv[d] = this.pv[d - 1]!;
          this.pnf[d] = this.pnf[d - 1]!;
        }
        this.pv[0] = issue ? 1 : 0;
        this.pnf[0] = this.nfCnt;
      }
    }
    if (issue) this.nfCnt = nfLast ? 0 : this.nfCnt + 1;
    if (sFire) this.inValid = true;
    else if (issue && nfLast) this.inValid = false;
    this.mTvalid = stall || this.outLoad;
  }
}
