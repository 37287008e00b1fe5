/**
 * The shared stall pattern (DESIGN §2b), used identically by the TS
 * simulator and the Verilator harness (sim/harness.cpp) so their cycle
 * counts can be compared exactly: one xorshift32 stream, drawn twice every
 * cycle, first for the source, then for the sink.
 */

/** xorshift32 state; seed must be non-zero. */
export class Xorshift32 {
  private x: number;
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed <= 0 || seed > 0xffffffff) throw new Error(`xorshift32 seed must be in 1..2^32-1, got ${seed}`);
    this.x = seed >>> 0;
  }
  next(): number {
    let x = this.x;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x >>> 0;
    return this.x;
  }
}

/** Stall probability p in [0, 1) as the integer permille threshold: pass iff draw % 1000 >= permille. */
export function stallPermille(p: number): number {
  if (!(p >= 0 && p < 1)) throw new Error(`stall probability must be in [0, 1), got ${p}`);
  return Math.round(p * 1000);
}

/** The two draws of one cycle, as pass/stall decisions. */
export interface CycleDraw {
  /** Source may raise tvalid this cycle (if it holds a beat and tvalid is low). */
  sourceGo: boolean;
  /** Sink's tready this cycle. */
  sinkReady: boolean;
}

/** Per-cycle draws of the stall pattern. */
export class StallPattern {
  private readonly rng: Xorshift32;
  constructor(seed: number, readonly permille: number) {
    this.rng = new Xorshift32(seed);
  }
  draw(): CycleDraw {
    const s = this.rng.next() % 1000;
    const k = this.rng.next() % 1000;
    return { sourceGo: s >= this.permille, sinkReady: k >= this.permille };
  }
}
