/**
 * Cycle model of rtl/siman_mvu.v, register by register. One call of
 * {@link MvuSim.step} is one rising edge: every next value is computed from
 * the current registers and the cycle's input wires (stall, s_fire), in an
 * order where each register is read before it is written (output stage,
 * accumulators, tree pipeline, stage 1, counters), then the input buffer
 * loads through {@link MvuSim.loadWords} / {@link MvuSim.loadElements}.
 *
 * Registers and their model:
 * - in_buf: the input beat, held bit-transposed (plane b = bit b of every
 *   element; one plane for bit inputs) so a slice of SIMD elements is a
 *   word-parallel extract per plane;
 * - in_valid, sf_cnt, nf_cnt, waddr: control;
 * - stage 1: x_q (slice of in_buf), w_q (ROM word at waddr: its rows are
 *   read through the address), v1, first1, last1, nf1;
 * - the popcount / adder tree: its result f(w_q, x_q) is combinational in
 *   the registers it reads, so it is evaluated once when they load
 *   (`prod`), then moves through DEPTH pipeline registers (`pipe`) with the
 *   valid/first/last/nf flags, all frozen by the stall;
 * - acc (ACC_W bits, wrapping), accv, accnf, the constant ROM word (read
 *   at nfd when the last partial enters the accumulator);
 * - collect (fold nf's PE results at channels nf·PE..), m_tdata, m_tvalid.
 * Global stall = m_tvalid && !m_tready freezes everything but the in_buf
 * load; s_tready = !in_valid || last_issue.
 * The control registers (in_valid, counters, the valid/first/last/nf flags
 * of stage 1, the tree pipeline and the accumulator, m_tvalid) are the
 * unit's timing control, src/schedule/unit-control.ts (MvuControl): each
 * edge steps it first, then this model moves the data as its wires say.
 */
import type { LayerPlan } from '../plan/plan.js';
import { clog2 } from '../plan/widths.js';
import { extractBits, popcount32, tailMask, valueToggles, wordToggles, wrapUnsigned } from './bits.js';
import { UnitSimBase, type MvuRegisterBits } from './unit-base.js';
import { MvuControl } from '../schedule/unit-control.js';
import { kernelRows, usesKernel, type KernelRows, type PopcountPath } from './kernel-rows.js';

export type { MvuRegisterBits, MvuToggles } from './unit-base.js';

export class MvuSim extends UnitSimBase {
  readonly sf: number;
  readonly simd: number;
  readonly pw: number;
  readonly rowWords: number;
  readonly regBits: MvuRegisterBits;
  private readonly accMask: number;
  private readonly sHalf: number;
  private readonly sMod: number;
  private readonly fastAcc: boolean;
  private readonly simdMask: Uint32Array;
  /** The weight rows in the popcount kernel, when its rows are long enough to pay (null: SWAR loops). */
  private readonly kernel: KernelRows | null;

  readonly ctl: MvuControl;

  // ------------------------------------------------------------ registers
  waddr = 0;
  /** x_q as bit planes of SIMD elements, plane b at [b·rowWords ..). */
  xq: Uint32Array;
  private xqAlt: Uint32Array;
  /** Address of the word in w_q (the weight ROM output register). */
  wqAddr = 0;
  /** Border class beside in_buf, at stage 1, through the tree pipeline, at the accumulator (0 without classes). */
  inCls = 0;
  cls1 = 0;
  readonly pcls: Int32Array;
  accCls = 0;
  /** Tree result of (w_q, x_q), per PE. */
  readonly prod: Float64Array;
  /** Tree pipeline registers, stage d (0 = first) at [d·PE ..). */
  readonly pipe: Float64Array;
  /** Accumulators, unsigned ACC_W-bit values. */
  readonly acc: Float64Array;
  /** The accumulators as signed values, for the output stage (scratch). */
  private readonly qs: Float64Array;
  /** Address the constant ROM word was read from. */
  cwAddr = 0;

  constructor(lp: LayerPlan, activity = false, popcounts: PopcountPath = 'auto') {
    super(lp, activity);
    this.ctl = new MvuControl(lp);
    this.sf = lp.sf;
    this.simd = lp.simd;
    this.pw = this.isUint ? lp.eb + (this.isXnor ? 1 : 0) + clog2(lp.simd) : clog2(lp.simd + 1);
    this.rowWords = this.img.rowWords;
    this.accMask = this.accW <= 30 ? 2 ** this.accW - 1 : 0;
    this.fastAcc = this.accW <= 30 && this.pw <= 30;
    this.simdMask = Uint32Array.from({ length: this.rowWords }, (_, j) => tailMask(lp.simd, j));
    this.kernel = usesKernel(popcounts, this.pe, this.rowWords, this.planes) ? kernelRows(this.img, this.pe, this.planes, lp.simd) : null;
    this.xq = new Uint32Array(this.planes * this.rowWords);
    this.xqAlt = new Uint32Array(this.planes * this.rowWords);
    this.sHalf = 2 ** (this.accW - 1);
    this.sMod = 2 ** this.accW;
    this.prod = new Float64Array(this.pe);
    this.pipe = new Float64Array(this.pe * this.depth);
    this.pcls = new Int32Array(this.depth);
    this.acc = new Float64Array(this.pe);
    this.qs = new Float64Array(this.pe);
    this.regBits = {
      inBuf: lp.inBits,
      xq: lp.simd * this.planes,
      partial: this.pe * this.pw * this.depth,
      acc: this.pe * this.accW,
      out: lp.outBits,
    };
  }

  /** One rising edge. `sFire` = s_tvalid && s_tready this cycle; load in_buf afterwards. */
  step(stall: boolean, sFire: boolean): void {
    const c = this.ctl;
    c.step(stall, sFire);
    if (c.stalled) this.stallCycles++;
    else {
      if (c.resultIn) {
        this.resultClass = this.accCls;
        if (c.outLoad) this.loadOutput(this.signedAcc(), 0);
        else this.writeCollect(this.signedAcc(), 0, c.resultNf);
      }
      this.accumulate(c);
    }
    if (c.issue) this.issue(c.issueSf);
  }

  /** The accumulators as signed ACC_W-bit values. */
  private signedAcc(): Float64Array {
    for (let p = 0; p < this.pe; p++) {
      const a = this.acc[p]!;
      this.qs[p] = a >= this.sHalf ? a - this.sMod : a;
    }
    return this.qs;
  }

  /** Accumulator stage, then the tree pipeline shift (not stalled): the data under the control's flags. */
  private accumulate(c: MvuControl): void {
    const D = this.depth;
    const pe = this.pe;
    const part = D === 0 ? this.prod : this.pipe;
    const partOff = D === 0 ? 0 : (D - 1) * pe;
    const clsd = D === 0 ? this.cls1 : this.pcls[D - 1]!;
    if (c.accIn) {
      const acc = this.acc;
      const firstd = c.accFirst;
      for (let p = 0; p < pe; p++) {
        const old = acc[p]!;
        const sum = (firstd ? 0 : old) + part[partOff + p]!;
        const v = this.fastAcc ? (sum & this.accMask) : wrapUnsigned(sum, this.accW);
        if (this.activity) this.toggles.acc += valueToggles(old, v, this.accW);
        acc[p] = v;
      }
      if (c.accLast) {
        this.cwAddr = clsd * this.nf + c.accNf;
        this.accCls = clsd;
      }
    }
    if (D > 0) {
      if (this.activity) {
        let t = 0;
        for (let d = D - 1; d >= 0; d--) {
          for (let p = 0; p < pe; p++) {
            const nv = d === 0 ? this.prod[p]! : this.pipe[(d - 1) * pe + p]!;
            t += valueToggles(this.pipe[d * pe + p]!, nv, this.pw);
          }
        }
        this.toggles.partial += t;
      }
      if (D > 1) {
        this.pipe.copyWithin(pe, 0, (D - 1) * pe);
        for (let d = D - 1; d > 0; d--) this.pcls[d] = this.pcls[d - 1]!;
      }
      this.pipe.set(this.prod);
      this.pcls[0] = this.cls1;
    }
  }

  /** Stage 1 loads (x_q, w_q, the class) for slice `sf`; the weight address advances. */
  private issue(sf: number): void {
    this.busyCycles++;
    const addr = this.waddr;
    const simd = this.simd;
    const rw = this.rowWords;
    // x_q <= in_buf[sf*XW +: XW], per plane.
    const nx = this.xqAlt;
    let t = 0;
    for (let b = 0; b < this.planes; b++) extractBits(this.inBuf, b * this.inStride, sf * simd, simd, nx, b * rw);
    if (this.activity) t += wordToggles(this.xq, nx, this.planes * rw);
    this.toggles.xq += t;
    this.xqAlt = this.xq;
    this.xq = nx;
    this.wqAddr = addr;
    this.computeProducts(addr);
    this.cls1 = this.inCls;
    this.waddr = addr === this.nf * this.sf - 1 ? 0 : addr + 1;
  }

  /** prod[p] = popcount / adder tree of weight row p of word `addr` against x_q. */
  private computeProducts(addr: number): void {
    const W = this.img.weights;
    const x = this.xq;
    const rw = this.rowWords;
    const pe = this.pe;
    const prod = this.prod;
    const base = addr * pe * rw;
    if (this.kernel) {
      const kr = this.kernel;
      kr.setX(x, 0, rw, this.planes);
      if (this.isUint) {
        const total = kr.selected(addr, this.planes, prod, this.isXnor);
        if (this.isXnor) for (let p = 0; p < pe; p++) prod[p] = 2 * prod[p]! - total;
      } else if (this.isXnor) {
        // Agreements among the SIMD valid bits (weight and slice tails are zero).
        kr.disagreements(addr, prod);
        for (let p = 0; p < pe; p++) prod[p] = this.simd - prod[p]!;
      } else kr.selected(addr, 1, prod, false);
      return;
    }
    if (!this.isUint) {
      if (rw === 1) {
        const x0 = x[0]!;
        if (!this.isXnor) for (let p = 0; p < pe; p++) prod[p] = popcount32(W[base + p]! & x0);
        else {
          const m = this.simdMask[0]!;
          for (let p = 0; p < pe; p++) prod[p] = popcount32(~(W[base + p]! ^ x0) & m);
        }
        return;
      }
      if (!this.isXnor) {
        for (let p = 0, o = base; p < pe; p++, o += rw) {
          let q = 0;
          for (let j = 0; j < rw; j++) q += popcount32(W[o + j]! & x[j]!);
          prod[p] = q;
        }
      } else {
        const m = this.simdMask;
        for (let p = 0, o = base; p < pe; p++, o += rw) {
          let q = 0;
          for (let j = 0; j < rw; j++) q += popcount32(~(W[o + j]! ^ x[j]!) & m[j]!);
          prod[p] = q;
        }
      }
      return;
    }
    // uint: sum of the selected elements = sum over bit planes b of 2^b · popcount(w & plane_b).
    const planes = this.planes;
    let total = 0;
    if (this.isXnor) {
      for (let b = 0, xo = 0; b < planes; b++, xo += rw) {
        let c = 0;
        for (let j = 0; j < rw; j++) c += popcount32(x[xo + j]!);
        total += c * (1 << b);
      }
    }
    for (let p = 0, o = base; p < pe; p++, o += rw) {
      let sel = 0;
      for (let b = 0, xo = 0; b < planes; b++, xo += rw) {
        let c = 0;
        for (let j = 0; j < rw; j++) c += popcount32(W[o + j]! & x[xo + j]!);
        sel += c * (1 << b);
      }
      prod[p] = this.isXnor ? 2 * sel - total : sel;
    }
  }
}
