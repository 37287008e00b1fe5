/** Seeded random designs with hardwired (and mixed) layers, for the simulator and verify tests. */
import { designFromModel } from '../../src/flow.js';
import { divisors } from '../../src/plan/folding.js';
import { formatModes, type LayerMode } from '../../src/plan/mode-spec.js';
import { randomInputs, randomModel, type RandomModelOptions } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';
import type { RandomDesign } from './random-designs.js';

export interface RandomHardwiredDesign extends RandomDesign {
  mode: string;
}

/**
 * Model, per-layer modes, folding and inputs from one seed. `mixed`: each
 * layer hardwired or folded at random (at least one hardwired); otherwise
 * every layer hardwired. Hardwired layers get a random PE (divisor of out).
 */
export function randomHardwiredDesign(seed: number, vectors: number, mixed: boolean, opts: RandomModelOptions = {}): RandomHardwiredDesign {
  const rng = createRng(seed);
  const model = randomModel(rng, { depth: [1, 3], inputWidth: [1, 70], hiddenWidth: [1, 40], classes: [1, 10], ...opts });
  const shapes = designFromModel(model).plan.layers;
  const modes: LayerMode[] = shapes.map(() => (mixed && rng.bool(0.5) ? 'folded' : 'hardwired'));
  if (!modes.includes('hardwired')) modes[rng.int(0, modes.length - 1)] = 'hardwired';
  const fold = shapes
    .map((s, i) => (modes[i] === 'hardwired' ? `${i}:pe=${rng.pick(divisors(s.out))}` : `${i}:pe=${rng.pick(divisors(s.out))},simd=${rng.pick(divisors(s.in))}`))
    .join(';');
  const mode = formatModes(modes);
  const flow = designFromModel(model, { fold, mode });
  return { seed, fold, mode, flow, inputs: randomInputs(rng, model.input, vectors) };
}
