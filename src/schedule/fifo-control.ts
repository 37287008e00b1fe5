/**
 * Timing control of rtl/siman_axis_fifo.v without its memory: DEPTH
 * entries, registered full/empty flags (s_tready = !full, m_tvalid =
 * !empty). Per rising edge, with push = s_tvalid && !full and pop = !empty
 * && m_tready: the pointers advance, count += push − pop, the flags follow
 * the new count. The simulator's FIFOs add the entries on top
 * (src/sim/fifo.ts, src/sim/chain.ts).
 */
export class FifoControl {
  wrPtr = 0;
  rdPtr = 0;
  count = 0;
  full = false;
  empty = true;
  /** Highest occupancy seen. */
  maxCount = 0;

  constructor(readonly depth: number) {
    if (!(depth >= 1)) throw new Error(`FifoControl: depth ${depth} < 1`);
  }

  /** One rising edge. The caller writes entry `wrPtr` before when pushing, and reads entry `rdPtr` as m_tdata. */
  step(push: boolean, pop: boolean): void {
    if (push) this.wrPtr = this.wrPtr === this.depth - 1 ? 0 : this.wrPtr + 1;
    if (pop) this.rdPtr = this.rdPtr === this.depth - 1 ? 0 : this.rdPtr + 1;
    const next = this.count + (push ? 1 : 0) - (pop ? 1 : 0);
    this.count = next;
    this.full = next === this.depth;
    this.empty = next === 0;
    if (next > this.maxCount) this.maxCount = next;
  }
}
