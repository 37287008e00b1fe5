/**
 * Compare a cycle-level run against the reference scores, output beat by
 * output beat, and name the first difference precisely.
 */
import type { StreamTrace } from './trace.js';

export interface Mismatch {
  /** Which model disagrees with the reference (e.g. 'verilator'). */
  model: string;
  vector: number;
  /** Class index, or null when a whole beat is missing or extra. */
  class: number | null;
  expected: number | null;
  actual: number | null;
  cycle: number | null;
  message: string;
}

/** First difference between `trace` and the reference scores (`count × classes`), or null. */
export function firstScoreMismatch(model: string, trace: StreamTrace, ref: { count: number; classes: number; scores: ArrayLike<number> }): Mismatch | null {
  const n = Math.min(trace.scores.length, ref.count);
  for (let r = 0; r < n; r++) {
    const got = trace.scores[r]!;
    for (let c = 0; c < ref.classes; c++) {
      const want = ref.scores[r * ref.classes + c]!;
      if (got[c] !== want) {
        return {
          model,
          vector: r,
          class: c,
          expected: want,
          actual: got[c]!,
          cycle: trace.outputCycles[r] ?? null,
          message: `${model}: vector ${r}, class ${c}: expected score ${want}, got ${got[c]} (output at cycle ${trace.outputCycles[r]})`,
        };
      }
    }
  }
  if (trace.scores.length !== ref.count) {
    return {
      model,
      vector: n,
      class: null,
      expected: null,
      actual: null,
      cycle: null,
      message: `${model}: produced ${trace.scores.length} output beats for ${ref.count} input vectors`,
    };
  }
  return null;
}
