/**
 * Reference inference throughput: float64 vs bit-packed, on the digits
 * example and on seeded 784-1024-1024-10 xnor networks (bipolar and uint8
 * input), each beside a plain C++ loop of the same shape
 * (bench/native/ref-loop.cpp, compiled here when g++ exists), and the
 * digits CNN (no C++ counterpart).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import type { BenchCase, BenchGroup, CaseResult } from './bench.js';

const digitsDir = fileURLToPath(new URL('../examples/digits/', import.meta.url));

function digits(): { model: Model; inputs: InputBatch } {
  const model = loadModel(digitsDir + 'digits-mlp.json');
  return { model, inputs: loadInputs(digitsDir + 'digits.csv', model.input, { labels: 'last' }) };
}

/** The trained digits CNN (examples/digits-cnn) on the digits test split. */
function digitsCnn(): { model: Model; inputs: InputBatch } {
  const model = loadModel(fileURLToPath(new URL('../examples/digits-cnn/digits-cnn.json', import.meta.url)));
  return { model, inputs: loadInputs(digitsDir + 'digits.csv', model.input, { labels: 'last' }) };
}

function synthetic(input: 'uint' | 'bipolar'): () => { model: Model; inputs: InputBatch } {
  return () => {
    const rng = createRng(784_1024);
    const model = randomModel(rng, { inputWidth: [784, 784], hiddenWidth: [1024, 1024], classes: [10, 10], depth: [3, 3], input, uintBits: [8, 8], semantics: 'xnor', style: 'float' });
    return { model, inputs: randomInputs(rng, model.input, input === 'uint' ? 64 : 256) };
  };
}

const nativeSource = fileURLToPath(new URL('./native/ref-loop.cpp', import.meta.url));
let nativeBinary: string | null | undefined;

/** bench/native/ref-loop.cpp compiled once with g++ -O3 -march=native, or null without g++. */
function native(): string | null {
  if (nativeBinary !== undefined) return nativeBinary;
  const out = join(mkdtempSync(join(tmpdir(), 'siman-hw-bench-')), 'ref-loop');
  const r = spawnSync('g++', ['-O3', '-march=native', '-o', out, nativeSource], { encoding: 'utf8' });
  nativeBinary = r.status === 0 ? out : null;
  if (!nativeBinary) console.log(`  (no C++ comparison: g++ ${r.error ? 'not found' : 'failed: ' + r.stderr.trim()})`);
  return nativeBinary;
}

/** The C++ loop on the same shape (its own seeded weights); the count includes one process start (~1 ms). */
function nativeCase(label: string, bits: number, vectors: number, dims: number[]): BenchCase[] {
  if (!native()) return [];
  return [
    {
      name: `${label} c++`,
      unit: 'vectors',
      setup() {
        const bin = native()!;
        return () => {
          const r = spawnSync(bin, [String(bits), String(vectors), ...dims.map(String)], { encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`ref-loop failed: ${r.stderr}`);
          return Number(r.stdout.split(' ')[0]);
        };
      },
    },
  ];
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
    ...nativeCase('digits 64-256-10', 5, 200000, [64, 256, 10]),
    ...cases('digits CNN', digitsCnn),
    ...cases('784-1024-1024-10 bipolar', synthetic('bipolar')),
    ...nativeCase('784-1024-1024-10 bipolar', 0, 20000, [784, 1024, 1024, 10]),
    ...cases('784-1024-1024-10 uint8', synthetic('uint')),
    ...nativeCase('784-1024-1024-10 uint8', 8, 4000, [784, 1024, 1024, 10]),
  ],
  summarize(results: CaseResult[]) {
    // Per workload: each TypeScript path as a fraction of the C++ loop.
    const by = new Map(results.map((r) => [r.name, r.medianPerSecond]));
    const rows = ['digits 64-256-10', '784-1024-1024-10 bipolar', '784-1024-1024-10 uint8'].flatMap((w) => {
      const cpp = by.get(`${w} c++`);
      if (cpp === undefined) return [];
      return [{ workload: w, cppVectorsPerSecond: cpp, packedToCpp: by.get(`${w} packed`)! / cpp, floatToCpp: by.get(`${w} float`)! / cpp }];
    });
    for (const r of rows) console.log(`  ${r.workload}: packed ${r.packedToCpp.toFixed(3)}× C++, float ${r.floatToCpp.toFixed(3)}× C++`);
    return rows;
  },
};
