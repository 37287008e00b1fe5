/**
 * Cycle model of rtl/siman_axis_fifo.v: DEPTH entries of W bits, registered
 * full/empty flags (s_tready = !full, m_tvalid = !empty), m_tdata =
 * mem[rd_ptr]. Per rising edge, with push = s_tvalid && !full and
 * pop = !empty && m_tready: write at wr_ptr, advance the pointers, count
 * += push − pop, flags from the new count.
 */
import type { FifoPlan } from '../plan/plan.js';
import { words32 } from './bits.js';

export class FifoSim {
  readonly depth: number;
  /** 32-bit words per entry. */
  readonly wordsPerEntry: number;
  /** Entry k at [k·wordsPerEntry ..). */
  readonly mem: Uint32Array;
  wrPtr = 0;
  rdPtr = 0;
  count = 0;
  full = false;
  empty = true;
  /** Highest occupancy seen. */
  maxCount = 0;

  constructor(readonly plan: FifoPlan) {
    this.depth = plan.depth;
    this.wordsPerEntry = words32(plan.width);
    // One spare word so a reader may extract across the last word.
    this.mem = new Uint32Array(this.depth * this.wordsPerEntry + 1);
  }

  /** Word offset of m_tdata (the entry at rd_ptr). */
  headOffset(): number {
    return this.rdPtr * this.wordsPerEntry;
  }

  /** One rising edge; `src` holds s_tdata (read only when pushing). */
  step(push: boolean, pop: boolean, src: Uint32Array): void {
    if (push) {
      const off = this.wrPtr * this.wordsPerEntry;
      for (let j = 0; j < this.wordsPerEntry; j++) this.mem[off + j] = src[j]!;
      this.wrPtr = this.wrPtr === this.depth - 1 ? 0 : this.wrPtr + 1;
    }
    if (pop) this.rdPtr = this.rdPtr === this.depth - 1 ? 0 : this.rdPtr + 1;
    const next = this.count + (push ? 1 : 0) - (pop ? 1 : 0);
    this.count = next;
    this.full = next === this.depth;
    this.empty = next === 0;
    if (next > this.maxCount) this.maxCount = next;
  }
}
