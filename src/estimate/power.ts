/**
 * Power estimate: dynamic = Σ over resource classes (LUT, FF, carry, BRAM)
 * count × activity × ½·C_eff·V² × f_clk, plus the clock tree (every FF
 * sees two clock edges per cycle), plus the device's static power. Activity
 * (toggles per bit per cycle) comes from the cycle simulator's register
 * counters when given, else {@link DEFAULT_ACTIVITY}; LUT, carry and BRAM
 * outputs are assumed to switch like the layer's registers. A layer's
 * resources are all of its units (window/gather, MVU, pool, FIFO). An
 * estimate with stated assumptions, not a measurement.
 */
import type { LayerActivity } from '../sim/activity.js';
import { DEFAULT_ACTIVITY, POWER_COEFFICIENTS, type PowerCoefficients } from './power-coefficients.js';
import { fail } from '../diagnostics.js';

export interface PowerResources {
  luts: number;
  ffs: number;
  carries: number;
  brams: number;
}

export interface LayerPowerInput {
  index: number;
  name: string;
  resources: PowerResources;
  /** Toggles per bit per cycle; undefined = default. */
  activity?: number;
  /** Fraction of cycles the layer's ROM is read (BRAM accesses); default = activity. */
  bramAccessRate?: number;
}

export interface LayerPower {
  index: number;
  name: string;
  activity: number;
  activitySource: 'simulation' | 'default' | 'given';
  /** mW per class. */
  luts: number;
  ffs: number;
  carries: number;
  brams: number;
  clock: number;
  dynamic: number;
}

export interface PowerEstimate {
  kind: 'estimate';
  target: string;
  clockMhz: number;
  vcore: number;
  layers: LayerPower[];
  /** mW. */
  dynamic: number;
  static: number;
  total: number;
  breakdown: { luts: number; ffs: number; carries: number; brams: number; clock: number; static: number };
  assumptions: string[];
}

/** Mean toggle rate of a layer's simulated registers, weighted by bits. */
export function meanActivity(a: LayerActivity): number {
  let bits = 0;
  let weighted = 0;
  for (const g of Object.values(a)) {
    bits += g.bits;
    weighted += g.rate * g.bits;
  }
  return bits > 0 ? weighted / bits : 0;
}

export function powerCoefficients(target: string): PowerCoefficients {
  const c = POWER_COEFFICIENTS[target];
  if (!c) fail('E_UNSUPPORTED', `no power coefficients for target '${target}'`, undefined, { hint: `targets: ${Object.keys(POWER_COEFFICIENTS).join(', ')}` });
  return c;
}

/**
 * How the activities were chosen: simulated, given or default; layers left
 * on the default when the others were simulated are named (the simulator
 * reported no register activity for them).
 */
function activityAssumptions(layers: readonly LayerPower[], requested: 'simulation' | 'given' | undefined, dflt: number): string[] {
  const sources = new Set(layers.map((l) => l.activitySource));
  const out: string[] = [];
  if (sources.has('simulation')) out.push('activity: per layer, mean toggles per register bit per cycle from the cycle simulator; LUTs, carries and BRAMs assumed to switch at the same rate');
  else if (sources.has('given')) out.push('activity: given on the command line, the same for every resource class');
  if (sources.has('default')) {
    const names = layers.filter((l) => l.activitySource === 'default').map((l) => l.index);
    if (requested === 'simulation') out.push(`activity: default ${dflt} toggles per bit per cycle for layer(s) ${names.join(', ')}: the simulation reports no register activity for them`);
    else if (sources.size > 1) out.push(`activity: default ${dflt} toggles per bit per cycle for layer(s) ${names.join(', ')}`);
    else out.push(`activity: default ${dflt} toggles per bit per cycle (no simulation)`);
  }
  return out;
}

/** Estimate power for a design whose per-layer resources are known. */
export function estimatePower(
  target: string,
  clockMhz: number,
  layers: readonly LayerPowerInput[],
  opts: { activitySource?: 'simulation' | 'given'; defaultActivity?: number } = {},
): PowerEstimate {
  const c = powerCoefficients(target);
  const f = clockMhz * 1e6;
  const dflt = opts.defaultActivity ?? DEFAULT_ACTIVITY;
  // ½·C·V² in joules per toggle; × toggles/s -> W; × 1e3 -> mW.
  const e = (pf: number): number => 0.5 * pf * 1e-12 * c.vcore * c.vcore;
  const mw = (count: number, rate: number, pf: number): number => count * rate * e(pf) * f * 1e3;
  const out: LayerPower[] = layers.map((l) => {
    const a = l.activity ?? dflt;
    const r = l.resources;
    const p = {
      luts: mw(r.luts, a, c.cEffPf.lut),
      ffs: mw(r.ffs, a, c.cEffPf.ff),
      carries: mw(r.carries, a, c.cEffPf.carry),
      brams: mw(r.brams, l.bramAccessRate ?? a, c.cEffPf.bram),
      clock: mw(r.ffs, 2, c.clockPfPerFf),
    };
    return {
      index: l.index,
      name: l.name,
      activity: a,
      activitySource: l.activity === undefined ? 'default' : opts.activitySource ?? 'given',
      ...p,
      dynamic: p.luts + p.ffs + p.carries + p.brams + p.clock,
    };
  });
  const sum = (k: 'luts' | 'ffs' | 'carries' | 'brams' | 'clock'): number => out.reduce((s, l) => s + l[k], 0);
  const breakdown = { luts: sum('luts'), ffs: sum('ffs'), carries: sum('carries'), brams: sum('brams'), clock: sum('clock'), static: c.staticMw };
  const dynamic = out.reduce((s, l) => s + l.dynamic, 0);
  const sources = new Set(out.map((l) => l.activitySource));
  return {
    kind: 'estimate',
    target,
    clockMhz,
    vcore: c.vcore,
    layers: out,
    dynamic,
    static: c.staticMw,
    total: dynamic + c.staticMw,
    breakdown,
    assumptions: [
      'ESTIMATE, not a measurement: rough per-target coefficients, post-synthesis cell counts, no routing or I/O power',
      `dynamic = count × activity × ½·C_eff·V² × f per class; V = ${c.vcore} V, f = ${clockMhz} MHz; C_eff (pF): LUT ${c.cEffPf.lut}, FF ${c.cEffPf.ff}, carry ${c.cEffPf.carry}, BRAM ${c.cEffPf.bram}`,
      `clock tree: ${c.clockPfPerFf} pF per flip-flop, two edges per cycle`,
      ...activityAssumptions(out, opts.activitySource, dflt),
      `static: ${c.staticMw} mW (${c.source})`,
    ],
  };
}
