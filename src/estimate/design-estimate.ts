/**
 * The whole estimate of a design, as `estimate` prints it and `report`
 * shows it: analytic resources per layer, cycles, and power with activity
 * from the cycle simulator (or a default / given rate).
 *
 * A layer's resources are its MVU (analytic.ts; a conv layer's MVU has
 * IN = C·KH·KW), the window/gather unit in front of it and the pool unit
 * behind it (window-estimate.ts), and the FIFO after it: the same split
 * as the `synth` report.
 */
import type { DesignFlow } from '../flow.js';
import { simulateDesign } from '../sim/simulate.js';
import { estimatePlan, type EstimateCounts, type LayerEstimate } from './analytic.js';
import { estimatePower, meanActivity, type PowerEstimate } from './power.js';
import { estimateLayerUnits, windowCoefficientsFor, windowRtlHash, type UnitEstimate } from './window-estimate.js';

export type ActivitySpec = { kind: 'default' } | { kind: 'given'; rate: number } | { kind: 'simulate'; inputs: { count: number; width: number; data: Int32Array } };

/** Estimated counts; `lutrams` are shift-register / distributed-RAM cells (only window units have them). */
export interface DesignCounts extends EstimateCounts {
  lutrams: number;
}

export interface DesignLayerEstimate extends Omit<LayerEstimate, 'total'> {
  /** Window (conv) or gather unit in front of the MVU, or null. */
  window: UnitEstimate | null;
  /** Max-pool unit behind the MVU, or null. */
  pool: UnitEstimate | null;
  /** window + mvu + pool + fifo. */
  total: DesignCounts;
}

export interface DesignResources {
  target: string;
  /** The Yosys version and engine the coefficients were fitted against (MVU/FIFO, and window units when present). */
  calibratedWith: string;
  layers: DesignLayerEstimate[];
  total: DesignCounts;
}

/** A layer's shape and cycles per input, as `estimate` and `report` show them. */
export interface LayerCycles {
  index: number;
  name: string;
  in: number;
  out: number;
  pe: number;
  simd: number;
  /** Cycles per MVU vector (NF·SF, NF hardwired). */
  iiCycles: number;
  /** MVU vectors per network input: window positions of a conv layer, 1 for a dense one. */
  positions: number;
  /** MVU cycles per network input (image): positions × iiCycles. */
  cyclesPerInput: number;
  /** The layer with the most cycles per input (ties: all of them). */
  bottleneck: boolean;
}

/** The {@link LayerCycles} fields of a layer row (and nothing else). */
export function layerCycles(l: LayerCycles): LayerCycles {
  const { index, name, in: inputs, out, pe, simd, iiCycles, positions, cyclesPerInput, bottleneck } = l;
  return { index, name, in: inputs, out, pe, simd, iiCycles, positions, cyclesPerInput, bottleneck };
}

export interface DesignLayerInfo extends LayerCycles {
  /** Units around the MVU: 'window', 'gather', 'pool'. */
  units: string[];
  activity: number | null;
  utilisation: number | null;
}

export interface DesignEstimate {
  target: string;
  fold: string;
  /** Pipeline cycles per input (image for a conv network). */
  iiCycles: number;
  latencyCycles: number;
  layers: DesignLayerInfo[];
  resources: DesignResources;
  power: PowerEstimate;
}

const ZERO: DesignCounts = { luts: 0, ffs: 0, carries: 0, brams: 0, lutrams: 0 };

export function addDesignCounts(a: DesignCounts, b: EstimateCounts & { lutrams?: number }): DesignCounts {
  return { luts: a.luts + b.luts, ffs: a.ffs + b.ffs, carries: a.carries + b.carries, brams: a.brams + b.brams, lutrams: a.lutrams + (b.lutrams ?? 0) };
}

/** Analytic resources of every layer: MVU and FIFO (estimatePlan) plus the window, gather and pool units. */
export function estimateResources(flow: DesignFlow, target: string): DesignResources {
  const plan = flow.plan;
  const base = estimatePlan(plan, target);
  const layers = base.layers.map((l): DesignLayerEstimate => {
    const units = estimateLayerUnits(plan.layers[l.index]!, target);
    const parts = [units.window?.counts, l.mvu, units.pool?.counts, l.fifo ?? undefined].filter((c) => c !== undefined);
    return { ...l, window: units.window, pool: units.pool, total: parts.reduce(addDesignCounts, ZERO) };
  });
  let calibratedWith = base.calibratedWith;
  if (layers.some((l) => l.window || l.pool)) {
    const c = windowCoefficientsFor(target);
    const rtl = flow.design.files.get('siman_window.v');
    const stale = rtl !== undefined && windowRtlHash(rtl) !== c.rtlHash ? ', fitted on a different siman_window.v: recalibrate with bench/calibrate-window.ts' : '';
    calibratedWith += `; window units: Yosys ${c.yosysVersion} (${c.engine})${stale}`;
  }
  return { target, calibratedWith, layers, total: layers.reduce((a, l) => addDesignCounts(a, l.total), ZERO) };
}

export function estimateDesign(flow: DesignFlow, target: string, clockMhz: number, act: ActivitySpec): DesignEstimate {
  const plan = flow.plan;
  const resources = estimateResources(flow, target);
  let rates: Array<number | undefined> = plan.layers.map(() => undefined);
  let util: Array<number | null> = plan.layers.map(() => null);
  if (act.kind === 'given') rates = plan.layers.map(() => act.rate);
  if (act.kind === 'simulate') {
    const sim = simulateDesign(plan, act.inputs, { seed: 1, stallPermille: 0, watchdogCycles: 1_000_000 + 100 * plan.latencyCycles, activity: true });
    rates = sim.layers.map((l) => (l.activity ? meanActivity(l.activity) : undefined));
    util = sim.layers.map((l) => l.utilisation);
  }
  const power = estimatePower(
    target,
    clockMhz,
    resources.layers.map((l, i) => ({
      index: l.index,
      name: l.name,
      // A shift-register / LUT-RAM cell is a LUT site switching like one.
      resources: { luts: l.total.luts + l.total.lutrams, ffs: l.total.ffs, carries: l.total.carries, brams: l.total.brams },
      ...(rates[i] !== undefined ? { activity: rates[i] } : {}),
      ...(util[i] !== null ? { bramAccessRate: util[i]! } : {}),
    })),
    { activitySource: act.kind === 'simulate' ? 'simulation' : 'given' },
  );
  const perInput = plan.layers.map((l) => l.iiCycles * l.positions);
  const slowest = Math.max(...perInput);
  return {
    target,
    fold: flow.design.manifest.fold,
    iiCycles: plan.iiCycles,
    latencyCycles: plan.latencyCycles,
    layers: plan.layers.map((l, i) => ({
      index: l.index,
      name: l.name,
      in: l.in,
      out: l.out,
      pe: l.pe,
      simd: l.simd,
      iiCycles: l.iiCycles,
      positions: l.positions,
      cyclesPerInput: perInput[i]!,
      bottleneck: perInput[i] === slowest,
      units: [...(l.window ? [l.window.role] : []), ...(l.pool ? ['pool'] : [])],
      activity: rates[i] ?? null,
      utilisation: util[i] ?? null,
    })),
    resources,
    power,
  };
}
