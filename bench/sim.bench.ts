/**
 * Cycle simulation speed: the TypeScript cycle simulator against the
 * Verilated model of the same generated design, on the digits example
 * (all 1797 rows) and on a seeded synthetic 784-1024-1024-10 network, in
 * simulated cycles per second. The Verilator figures are the run phase
 * (harness process on prepared vectors) and, in the group summary, the
 * same including a fresh build (empty cache root via SIMAN_HW_CACHE).
 *
 * The build is asynchronous, so it runs in a child process: this file
 * doubles as that helper (`node --import tsx bench/sim.bench.ts --build-rtl DIR TOP`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { designFromModel, type DesignFlow } from '../src/flow.js';
import { encodeInputBeat, wordsToHex } from '../src/ir/beats.js';
import { loadInputs } from '../src/model/inputs.js';
import { loadModel } from '../src/model/load.js';
import { simulateDesign, type SimInputs } from '../src/sim/simulate.js';
import { randomInputs, randomModel } from '../src/testing/random-model.js';
import { createRng } from '../src/testing/rng.js';
import { CACHE_ENV, buildVerilated } from '../src/tools/verilator.js';
import { writeDirAtomic } from '../src/util/atomic-fs.js';
import { HARNESS_CPP } from '../src/verify/rtl-run.js';
import type { BenchCase, BenchGroup, CaseResult } from './bench.js';

const SELF = fileURLToPath(import.meta.url);
const digitsDir = fileURLToPath(new URL('../examples/digits/', import.meta.url));
const SEED = 1;
const STALL_PERMILLE = 0;

interface Workload {
  label: string;
  flow: DesignFlow;
  inputs: SimInputs;
}

function digits(): Workload {
  const model = loadModel(digitsDir + 'digits-mlp.json');
  return { label: 'digits 64-256-10', flow: designFromModel(model), inputs: loadInputs(digitsDir + 'digits.csv', model.input, { labels: 'last' }) };
}

function synthetic(): Workload {
  const rng = createRng(784_1024);
  const model = randomModel(rng, { inputWidth: [784, 784], hiddenWidth: [1024, 1024], classes: [10, 10], depth: [3, 3], input: 'uint', uintBits: [8, 8], style: 'float' });
  return { label: 'synthetic 784-1024-1024-10', flow: designFromModel(model), inputs: randomInputs(rng, model.input, 24) };
}

/** Build the design in `dir` with a fresh cache root (child process); returns exe and build seconds. */
function buildFresh(dir: string, top: string, files: string[]): { exe: string; seconds: number } {
  const cache = mkdtempSync(path.join(os.tmpdir(), 'siman-bench-cache-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--build-rtl', dir, top, ...files], {
    env: { ...process.env, [CACHE_ENV]: cache },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`verilator build failed: ${r.stderr}`);
  const exe = JSON.parse(r.stdout.trim().split('\n').pop()!).exe as string;
  return { exe, seconds };
}

/** Per workload: cycles of one run and the Verilator build time, for the summary. */
const facts = new Map<string, { cycles: number; buildSeconds: number }>();

function tsCase(load: () => Workload): BenchCase {
  const w = load();
  return {
    name: `${w.label} ts-sim`,
    unit: 'cycles',
    setup() {
      return () => simulateDesign(w.flow.plan, w.inputs, { seed: SEED, stallPermille: STALL_PERMILLE, watchdogCycles: 1_000_000 }).totalCycles;
    },
  };
}

function rtlCase(load: () => Workload): BenchCase {
  const w = load();
  return {
    name: `${w.label} verilator run`,
    unit: 'cycles',
    setup() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'siman-bench-rtl-'));
      const designDir = path.join(dir, 'design');
      writeDirAtomic(designDir, w.flow.design.files);
      const m = w.flow.design.manifest;
      const { exe, seconds } = buildFresh(designDir, m.top, m.files.verilog.map((f) => path.join(designDir, f)));
      const vec = path.join(dir, 'vectors.hex');
      const lines: string[] = [];
      for (let r = 0; r < w.inputs.count; r++) {
        lines.push(wordsToHex(encodeInputBeat(w.inputs.data.subarray(r * w.inputs.width, (r + 1) * w.inputs.width), w.flow.model.input.encoding), m.inputBits));
      }
      writeFileSync(vec, lines.join('\n') + '\n');
      const out = path.join(dir, 'out.txt');
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
      const run = (): number => {
        const r = spawnSync(exe, [vec, out, String(SEED), String(STALL_PERMILLE), '1000000'], { cwd: designDir });
        if (r.status !== 0) throw new Error(`harness failed: ${r.stderr}`);
        const end = /end (\d+)/.exec(readFileSync(out, 'utf8'));
        return Number(end![1]);
      };
      facts.set(w.label, { cycles: run(), buildSeconds: seconds });
      return run;
    },
  };
}

const workloads = [digits, synthetic];

export const simBench: BenchGroup = {
  name: 'sim',
  description: 'cycle simulation speed: TypeScript simulator vs Verilator (run only, and with a fresh build)',
  cases: () => workloads.flatMap((load) => [tsCase(load), rtlCase(load)]),
  summarize(results: CaseResult[]) {
    const by = new Map(results.map((r) => [r.name, r.medianPerSecond]));
    return [...facts].map(([label, f]) => {
      const ts = by.get(`${label} ts-sim`) ?? NaN;
      const rtl = by.get(`${label} verilator run`) ?? NaN;
      const runSeconds = f.cycles / rtl;
      const withBuild = f.cycles / (f.buildSeconds + runSeconds);
      const line = {
        workload: label,
        cyclesPerRun: f.cycles,
        tsSimCyclesPerSecond: ts,
        verilatorRunCyclesPerSecond: rtl,
        verilatorBuildSeconds: f.buildSeconds,
        verilatorWithBuildCyclesPerSecond: withBuild,
        ratioTsToVerilatorRun: ts / rtl,
        ratioTsToVerilatorWithBuild: ts / withBuild,
      };
      console.log(
        `  ${label}: ts ${ts.toFixed(0)} cycles/s, verilator ${rtl.toFixed(0)} cycles/s run only (ts/verilator ${(ts / rtl).toFixed(3)}), ` +
          `${withBuild.toFixed(0)} cycles/s with its ${f.buildSeconds.toFixed(1)} s build (ts/verilator ${(ts / withBuild).toFixed(1)})`,
      );
      return line;
    });
  },
};

// Child-process helper: build one design and print {"exe": ...}.
if (process.argv[2] === '--build-rtl') {
  const [, , , , top, ...sources] = process.argv;
  buildVerilated({ top: top!, sources, cppSources: [HARNESS_CPP] }).then(
    (b) => console.log(JSON.stringify({ exe: b.exe })),
    (e: unknown) => {
      console.error(String(e));
      process.exit(1);
    },
  );
}
