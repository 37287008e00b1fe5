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

/**
 * First difference between two cycle-level runs of the same vectors with
 * the same stall pattern (e.g. the TS simulator and Verilator): input
 * transfer cycles, then output transfer cycles and beats, in cycle order,
 * then the number of cycles. `model` is the run under test, `against` the
 * one it is compared with.
 */
export function firstTraceMismatch(model: string, trace: StreamTrace, against: string, other: StreamTrace): Mismatch | null {
  const events: Mismatch[] = [];
  const n = Math.min(trace.inputCycles.length, other.inputCycles.length);
  for (let r = 0; r < n; r++) {
    if (trace.inputCycles[r] !== other.inputCycles[r]) {
      events.push({
        model,
        vector: r,
        class: null,
        expected: other.inputCycles[r]!,
        actual: trace.inputCycles[r]!,
        cycle: Math.min(trace.inputCycles[r]!, other.inputCycles[r]!),
        message: `${model} vs ${against}: vector ${r} enters at cycle ${trace.inputCycles[r]} in ${model}, at cycle ${other.inputCycles[r]} in ${against}`,
      });
      break;
    }
  }
  const m = Math.min(trace.outputCycles.length, other.outputCycles.length);
  for (let r = 0; r < m; r++) {
    const ca = trace.outputCycles[r]!;
    const cb = other.outputCycles[r]!;
    if (ca !== cb) {
      events.push({
        model,
        vector: r,
        class: null,
        expected: cb,
        actual: ca,
        cycle: Math.min(ca, cb),
        message: `${model} vs ${against}: vector ${r} leaves at cycle ${ca} in ${model}, at cycle ${cb} in ${against}`,
      });
      break;
    }
    const sa = trace.scores[r]!;
    const sb = other.scores[r]!;
    let bad = -1;
    for (let c = 0; c < Math.max(sa.length, sb.length); c++) if (sa[c] !== sb[c]) { bad = c; break; }
    if (bad >= 0) {
      events.push({
        model,
        vector: r,
        class: bad,
        expected: sb[bad] ?? null,
        actual: sa[bad] ?? null,
        cycle: ca,
        message: `${model} vs ${against}: vector ${r}, class ${bad}: score ${sa[bad]} in ${model}, ${sb[bad]} in ${against} (output at cycle ${ca})`,
      });
      break;
    }
  }
  if (events.length) return events.reduce((a, b) => ((b.cycle ?? Infinity) < (a.cycle ?? Infinity) ? b : a));
  if (trace.inputCycles.length !== other.inputCycles.length || trace.outputCycles.length !== other.outputCycles.length) {
    return {
      model,
      vector: Math.min(n, m),
      class: null,
      expected: null,
      actual: null,
      cycle: null,
      message: `${model} vs ${against}: ${trace.inputCycles.length} inputs / ${trace.outputCycles.length} outputs in ${model}, ${other.inputCycles.length} / ${other.outputCycles.length} in ${against}`,
    };
  }
  if (trace.totalCycles !== other.totalCycles) {
    return {
      model,
      vector: m,
      class: null,
      expected: other.totalCycles,
      actual: trace.totalCycles,
      cycle: Math.min(trace.totalCycles, other.totalCycles),
      message: `${model} vs ${against}: run ends after ${trace.totalCycles} cycles in ${model}, ${other.totalCycles} in ${against}`,
    };
  }
  return null;
}
