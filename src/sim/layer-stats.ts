/**
 * The per-layer statistics row of a simulation (src/sim/simulate.ts for
 * dense pipelines, src/sim/chain.ts for image pipelines).
 */
import { layerActivity, type LayerActivity } from './activity.js';
import type { UnitSim } from './simulate.js';

export interface LayerSimStats {
  index: number;
  name: string;
  /** Cycles per network input of the layer alone: NF·SF (× window positions for a conv layer). */
  iiCycles: number;
  /** Cycles in which the layer issued a weight word (did useful work). */
  busyCycles: number;
  /** Cycles with m_tvalid && !m_tready. */
  stallCycles: number;
  /** busyCycles / totalCycles. */
  utilisation: number;
  /** Register switching activity, when requested. */
  activity: LayerActivity | null;
}

/**
 * The statistics row of one layer's unit model after `cycles` cycles;
 * `iiCycles` is the layer's cycles per network input.
 */
export function layerSimStats(m: UnitSim, iiCycles: number, cycles: number, activity: boolean): LayerSimStats {
  return {
    index: m.lp.index,
    name: m.lp.name,
    iiCycles,
    busyCycles: m.busyCycles,
    stallCycles: m.stallCycles,
    utilisation: cycles > 0 ? m.busyCycles / cycles : 0,
    activity: activity ? layerActivity(m.toggles, m.regBits, cycles) : null,
  };
}
