/**
 * Cycle model of rtl/siman_axis_fifo.v: DEPTH entries of W bits, m_tdata =
 * mem[rd_ptr]. The pointers, count and registered full/empty flags are the
 * FIFO's timing control (src/schedule/fifo-control.ts); this model adds the
 * entries: a push writes s_tdata at wr_ptr.
 */
import type { FifoPlan } from '../plan/plan.js';
import { FifoControl } from '../schedule/fifo-control.js';
import { words32 } from './bits.js';

export class FifoSim extends FifoControl {
  /** 32-bit words per entry. */
  readonly wordsPerEntry: number;
  /** Entry k at [k·wordsPerEntry ..). */
  readonly mem: Uint32Array;

  constructor(readonly plan: FifoPlan) {
    super(plan.depth);
    this.wordsPerEntry = words32(plan.width);
    // One spare word so a reader may extract across the last word.
    this.mem = new Uint32Array(this.depth * this.wordsPerEntry + 1);
  }

  /** Word offset of m_tdata (the entry at rd_ptr). */
  headOffset(): number {
    return this.rdPtr * this.wordsPerEntry;
  }

  /** One rising edge; `src` holds s_tdata (read only when pushing). */
  override step(push: boolean, pop: boolean, src?: Uint32Array): void {
    if (push) {
      const off = this.wrPtr * this.wordsPerEntry;
      for (let j = 0; j < this.wordsPerEntry; j++) this.mem[off + j] = src![j]!;
    }
    super.step(push, pop);
  }
}
