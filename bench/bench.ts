/**
 * Benchmark building blocks. A group is a module exporting a
 * {@link BenchGroup}; bench/run.ts registers the groups and runs the ones
 * selected on the command line. Each case is timed after warm-up over
 * several repetitions and reported by its median throughput.
 */
import { performance } from 'node:perf_hooks';

/** One measurable thing: `setup` builds inputs once, `run` does the work and returns the items processed (or a promise of them). */
export interface BenchCase {
  name: string;
  /** What `run`'s return value counts, e.g. "vectors". */
  unit: string;
  setup(): () => number | Promise<number>;
}

export interface BenchGroup {
  name: string;
  description: string;
  cases(): BenchCase[];
  /** Optional derived figures (ratios, ...) from the group's results, written beside them. */
  summarize?(results: CaseResult[]): unknown;
}

export interface CaseResult {
  name: string;
  unit: string;
  /** Median of the repetitions, in `unit` per second. */
  medianPerSecond: number;
  /** Fastest repetition (the least disturbed on a shared machine), in `unit` per second. */
  bestPerSecond: number;
  /** Every repetition, in `unit` per second. */
  samplesPerSecond: number[];
  warmup: number;
  repetitions: number;
}

export interface MeasureOptions {
  warmup: number;
  repetitions: number;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Time one case: `warmup` untimed runs, then `repetitions` timed runs. */
export async function measure(c: BenchCase, opts: MeasureOptions): Promise<CaseResult> {
  const run = c.setup();
  for (let i = 0; i < opts.warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < opts.repetitions; i++) {
    const t0 = performance.now();
    const items = await run();
    const seconds = (performance.now() - t0) / 1000;
    samples.push(items / seconds);
  }
  return { name: c.name, unit: c.unit, medianPerSecond: median(samples), bestPerSecond: Math.max(...samples), samplesPerSecond: samples, ...opts };
}
