/**
 * The zero-stall schedule of a chain of control-only units: what the
 * planner runs to get a conv pipeline's latency and II without the data
 * path. The units are described plainly (geometry, depths), built into the
 * same controls the simulator's units step, and driven by the same driver.
 */
import { FifoControl } from './fifo-control.js';
import { FifoStage, runPipeline, UnitStage, WindowStage, type StreamStage } from './pipeline.js';
import { traceTiming } from './trace-timing.js';
import { HwuControl, MvuControl, type UnitGeometry } from './unit-control.js';
import { WindowControl, type WindowGeometry } from './window-control.js';

/** One unit of a chain, source side first. */
export type ScheduleUnit =
  | { kind: 'window'; label: string; geometry: WindowGeometry }
  | { kind: 'mvu'; label: string; geometry: UnitGeometry }
  | { kind: 'hwu'; label: string; geometry: UnitGeometry }
  | { kind: 'fifo'; label: string; depth: number };

export interface ChainScheduleOptions {
  /** Vectors (images) the source sends. */
  vectors: number;
  /** Source beats per vector (pixels of an image input). */
  beatsPerVector: number;
  /** Fail when no output appears for this many cycles. */
  watchdogCycles: number;
}

export interface ChainSchedule {
  /** Cycle of every output handshake (cycle 0 = the first rising edge; the first input handshake is cycle 0 too). */
  inputCycles: number[];
  outputCycles: number[];
  /** First output − first input handshake. */
  latencyCycles: number;
  /** The most common gap between outputs over the second half (src/schedule/trace-timing.ts). */
  iiCycles: number;
}

/** The control-only stage of a unit. */
export function controlStage(u: ScheduleUnit): StreamStage {
  switch (u.kind) {
    case 'window':
      return new WindowStage(new WindowControl(u.geometry), u.label);
    case 'mvu':
      return new UnitStage(new MvuControl(u.geometry), u.label);
    case 'hwu':
      return new UnitStage(new HwuControl(u.geometry), u.label);
    case 'fifo':
      return new FifoStage(new FifoControl(u.depth), u.label);
  }
}

/** Run the chain with the source always valid and the sink always ready; latency and II as `verify` measures them. */
export function scheduleChain(units: readonly ScheduleUnit[], opts: ChainScheduleOptions): ChainSchedule {
  const trace = runPipeline(units.map(controlStage), {
    inputBeats: opts.vectors * opts.beatsPerVector,
    outputs: opts.vectors,
    seed: 1,
    stallPermille: 0,
    watchdogCycles: opts.watchdogCycles,
    deadlock: (received, holder) => new Error(`schedule: no output for ${opts.watchdogCycles} cycles (received ${received} of ${opts.vectors}), data stuck in ${holder ? holder.label : 'no unit'}`),
  });
  const t = traceTiming({ ...trace, scores: [] });
  if (t.iiCycles === null || t.latencyCycles === null) throw new Error('schedule: the chain produced no steady state');
  return { inputCycles: trace.inputCycles, outputCycles: trace.outputCycles, latencyCycles: t.latencyCycles, iiCycles: t.iiCycles };
}
