/**
 * Per-image timing of a pipeline with image units (conv networks), no
 * stalls, source always valid, sink always ready. Cycle 0 is the
 * handshake of the image's first pixel beat.
 *
 * Latency (closed form, first image into an idle pipeline), from the unit
 * rules of docs/architecture.md: with a = the cycle of the last beat into
 * layer k (a_0 = beats per image − 1),
 *
 *   o_k   = a + 2 + (P_k − 1)·II_k + L_k   behind a window/gather unit
 *           (window j reaches the MVU in cycle a + 2 + j·II_k)
 *         = a + L_k                        plain dense layer
 *   out_k = o_k + 1 + P'_k                 with a pool unit of P'_k positions
 *         = o_k                            without
 *   a_{k+1} = out_k + 1 (the FIFO)
 *
 * P_k = the MVU's vectors per image, II_k = NF·SF (NF hardwired), L_k the
 * MVU latency; latency = out of the last layer.
 *
 * Steady-state II: store-and-forward units couple neighbouring layers
 * (a unit in its emit phase blocks its upstream), so the planner takes the
 * output spacing of a zero-stall schedule of the unit cycle models (the
 * same models the simulator and verify check against Verilator): the most
 * common gap between outputs over the second half of IMAGES images.
 */
import type { Plan } from './plan.js';
import { simulateImageChain } from '../sim/chain.js';
import { traceTiming } from '../verify/trace.js';

export interface ConvPipelineTiming {
  /** Per layer, first image: cycle of the last beat into the layer and of the last beat out of it. */
  layers: { lastIn: number; lastOut: number }[];
  latencyCycles: number;
  iiCycles: number;
}

/** Images in the schedule the II is taken from. */
export const SCHEDULE_IMAGES = 8;

export function imageTiming(plan: Plan): ConvPipelineTiming {
  const layers: ConvPipelineTiming['layers'] = [];
  let a = plan.inputBeatsPerVector - 1;
  let out = a;
  for (const l of plan.layers) {
    const o = l.window ? a + 2 + (l.positions - 1) * l.iiCycles + l.latencyCycles : a + l.latencyCycles;
    out = l.pool ? o + 1 + l.pool.positions : o;
    layers.push({ lastIn: a, lastOut: out });
    a = out + 1;
  }
  const count = SCHEDULE_IMAGES;
  const trace = simulateImageChain(plan, { count, width: plan.inputElements, data: new Int32Array(count * plan.inputElements) }, {
    seed: 1,
    stallPermille: 0,
    watchdogCycles: 10 * (out + 1) + 100_000,
  });
  const ii = traceTiming(trace).iiCycles;
  if (ii === null) throw new Error('conv schedule produced no steady state');
  return { layers, latencyCycles: out, iiCycles: ii };
}
