/** Seeded random designs for the simulator tests: small random models with random legal foldings. */
import { designFromModel, type DesignFlow } from '../../src/flow.js';
import { randomFold } from '../../src/testing/random-fold.js';
import { randomCnnModel, randomInputs, randomModel, type RandomModelOptions } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';
import type { InputBatch } from '../../src/model/inputs.js';

export interface RandomDesign {
  seed: number;
  fold: string;
  flow: DesignFlow;
  inputs: Omit<InputBatch, 'labels'>;
}


/** Model, folding and inputs from one seed. */
export function randomDesign(seed: number, vectors: number, opts: RandomModelOptions = {}): RandomDesign {
  const rng = createRng(seed);
  const model = randomModel(rng, { depth: [1, 3], inputWidth: [1, 70], hiddenWidth: [1, 40], classes: [1, 10], ...opts });
  const shapes = designFromModel(model).plan.layers;
  const fold = randomFold(rng, shapes);
  const flow = designFromModel(model, { fold });
  return { seed, fold, flow, inputs: randomInputs(rng, model.input, vectors) };
}

/** A random CNN (seeded: semantics alternate, every third bipolar input) with a random fold, or hardwired (1 in 5). */
export function randomCnnDesign(seed: number, vectors: number, maxWork: number): RandomDesign & { model: ReturnType<typeof randomCnnModel> } {
  const rng = createRng(seed);
  const model = randomCnnModel(rng, { maxWork, semantics: seed % 2 === 0 ? 'and' : 'xnor', input: seed % 3 === 0 ? 'bipolar' : 'any' });
  const shapes = designFromModel(model).plan.layers;
  const fold = randomFold(rng, shapes);
  const mode = rng.bool(0.2) ? 'hardwired' : 'folded';
  const flow = designFromModel(model, mode === 'hardwired' ? { mode } : { fold });
  return { seed, model, flow, fold: mode === 'hardwired' ? 'hardwired' : fold, inputs: randomInputs(rng, model.input, vectors) };
}
