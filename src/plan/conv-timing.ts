/**
 * Per-image timing of a pipeline with image units (conv networks): the
 * latency of the first image into an idle pipeline and the steady-state
 * II, no stalls, source always valid, sink always ready. Cycle 0 is the
 * handshake of the image's first pixel beat.
 *
 * Both come from the zero-stall schedule of the units' timing controls
 * (src/schedule: the same control objects the simulator's units step and
 * `verify` checks against Verilator cycle by cycle, here without a data
 * path): SCHEDULE_IMAGES images, latency = first output − first input,
 * II = the most common gap between outputs over the second half (as
 * `verify` measures it, src/schedule/trace-timing.ts).
 *
 * Why a schedule and not a closed form: the line-buffer units overlap a
 * layer's input with its MVU's work, so every layer is coupled to both
 * neighbours. A window unit stops shifting while its window waits for the
 * MVU; the FIFO in front of it then fills and stalls the layer before,
 * whose pool emits its pixels in row bursts; the MVU's ready is a
 * combinational function of its own stall. Which of these constraints is
 * active changes from position to position and image to image, and the
 * binding one is not known before the schedule is built: a per-layer
 * closed form (the store-and-forward one: last pixel + 2 + (P − 1)·II + L)
 * is exact only while no unit ever waits for its downstream, and the
 * first image already violates that whenever a window unit completes
 * windows faster than its MVU takes them. The schedule costs SCHEDULE_IMAGES·II cycles of the
 * controls (digits CNN: ~5 000 cycles).
 * docs/architecture.md ("Conv pipeline") gives the unit rules and the
 * bounds the tests check: II ≥ max over layers of P_k·II_k (MVU work) and
 * of the padded pixels per image of each window unit (one shift per cycle).
 */
import type { Plan } from './plan.js';
import { scheduleChain, type ScheduleUnit } from '../schedule/chain-schedule.js';

export interface ConvPipelineTiming {
  /** Images in the zero-stall schedule the timing is taken from. */
  scheduleImages: number;
  /** Cycle of every output handshake of the schedule (cycle 0 = first input handshake). */
  outputCycles: number[];
  latencyCycles: number;
  iiCycles: number;
}

/** Images in the schedule the II is taken from. */
export const SCHEDULE_IMAGES = 8;

/** Latency and II of the image pipeline of `plan` from its zero-stall schedule. */
export function imageTiming(plan: Plan): ConvPipelineTiming {
  const count = SCHEDULE_IMAGES;
  const t = scheduleChain(scheduleUnits(plan), {
    vectors: count,
    beatsPerVector: plan.inputBeatsPerVector,
    // Generous: more than the whole work of one image done serially, unit after unit.
    watchdogCycles: 4 * serialImageCycles(plan) + 100_000,
  });
  return { scheduleImages: count, outputCycles: t.outputCycles, latencyCycles: t.latencyCycles, iiCycles: t.iiCycles };
}

/** The chain of units of `plan` as the schedule sees it (the order of templates/top.v.hbs and src/sim/chain.ts). */
export function scheduleUnits(plan: Plan): ScheduleUnit[] {
  const units: ScheduleUnit[] = [];
  for (const l of plan.layers) {
    const name = `layer ${l.index} (${l.name})`;
    if (l.window) units.push({ kind: 'window', label: `${name} ${l.window.role} unit`, geometry: l.window });
    units.push({ kind: l.mode === 'hardwired' ? 'hwu' : 'mvu', label: `${name} MVU`, geometry: { nf: l.nf, sf: l.sf, depth: l.depth } });
    if (l.pool) units.push({ kind: 'window', label: `${name} pool unit`, geometry: l.pool });
    const f = plan.fifos.find((x) => x.after === l.index);
    if (f) units.push({ kind: 'fifo', label: `the FIFO after layer ${l.index}`, depth: f.depth });
  }
  return units;
}

/** Cycles of one image if every unit worked alone, one after the other (a watchdog bound). */
function serialImageCycles(plan: Plan): number {
  const shifts = (w: Plan['layers'][number]['window']) => (w ? w.paddedHeight * w.paddedWidth : 0);
  return plan.layers.reduce((a, l) => a + l.positions * (l.iiCycles + l.latencyCycles + 4) + shifts(l.window) + shifts(l.pool), plan.inputBeatsPerVector);
}
