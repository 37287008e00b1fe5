/**
 * The whole estimate of a design, as `estimate` prints it and `report`
 * shows it: analytic resources per layer, cycles, and power with activity
 * from the cycle simulator (or a default / given rate).
 */
import type { DesignFlow } from '../flow.js';
import { simulateDesign } from '../sim/simulate.js';
import { estimatePlan, type AnalyticEstimate } from './analytic.js';
import { estimatePower, meanActivity, type PowerEstimate } from './power.js';

export type ActivitySpec = { kind: 'default' } | { kind: 'given'; rate: number } | { kind: 'simulate'; inputs: { count: number; width: number; data: Int32Array } };

export interface DesignEstimate {
  target: string;
  fold: string;
  iiCycles: number;
  latencyCycles: number;
  layers: Array<{ index: number; name: string; in: number; out: number; pe: number; simd: number; iiCycles: number; bottleneck: boolean; activity: number | null; utilisation: number | null }>;
  resources: AnalyticEstimate;
  power: PowerEstimate;
}

export function estimateDesign(flow: DesignFlow, target: string, clockMhz: number, act: ActivitySpec): DesignEstimate {
  const plan = flow.plan;
  const resources = estimatePlan(plan, target);
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
      resources: l.total,
      ...(rates[i] !== undefined ? { activity: rates[i] } : {}),
      ...(util[i] !== null ? { bramAccessRate: util[i]! } : {}),
    })),
    { activitySource: act.kind === 'simulate' ? 'simulation' : 'given' },
  );
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
      bottleneck: l.iiCycles === plan.iiCycles,
      activity: rates[i] ?? null,
      utilisation: util[i] ?? null,
    })),
    resources,
    power,
  };
}
