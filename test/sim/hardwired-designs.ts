/** Seeded random designs with hardwired (and mixed) layers, for the simulator and verify tests. */
import { designFromModel } from '../../src/flow.js';
import { parseModelText } from '../../src/model/load.js';
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

/** A one-layer bipolar model with 0/1 weights given as row bit masks (bit i = input i). */
export function bitsModel(semantics: 'and' | 'xnor', n: number, rows: number[]) {
  const weight = rows.map((r) => Array.from({ length: n }, (_, i) => (Math.floor(r / 2 ** i) % 2 === 1 ? 1 : 0)));
  return parseModelText(
    JSON.stringify({
      format: 'siman-hw.model/v1',
      name: `bits-${semantics}`,
      input: { shape: [n], encoding: 'bipolar' },
      layers: [{ type: 'dense', in: n, out: rows.length, weight, weightFormat: 'bits', semantics }],
    }),
    'test.json',
    '.',
  );
}

/**
 * A random all-`xnor` network, every layer hardwired with a random PE and
 * lowered (`--lower on`), from one seed. In every layer row 0 has no
 * weight 1 (K = 0), row 1 only ones (K = n) and row 2 exactly ⌊n/2⌋ (the
 * SiMaN count), where the layer has those rows; the other rows are random.
 */
export function randomLoweredDesign(seed: number, vectors: number, opts: RandomModelOptions = {}): RandomHardwiredDesign {
  const rng = createRng(seed);
  const model = randomModel(rng, { depth: [1, 3], inputWidth: [1, 70], hiddenWidth: [1, 40], classes: [1, 10], ...opts, semantics: 'xnor', style: 'folded' });
  for (const layer of model.layers) {
    if (layer.type !== 'dense' || layer.weight.format !== 'bits') continue;
    const { in: n, out } = layer;
    const w = layer.weight.data;
    const set = (c: number, k: number): void => {
      for (let i = 0; i < n; i++) w[c * n + i] = i < k ? 1 : 0;
      // Spread the ones: a rotation keeps K and mixes the wiring.
      const r = rng.int(0, n - 1);
      const row = Array.from(w.subarray(c * n, (c + 1) * n));
      for (let i = 0; i < n; i++) w[c * n + i] = row[(i + r) % n]!;
    };
    if (out > 0) set(0, 0);
    if (out > 1) set(1, n);
    if (out > 2) set(2, Math.floor(n / 2));
  }
  const shapes = designFromModel(model).plan.layers;
  const fold = shapes.map((s, i) => `${i}:pe=${rng.pick(divisors(s.out))}`).join(';');
  const mode = 'hardwired';
  const flow = designFromModel(model, { fold, mode, lower: 'on' });
  return { seed, fold, mode: `${mode} --lower on`, flow, inputs: randomInputs(rng, model.input, vectors) };
}
