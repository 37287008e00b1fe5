/** Build the hardware-facing {@link Stage} of one binarized dense layer. */
import type { ThresholdChannel } from '../ir/model.js';
import type { Stage } from '../ir/network.js';
import type { StageLayers } from './stage-structure.js';

/**
 * The stage for `sl` (whose weights must already be bits), with the given
 * folded activation (null for the last stage).
 */
export function makeStage(sl: StageLayers, index: number, activation: ThresholdChannel[] | null): Stage {
  const { dense } = sl;
  if (dense.weight.format !== 'bits') {
    throw new Error(`internal: layers[${sl.denseIndex}] is not binarized; run binarize-weights first`);
  }
  const bits = dense.weight.data;
  const ones = new Int32Array(dense.out);
  for (let c = 0; c < dense.out; c++) {
    let k = 0;
    for (let i = c * dense.in; i < (c + 1) * dense.in; i++) k += bits[i]!;
    ones[c] = k;
  }
  return {
    index,
    name: dense.name ?? `layer${index}`,
    in: dense.in,
    out: dense.out,
    semantics: dense.semantics,
    input: sl.input,
    bits,
    ones,
    activation,
  };
}
