/**
 * fast-check arbitraries over the seeded generators of
 * src/testing/random-model.ts: fast-check draws a seed (and shrinks it
 * towards small seeds), the plain generator builds the object, so a failing
 * case is reproducible from the printed seed alone.
 */
import fc from 'fast-check';
import type { Model } from '../../src/ir/model.js';
import type { Network } from '../../src/ir/network.js';
import { createRng } from '../../src/testing/rng.js';
import { randomInputs, randomModel, randomNetwork, type RandomModelOptions } from '../../src/testing/random-model.js';

/** Fixed-seed fast-check parameters so test runs are reproducible. */
export function fcParams(numRuns: number, seed = 0x5eed): fc.Parameters<unknown> {
  return { numRuns, seed };
}

/** A random model with a batch of inputs for it. */
export function arbModelWithInputs(opts: RandomModelOptions = {}, vectors = 8): fc.Arbitrary<{ seed: number; model: Model; inputs: { count: number; width: number; data: Int32Array } }> {
  return fc.integer({ min: 1, max: 0x7fffffff }).map((seed) => {
    const rng = createRng(seed);
    const model = randomModel(rng, opts);
    return { seed, model, inputs: randomInputs(rng, model.input, vectors) };
  });
}

/** A random lowered network with a batch of inputs for it. */
export function arbNetworkWithInputs(opts: Omit<RandomModelOptions, 'style'> = {}, vectors = 8): fc.Arbitrary<{ seed: number; network: Network; inputs: { count: number; width: number; data: Int32Array } }> {
  return fc.integer({ min: 1, max: 0x7fffffff }).map((seed) => {
    const rng = createRng(seed);
    const network = randomNetwork(rng, opts);
    return { seed, network, inputs: randomInputs(rng, network.input, vectors) };
  });
}

/** A weight row of length 1..n with finite values, optionally from few levels (ties). */
export function arbWeightRow(maxLen = 64): fc.Arbitrary<number[]> {
  return fc.oneof(
    fc.array(fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: maxLen }),
    fc.array(fc.integer({ min: -3, max: 3 }).map((v) => v / 2), { minLength: 1, maxLength: maxLen }),
  );
}
