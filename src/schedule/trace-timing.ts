/**
 * What a cycle-level run of the accelerator produces, whichever model ran
 * it (Verilator or the TS simulator): the cycle of every input and output
 * transfer and the score vector of every output beat. Cycle 0 is the first
 * rising edge after reset (docs/verification.md).
 */
export interface StreamTrace {
  inputCycles: number[];
  outputCycles: number[];
  /** One score vector per output beat, in output order. */
  scores: Float64Array[];
  /** Cycles simulated until the last output transfer (inclusive). */
  totalCycles: number;
}

/** Timing derived from a trace. */
export interface TraceTiming {
  /** First output handshake minus first input handshake (cycles). */
  latencyCycles: number | null;
  /** Steady-state cycles between outputs: the most common gap in the second half of the run. */
  iiCycles: number | null;
}

/** Measure latency and steady-state II of a trace. */
export function traceTiming(t: StreamTrace): TraceTiming {
  const latencyCycles = t.inputCycles.length && t.outputCycles.length ? t.outputCycles[0]! - t.inputCycles[0]! : null;
  const gaps: number[] = [];
  for (let i = Math.max(1, Math.floor(t.outputCycles.length / 2)); i < t.outputCycles.length; i++) {
    gaps.push(t.outputCycles[i]! - t.outputCycles[i - 1]!);
  }
  if (gaps.length === 0) return { latencyCycles, iiCycles: null };
  const counts = new Map<number, number>();
  for (const g of gaps) counts.set(g, (counts.get(g) ?? 0) + 1);
  let best = gaps[0]!;
  for (const [g, n] of counts) if (n > counts.get(best)! || (n === counts.get(best)! && g < best)) best = g;
  return { latencyCycles, iiCycles: best };
}
