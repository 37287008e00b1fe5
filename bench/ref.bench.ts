/**
 * Reference inference throughput: float64 vs bit-packed, on the digits
 * example and on a synthetic seeded 784-1024-1024-10 network.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Layer, Model } from '../src/ir/model.js';
import { binarizeWeights } from '../src/passes/binarize-weights.js';
import { prepareNetwork } from '../src/passes/lower-network.js';
import { inferFloat } from '../src/ref/float-ref.js';
import { inferPacked } from '../src/ref/packed-ref.js';
import { randomInputs, randomModel } from '../src/testing/random-model.js';
import { createRng } from '../src/testing/rng.js';
import type { BenchCase, BenchGroup } from './bench.js';

const digitsDir = fileURLToPath(new URL('../examples/digits/', import.meta.url));

/** The digits model (plain JSON conversion; the file uses inline arrays only). */
function digitsModel(): Model {
  const raw = JSON.parse(readFileSync(digitsDir + 'digits-mlp.json', 'utf8'));
  const f64 = (v: number[]): Float64Array => Float64Array.from(v);
  const layers: Layer[] = raw.layers.map((l: Record<string, any>): Layer => {
    if (l.type === 'dense') {
      return { type: 'dense', in: l.in, out: l.out, weight: { format: 'float', data: Float64Array.from(l.weight.flat()) }, binarize: l.binarize, semantics: l.semantics, bias: l.bias ? f64(l.bias) : null, alpha: l.alpha === 'auto' ? 'auto' : l.alpha ? f64(l.alpha) : null };
    }
    if (l.type === 'batchnorm') return { type: 'batchnorm', gamma: f64(l.gamma), beta: f64(l.beta), mean: f64(l.mean), var: f64(l.var), eps: l.eps };
    return { type: 'sign' };
  });
  return { format: 'siman-hw.model/v1', name: raw.name, input: { shape: raw.input.shape, encoding: { kind: 'uint', bits: raw.input.bits } }, layers };
}

function digitsInputs(): { count: number; width: number; data: Int32Array } {
  const rows = readFileSync(digitsDir + 'digits.csv', 'utf8').trim().split('\n');
  const data = new Int32Array(rows.length * 64);
  rows.forEach((line, r) => data.set(line.split(',').slice(0, 64).map(Number), r * 64));
  return { count: rows.length, width: 64, data };
}

function synthetic(): { model: Model; inputs: { count: number; width: number; data: Int32Array } } {
  const rng = createRng(784_1024);
  const model = randomModel(rng, { inputWidth: [784, 784], hiddenWidth: [1024, 1024], classes: [10, 10], depth: [3, 3], input: 'uint', uintBits: [8, 8], style: 'float' });
  return { model, inputs: randomInputs(rng, model.input, 64) };
}

function cases(label: string, load: () => { model: Model; inputs: { count: number; width: number; data: Int32Array } }): BenchCase[] {
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
    ...cases('digits 64-256-10', () => ({ model: digitsModel(), inputs: digitsInputs() })),
    ...cases('synthetic 784-1024-1024-10', synthetic),
  ],
};
