/**
 * Reference inference throughput, side by side in one run: float64,
 * bit-packed on one thread, and bit-packed on worker threads (every core,
 * one pool per case started in the warm-up, so the steady rate of a long
 * run), on the digits
 * example and on seeded 784-1024-1024-10 xnor networks (bipolar and uint8
 * input) and the digits CNN, each beside a plain C++ loop of the same
 * shape (bench/native/ref-loop.cpp, compiled here when g++ exists). Ratios to C++ use each case's best
 * repetition (the least disturbed on a shared machine) and its median.
 */
import { spawn, spawnSync } from 'node:child_process';
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
import { createRefPool, inferReference } from '../src/util/ref-pool.js';
import os from 'node:os';
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
  return nativeRun(label, vectors, [String(bits), String(vectors), ...dims.map(String)]);
}

/**
 * The C++ conv loop on the digits CNN's shape (read from the model: C×H×W
 * uint input, two 3×3 pad-1 convs each followed by a 2×2 maxpool, a dense
 * layer; `and` semantics).
 */
function nativeCnnCase(label: string, vectors: number): BenchCase[] {
  const { model } = digitsCnn();
  const enc = model.input.encoding;
  const convs = model.layers.filter((l) => l.type === 'conv2d');
  const dense = model.layers.filter((l) => l.type === 'dense');
  const pools = model.layers.filter((l) => l.type === 'maxpool2d');
  const same =
    convs.every((l) => l.kernel.join() === '3,3' && l.stride.join() === '1,1' && l.padding.join() === '1,1' && l.semantics === 'and') &&
    pools.length === 2 && pools.every((l) => l.kernel.join() === '2,2' && l.stride.join() === '2,2') && dense.every((l) => l.semantics === 'and');
  if (enc.kind !== 'uint' || convs.length !== 2 || dense.length !== 1 || !same) throw new Error('bench: the digits CNN no longer has the C++ loop\'s shape');
  const [c, h, w] = model.input.shape;
  return nativeRun(label, vectors, ['cnn', String(enc.bits), String(vectors), String(c), String(h), String(w), ...convs.map((l) => String(l.outChannels)), String(dense[0]!.out)]);
}

function nativeRun(label: string, vectors: number, args: string[]): BenchCase[] {
  if (!native()) return [];
  return [
    {
      name: `${label} c++`,
      unit: 'vectors',
      setup() {
        const bin = native()!;
        return () => {
          const r = spawnSync(bin, args, { encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`ref-loop failed: ${r.stderr}`);
          const n = Number(r.stdout.split(' ')[0]);
          if (n !== vectors) throw new Error(`ref-loop: ${r.stdout}`);
          return n;
        };
      },
    },
  ];
}

/**
 * The C++ loop as `threads` processes at once (total vectors/s): how much
 * parallelism the machine gives right now, the ceiling for the worker
 * cases (on a shared machine it can be well under `threads` ×).
 */
function nativeParallelCase(label: string, bits: number, vectors: number, dims: number[]): BenchCase[] {
  if (!native() || threads < 2) return [];
  const once = (bin: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const p = spawn(bin, [String(bits), String(vectors), ...dims.map(String)], { stdio: ['ignore', 'ignore', 'inherit'] });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve(vectors) : reject(new Error(`ref-loop exited ${code}`))));
    });
  return [
    {
      name: `${label} c++ ${threads} processes`,
      unit: 'vectors',
      setup() {
        const bin = native()!;
        return async () => (await Promise.all(Array.from({ length: threads }, () => once(bin)))).reduce((a, b) => a + b, 0);
      },
    },
  ];
}

/**
 * The rows of `inputs` repeated `times` times: enough work that a worker
 * pool's start-up does not dominate. In shared memory, as the input loader
 * (src/model/inputs.ts) gives them to `infer` and `verify`.
 */
function tile(inputs: InputBatch, times: number): InputBatch {
  const data = new Int32Array(new SharedArrayBuffer(inputs.data.length * times * 4));
  for (let i = 0; i < times; i++) data.set(inputs.data, i * inputs.data.length);
  return { count: inputs.count * times, width: inputs.width, data };
}

const threads = os.availableParallelism();

function cases(label: string, load: () => { model: Model; inputs: InputBatch }, workerTiles: number): BenchCase[] {
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
    {
      name: `${label} packed ${threads} workers`,
      unit: 'vectors',
      setup() {
        const { model, inputs } = load();
        const net = prepareNetwork(model);
        const many = tile(inputs, workerTiles);
        // One pool for the case (the warm-up run starts it): the steady rate of a long run.
        const pool = createRefPool(threads, 'packed', net);
        return async () => (await inferReference('packed', net, model, many, { workers: threads, pool })).count;
      },
    },
  ];
}

export const refBench: BenchGroup = {
  name: 'ref',
  description: 'reference inference throughput (float64 and bit-packed)',
  cases: () => [
    ...cases('digits 64-256-10', digits, 32),
    ...nativeCase('digits 64-256-10', 5, 200000, [64, 256, 10]),
    ...cases('digits CNN', digitsCnn, 2),
    ...nativeCnnCase('digits CNN', 40000),
    ...cases('784-1024-1024-10 bipolar', synthetic('bipolar'), 32),
    ...nativeCase('784-1024-1024-10 bipolar', 0, 20000, [784, 1024, 1024, 10]),
    ...nativeParallelCase('784-1024-1024-10 bipolar', 0, 20000, [784, 1024, 1024, 10]),
    ...cases('784-1024-1024-10 uint8', synthetic('uint'), 32),
    ...nativeCase('784-1024-1024-10 uint8', 8, 4000, [784, 1024, 1024, 10]),
  ],
  summarize(results: CaseResult[]) {
    // Per workload: each TypeScript path as a fraction of the C++ loop (one thread), best and median repetitions.
    const best = new Map(results.map((r) => [r.name, r.bestPerSecond]));
    const med = new Map(results.map((r) => [r.name, r.medianPerSecond]));
    const workloads = ['digits 64-256-10', 'digits CNN', '784-1024-1024-10 bipolar', '784-1024-1024-10 uint8'];
    const rows = workloads.map((w) => {
      const cpp = best.get(`${w} c++`);
      const cppMed = med.get(`${w} c++`);
      const ratio = (name: string, m: Map<string, number>, c: number | undefined): number | null => (c === undefined ? null : m.get(name)! / c);
      return {
        workload: w,
        cppVectorsPerSecond: cpp ?? null,
        packedVectorsPerSecond: best.get(`${w} packed`)!,
        packedWorkersVectorsPerSecond: best.get(`${w} packed ${threads} workers`)!,
        workers: threads,
        packedToCpp: ratio(`${w} packed`, best, cpp),
        packedWorkersToCpp: ratio(`${w} packed ${threads} workers`, best, cpp),
        floatToCpp: ratio(`${w} float`, best, cpp),
        cppProcessesVectorsPerSecond: best.get(`${w} c++ ${threads} processes`) ?? null,
        packedToCppMedian: ratio(`${w} packed`, med, cppMed),
        packedWorkersToCppMedian: ratio(`${w} packed ${threads} workers`, med, cppMed),
      };
    });
    const f = (x: number | null): string => (x === null ? '—' : `${x.toFixed(3)}×`);
    console.log(`  ${'workload'.padEnd(26)} ${'c++ /s'.padStart(10)} ${'packed /s'.padStart(10)} ${`${threads} workers /s`.padStart(13)}  packed÷c++  workers÷c++`);
    for (const r of rows) {
      console.log(`  ${r.workload.padEnd(26)} ${(r.cppVectorsPerSecond?.toFixed(0) ?? 'no g++').padStart(10)} ${r.packedVectorsPerSecond.toFixed(0).padStart(10)} ${r.packedWorkersVectorsPerSecond.toFixed(0).padStart(13)}  ${f(r.packedToCpp).padStart(10)}  ${f(r.packedWorkersToCpp).padStart(11)}`);
    }
    const bip = rows.find((r) => r.workload.endsWith('bipolar'))!;
    const u8 = rows.find((r) => r.workload.endsWith('uint8'))!;
    if (bip.cppProcessesVectorsPerSecond !== null && bip.cppVectorsPerSecond !== null) {
      console.log(`  machine parallelism now: ${threads} C++ processes give ${(bip.cppProcessesVectorsPerSecond / bip.cppVectorsPerSecond).toFixed(2)}× one; ${threads} workers give ${(bip.packedWorkersVectorsPerSecond / bip.packedVectorsPerSecond).toFixed(2)}× one thread (bipolar)`);
    }
    console.log(`  uint8 first layer: ${(bip.packedVectorsPerSecond / u8.packedVectorsPerSecond).toFixed(2)}× slower than bipolar (packed, one thread)`);
    return rows;
  },
};
