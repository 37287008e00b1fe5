/**
 * Cycle model of a hardwired layer (rtl/siman_hwu.v with its siman_hwlane
 * lanes, docs/architecture.md "siman_hwu"), register by register. One call
 * of {@link HwuSim.step} is one rising edge; the input buffer loads
 * afterwards through {@link HwuSim.loadWords} / {@link HwuSim.loadElements}.
 *
 * Registers and their model:
 * - in_buf (bit planes, as in MvuSim), in_valid, nf_cnt;
 * - the lanes' tree pipeline: lane p's result for fold f is the
 *   accumulator q of channel f·PE + p, a function of in_buf and nf_cnt
 *   sampled on issue, carried through DEPTH registers with the valid flag
 *   and fold index (all frozen by the stall); with DEPTH = 0 the output
 *   stage reads it combinationally in the issue cycle;
 * - collect, m_tdata, m_tvalid, as in the folded unit.
 * A lowered layer's lanes hold q − (n − K_c) (src/plan/lowering.ts): the
 * simulator computes today's q and subtracts the offset, independently of
 * the RTL's 2·s − p form.
 * It exposes the same surface as MvuSim (sf = 1, sfCnt = 0; `acc`/`accv`
 * are the lane results reaching the output stage) so the pipeline driver,
 * the VCD probe and the activity counters treat both alike.
 */
import type { LayerPlan } from '../plan/plan.js';
import { accOffset } from '../plan/lowering.js';
import { popcount32, tailMask, valueToggles, wrapUnsigned } from './bits.js';
import { UnitSimBase, type MvuRegisterBits } from './unit-base.js';
import { HwuControl } from '../schedule/unit-control.js';
import { kernelRows, usesKernel, type KernelRows, type PopcountPath } from './kernel-rows.js';

export class HwuSim extends UnitSimBase {
  readonly sf = 1;
  readonly regBits: MvuRegisterBits;
  private readonly tail: Uint32Array;
  /** q − lane result per channel (n − K_c when lowered on bits, else 0). */
  private readonly offsets: Float64Array;
  /** The lanes' weight rows in the popcount kernel when long enough to pay (null: SWAR loops). */
  private readonly kernel: KernelRows | null;
  /** Valid bits of a row within its words (xnor agreements = this − disagreements). */
  private readonly validBits: number;

  // ------------------------------------------------------------ registers
  readonly ctl: HwuControl;
  /** Lane results of the fold being issued (combinational from in_buf, nf_cnt). */
  private readonly prod: Float64Array;
  /** Lane pipeline, stage d at [d·PE ..): signed q values. */
  private readonly pipe: Float64Array;
  /** Lane results at the output stage in the last unstalled cycle (unsigned ACC_W encoding, for VCD). */
  readonly acc: Float64Array;

  constructor(lp: LayerPlan, activity = false, popcounts: PopcountPath = 'auto') {
    if (lp.mode !== 'hardwired' || lp.sf !== 1) throw new Error(`HwuSim: layer ${lp.index} is not hardwired`);
    super(lp, activity);
    this.ctl = new HwuControl(lp);
    this.tail = Uint32Array.from({ length: this.planeWords }, (_, j) => tailMask(lp.in, j));
    this.offsets = Float64Array.from({ length: lp.out }, (_, c) => accOffset(lp.stage, lp.lowered, c));
    this.validBits = this.tail.subarray(0, this.img.rowWords).reduce((a, m) => a + popcount32(m), 0);
    this.kernel = usesKernel(popcounts, this.pe, this.img.rowWords, this.planes) ? kernelRows(this.img, this.pe, this.planes, lp.in) : null;
    this.prod = new Float64Array(this.pe);
    this.pipe = new Float64Array(this.pe * this.depth);
    this.acc = new Float64Array(this.pe);
    this.regBits = { inBuf: lp.inBits, xq: 0, partial: this.pe * this.accW * this.depth, acc: 0, out: lp.outBits };
  }


  /** One rising edge. `sFire` = s_tvalid && s_tready this cycle; load in_buf afterwards. */
  step(stall: boolean, sFire: boolean): void {
    const c = this.ctl;
    c.step(stall, sFire);
    const D = this.depth;
    const pe = this.pe;
    if (c.issue) {
      this.busyCycles++;
      this.computeLanes(c.issueNf);
    }
    if (c.stalled) {
      this.stallCycles++;
      return;
    }
    const q = D === 0 ? this.prod : this.pipe;
    const qOff = D === 0 ? 0 : (D - 1) * pe;
    if (c.accv) {
      for (let p = 0; p < pe; p++) {
        const v = wrapUnsigned(q[qOff + p]!, this.accW);
        if (this.activity) this.toggles.acc += valueToggles(this.acc[p]!, v, this.accW);
        this.acc[p] = v;
      }
      if (c.outLoad) this.loadOutput(q, qOff);
      else this.writeCollect(q, qOff, c.resultNf);
    }
    if (D > 0) {
      if (this.activity) {
        let t = 0;
        for (let d = D - 1; d >= 0; d--) {
          for (let p = 0; p < pe; p++) {
            const nv = d === 0 ? this.prod[p]! : this.pipe[(d - 1) * pe + p]!;
            t += valueToggles(wrapUnsigned(this.pipe[d * pe + p]!, this.accW), wrapUnsigned(nv, this.accW), this.accW);
          }
        }
        this.toggles.partial += t;
      }
      if (D > 1) this.pipe.copyWithin(pe, 0, (D - 1) * pe);
      if (c.issue) this.pipe.set(this.prod);
    }
  }

  /** prod[p] = q of channel f·PE + p against in_buf. */
  private computeLanes(f: number): void {
    const W = this.img.weights;
    const rw = this.img.rowWords;
    const x = this.inBuf;
    const stride = this.inStride;
    if (this.kernel) {
      const kr = this.kernel;
      const pe = this.pe;
      const prod = this.prod;
      kr.setX(x, 0, stride, this.planes);
      if (this.isUint) {
        const all = kr.selected(f, this.planes, prod, this.isXnor);
        if (this.isXnor) for (let p = 0; p < pe; p++) prod[p] = 2 * prod[p]! - all;
        return;
      }
      if (this.isXnor) {
        kr.disagreements(f, prod);
        for (let p = 0; p < pe; p++) prod[p] = this.validBits - prod[p]!;
      } else kr.selected(f, 1, prod, false);
      for (let p = 0; p < pe; p++) prod[p] = prod[p]! - this.offsets[f * pe + p]!;
      return;
    }
    for (let p = 0; p < this.pe; p++) {
      const o = (f * this.pe + p) * rw;
      if (!this.isUint) {
        let q = 0;
        if (this.isXnor) for (let j = 0; j < rw; j++) q += popcount32(~(W[o + j]! ^ x[j]!) & this.tail[j]!);
        else for (let j = 0; j < rw; j++) q += popcount32(W[o + j]! & x[j]!);
        this.prod[p] = q - this.offsets[f * this.pe + p]!;
        continue;
      }
      let sel = 0;
      let all = 0;
      for (let b = 0; b < this.planes; b++) {
        let c = 0;
        let a = 0;
        for (let j = 0; j < rw; j++) {
          const xv = x[b * stride + j]!;
          c += popcount32(W[o + j]! & xv);
          if (this.isXnor) a += popcount32(xv);
        }
        sel += c * 2 ** b;
        all += a * 2 ** b;
      }
      this.prod[p] = this.isXnor ? 2 * sel - all : sel;
    }
  }
}
