/**
 * Expected Yosys run time of a design, told to the user before synthesis
 * starts so that a design that would run for hours is caught in
 * milliseconds. Yosys' time grows with the logic it has to map, so the
 * measure of work is the analytic estimate's cell count (LUTs, FFs,
 * carries, LUT RAMs) plus the weight bits of hardwired layers (each becomes
 * adder logic before optimisation removes most of it). Seconds per unit of
 * work were measured per engine and target on this project's calibration
 * designs (docs/synthesis.md, "Run time"); the figure is a guide, good to
 * about a factor of two, not a promise.
 */
import type { DesignFlow } from '../flow.js';
import type { SynthTarget } from '../tools/yosys-script.js';
import type { YosysEngine } from '../tools/yosys.js';
import { estimateResources } from './design-estimate.js';

/** Microseconds of Yosys time per unit of work, native engine (Yosys 0.23, one core of the reference machine). */
const US_PER_WORK: Record<SynthTarget, number> = { ice40: 700, ecp5: 900, xilinx: 2500, generic: 600 };
/** The WebAssembly build runs this much slower than native Yosys on the same script. */
const WASM_FACTOR = 2.5;
/** Fixed cost of a run: reading the cell libraries and the sources. */
const BASE_SECONDS: Record<YosysEngine, number> = { native: 1.5, wasm: 4 };

export interface SynthTimeEstimate {
  /** Work units: estimated cells plus hardwired weight bits. */
  work: number;
  /** Estimated primitive cells of the design. */
  cells: number;
  seconds: number;
  /** One line on where the number comes from. */
  basis: string;
}

/** Expected synthesis time of `flow` on `target` with `engine`. */
export function expectedSynthTime(flow: DesignFlow, target: SynthTarget, engine: YosysEngine): SynthTimeEstimate {
  const r = estimateResources(flow, target).total;
  const cells = Math.round(r.luts + r.ffs + r.carries + r.lutrams);
  const hardwiredBits = flow.plan.layers.filter((l) => l.mode === 'hardwired').reduce((a, l) => a + l.in * l.out, 0);
  const work = cells + hardwiredBits;
  const seconds = BASE_SECONDS[engine] + (work * US_PER_WORK[target] * (engine === 'wasm' ? WASM_FACTOR : 1)) / 1e6;
  return { work, cells, seconds, basis: `analytic estimate, ${engine} Yosys rate measured on the calibration designs, ±2x` };
}

/** `42 s`, `7.5 min`, `3.2 h`. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
