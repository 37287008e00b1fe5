/**
 * Which output channels of a layer the next layer actually reads, as a
 * flattened synthesis sees it. A hardwired `and` layer is wired only to
 * the inputs that have a weight 1 in some channel (src/plan/hardwired.ts),
 * so a channel of the layer before that no such weight reads drives
 * nothing: synthesis removes its logic, its compare and its FIFO bits.
 * Only that case is certain from the plan: a folded consumer reads every
 * input through its ROM and slice select, an `xnor` or lowered consumer
 * reads every input (the lowered one for its shared popcount).
 */
import type { LayerPlan, Plan } from '../plan/plan.js';

/** Per output channel of layer `l`: 1 if the next layer reads it; null when every channel is read. */
export function consumedChannels(plan: Plan, l: LayerPlan): Uint8Array | null {
  const next = plan.layers[l.index + 1];
  // Dense to dense only: there input i of the next layer is channel i of this one.
  if (!next || next.mode !== 'hardwired' || next.semantics !== 'and' || next.lowered) return null;
  if (l.stage.kind !== 'dense' || next.stage.kind !== 'dense' || next.window || next.in !== l.out) return null;
  const read = new Uint8Array(l.out);
  const bits = next.stage.bits;
  for (let c = 0; c < next.out; c++) {
    const row = c * next.in;
    for (let i = 0; i < next.in; i++) if (bits[row + i]) read[i] = 1;
  }
  return read.every((x) => x === 1) ? null : read;
}
