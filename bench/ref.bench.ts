/**
 * Reference inference throughput: float64 vs bit-packed, on the digits
 * example and on a synthetic seeded 784-1024-1024-10 network.
 */
import { fileURLToPath } from 'node:url';
import type { Model } from '../src/ir/model.js';
import { loadInputs } from '../src/model/inputs.js';
import { loadModel } from '../src/model/load.js';
import { binarizeWeights } from '../src/passes/binarize-weights.js';
import { prepareNetwork } from '../src/passes/lower-network.js';
import { inferFloat } from '../src/ref/float-ref.js';
import { inferPacked } from '../src/ref/packed-ref.js';
import { randomInputs, randomModel } from '../src/testing/random-model.js';
import { createRng } from '../src/testing/rng.js';
import type { InputBatch } from '../src/ref/batch.js';
import type { BenchCase, BenchGroup } from './bench.js';

const digitsDir = fileURLToPath(new URL('../examples/digits/', import.meta.url));

function digits(): { model: Model; inputs: InputBatch } {
  const model = loadModel(digitsDir + 'digits-mlp.json');
  return { model, inputs: loadInputs(digitsDir + 'digits.csv', model.input, { labels: 'last' }) };
}

function synthetic(): { model: Model; inputs: InputBatch } {
  const rng = createRng(784_1024);
  const model = randomModel(rng, { inputWidth: [784, 784], hiddenWidth: [1024, 1024], classes: [10, 10], depth: [3, 3], input: 'uint', uintBits: [8, 8], style: 'float' });
  return { model, inputs: randomInputs(rng, model.input, 64) };
}

function cases(label: string, load: () => { model: Model; inputs: InputBatch }): BenchCase[] {
  return [
    {
      name: `${label} float`,
      unit: 'vectors',
      setup() {
        const { model, inputs } = load();
        const bits = binarizeWeights.run(model, {}).model;
        return () => inferFloat(bits, inputs).count;
      },
    },
    {
      name: `${label} packed`,
      unit: 'vectors',
      setup() {
        const { model, inputs } = load();
        const net = prepareNetwork(model);
        return () => inferPacked(net, inputs).count;
      },
    },
  ];
}

export const refBench: BenchGroup = {
  name: 'ref',
  description: 'reference inference throughput (float64 and bit-packed)',
  cases: () => [
    ...cases('digits 64-256-10', digits),
    ...cases('synthetic 784-1024-1024-10', synthetic),
  ],
};
