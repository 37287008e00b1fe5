/**
 * Analytic estimator: time per network (digits 64-256-10 and a seeded
 * synthetic 784-1024-1024-10, on a prepared plan, per calibrated target)
 * and, in the group summary, its error against flattened Yosys synthesis
 * on held-back shapes (in none of the calibration grids: small odd shapes,
 * four layers of 131k-590k weights, four hardwired layers) for every
 * calibrated target.
 *
 * Synthesis is asynchronous, so the held-back runs happen in a child
 * process: this file doubles as that helper
 * (`node --import tsx bench/estimate.bench.ts --held-back TARGET ENGINE`).
 * The engine is the native Yosys when one is installed (the one the
 * committed coefficients were fitted with), else the wasm build;
 * SIMAN_HW_BENCH_YOSYS=wasm|native overrides.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { designFromModel, type DesignFlow } from '../src/flow.js';
import { estimatePlan } from '../src/estimate/analytic.js';
import { COEFFICIENTS } from '../src/estimate/coefficients.js';
import { shapeModel, type ShapeLayer } from '../src/estimate/shape-model.js';
import { synthDesign } from '../src/estimate/synth-design.js';
import type { InputEncoding } from '../src/ir/model.js';
import { loadModel } from '../src/model/load.js';
import { randomModel } from '../src/testing/random-model.js';
import { createRng } from '../src/testing/rng.js';
import type { SynthTarget } from '../src/tools/yosys-script.js';
import type { BenchCase, BenchGroup, CaseResult } from './bench.js';
import { defaultEngine } from './calibration-cli.js';

const SELF = fileURLToPath(import.meta.url);
const digitsPath = fileURLToPath(new URL('../examples/digits/digits-mlp.json', import.meta.url));

/**
 * Shapes outside the calibration grids (fan-ins 16-256 powers of two and 24;
 * 20, 36, 60, 72, 100, 112, 120, 144, 192 in the extension): odd fan-ins,
 * SIMD and element widths, and one wide fully parallel layer (PE·SIMD 832).
 */
export const HELD_BACK: Array<{ name: string; input: InputEncoding; layers: ShapeLayer[]; fold: string; mode?: string; lower?: string }> = [
  { name: '48-12-3 u3 and, PE 3 SIMD 12', input: { kind: 'uint', bits: 3 }, layers: [{ in: 48, out: 12, semantics: 'and', density: 0.5 }, { in: 12, out: 3, semantics: 'xnor', density: 0.5 }], fold: '0:pe=3,simd=12;1:pe=3,simd=4' },
  { name: '96-6-2 bipolar xnor, PE 2 SIMD 16', input: { kind: 'bipolar' }, layers: [{ in: 96, out: 6, semantics: 'xnor', density: 0.5 }, { in: 6, out: 2, semantics: 'and', density: 0.5 }], fold: '0:pe=2,simd=16;1:pe=1,simd=6' },
  { name: '40-20-5 bipolar and d=0.3, PE 4 SIMD 8', input: { kind: 'bipolar' }, layers: [{ in: 40, out: 20, semantics: 'and', density: 0.3 }, { in: 20, out: 5, semantics: 'xnor', density: 0.5 }], fold: '0:pe=4,simd=8;1:pe=5,simd=10' },
  { name: '80-12-4 u6 xnor, PE 6 SIMD 20', input: { kind: 'uint', bits: 6 }, layers: [{ in: 80, out: 12, semantics: 'xnor', density: 0.5 }, { in: 12, out: 4, semantics: 'and', density: 0.7 }], fold: '0:pe=6,simd=20;1:pe=2,simd=12' },
  { name: '88-22-4 u5 and, PE 2 SIMD 22', input: { kind: 'uint', bits: 5 }, layers: [{ in: 88, out: 22, semantics: 'and', density: 0.5 }, { in: 22, out: 4, semantics: 'xnor', density: 0.5 }], fold: '0:pe=2,simd=22;1:pe=2,simd=11' },
  { name: '104-16-4 u2 xnor, PE 8 SIMD 104 (wide)', input: { kind: 'uint', bits: 2 }, layers: [{ in: 104, out: 16, semantics: 'xnor', density: 0.5 }, { in: 16, out: 4, semantics: 'and', density: 0.5 }], fold: '0:pe=8,simd=104;1:pe=4,simd=8' },
  // At real sizes (at least 100k weights; the scale grid avoids these shapes).
  { name: '784-256-10 bipolar xnor, PE 8 SIMD 56 (200k weights)', input: { kind: 'bipolar' }, layers: [{ in: 784, out: 256, semantics: 'xnor', density: 0.5 }, { in: 256, out: 10, semantics: 'xnor', density: 0.5 }], fold: '0:pe=8,simd=56;1:pe=2,simd=32' },
  { name: '1024-128-4 u8 and, PE 4 SIMD 32 (131k weights)', input: { kind: 'uint', bits: 8 }, layers: [{ in: 1024, out: 128, semantics: 'and', density: 0.5 }, { in: 128, out: 4, semantics: 'xnor', density: 0.5 }], fold: '0:pe=4,simd=32;1:pe=2,simd=32' },
  { name: '2304-256-4 bipolar xnor, PE 16 SIMD 64 (590k weights)', input: { kind: 'bipolar' }, layers: [{ in: 2304, out: 256, semantics: 'xnor', density: 0.5 }, { in: 256, out: 4, semantics: 'xnor', density: 0.5 }], fold: '0:pe=16,simd=64;1:pe=2,simd=32' },
  { name: '512-512-4 bipolar and, PE 32 SIMD 32 (262k weights)', input: { kind: 'bipolar' }, layers: [{ in: 512, out: 512, semantics: 'and', density: 0.5 }, { in: 512, out: 4, semantics: 'xnor', density: 0.5 }], fold: '0:pe=32,simd=32;1:pe=2,simd=32' },
  // Hardwired first layers (the hardwired grid avoids fan-ins 80, 96, 160).
  { name: '96-24-4 bipolar and, hardwired PE 24', input: { kind: 'bipolar' }, layers: [{ in: 96, out: 24, semantics: 'and', density: 0.5 }, { in: 24, out: 4, semantics: 'xnor', density: 0.5 }], fold: '0:pe=24,simd=96;1:pe=2,simd=12', mode: '0:hardwired' },
  { name: '160-12-4 bipolar xnor lowered, hardwired PE 6', input: { kind: 'bipolar' }, layers: [{ in: 160, out: 12, semantics: 'xnor', density: 0.5 }, { in: 12, out: 4, semantics: 'xnor', density: 0.5 }], fold: '0:pe=6,simd=160;1:pe=2,simd=12', mode: '0:hardwired', lower: 'on' },
  { name: '80-16-4 u3 and, hardwired PE 8', input: { kind: 'uint', bits: 3 }, layers: [{ in: 80, out: 16, semantics: 'and', density: 0.5 }, { in: 16, out: 4, semantics: 'xnor', density: 0.5 }], fold: '0:pe=8,simd=80;1:pe=2,simd=16', mode: '0:hardwired' },
  { name: '96-16-4 bipolar xnor unlowered, hardwired PE 16', input: { kind: 'bipolar' }, layers: [{ in: 96, out: 16, semantics: 'xnor', density: 0.5 }, { in: 16, out: 4, semantics: 'xnor', density: 0.5 }], fold: '0:pe=16,simd=96;1:pe=2,simd=16', mode: '0:hardwired', lower: 'off' },
];

function heldBackFlow(i: number): DesignFlow {
  const c = HELD_BACK[i]!;
  return designFromModel(shapeModel({ input: c.input, seed: 11 + i, layers: c.layers }), { fold: c.fold, ...(c.mode ? { mode: c.mode } : {}), ...(c.lower ? { lower: c.lower } : {}) });
}

interface ShapeError {
  shape: string;
  weights: number;
  brams: { est: number; yosys: number };
  luts: { est: number; yosys: number; err: number };
  ffs: { est: number; yosys: number; err: number };
  carries: { est: number; yosys: number; err: number };
}

export interface HeldBackResult {
  target: string;
  engine: string;
  yosysVersion: string;
  calibratedWith: string;
  shapes: ShapeError[];
  meanAbsErr: { luts: number; ffs: number; carries: number };
  maxAbsErr: { luts: number; ffs: number; carries: number };
  synthSeconds: number;
}

const rel = (est: number, y: number): number => (y === 0 ? (est === 0 ? 0 : 1) : (est - y) / y);

/** Synthesise the held-back shapes for one target and compare design totals. */
async function heldBack(target: SynthTarget, engine: 'wasm' | 'native'): Promise<HeldBackResult> {
  const shapes: ShapeError[] = [];
  let version = '';
  const t0 = Date.now();
  for (let i = 0; i < HELD_BACK.length; i++) {
    const flow = heldBackFlow(i);
    const est = estimatePlan(flow.plan, target).total;
    const res = await synthDesign(flow, { target, engine });
    version = res.report.yosysVersion;
    const y = res.report.total;
    const cmp = (k: 'luts' | 'ffs' | 'carries') => ({ est: est[k], yosys: y[k], err: rel(est[k], y[k]) });
    const weights = flow.plan.layers.reduce((a, l) => a + l.in * l.out, 0);
    shapes.push({ shape: HELD_BACK[i]!.name, weights, brams: { est: est.brams, yosys: y.brams }, luts: cmp('luts'), ffs: cmp('ffs'), carries: cmp('carries') });
    console.error(`${target} ${HELD_BACK[i]!.name}: LUT est ${est.luts} / ${y.luts} (${(cmp('luts').err * 100).toFixed(1)} %), FF ${est.ffs} / ${y.ffs}, BRAM ${est.brams} / ${y.brams}`);
  }
  const agg = (f: (xs: number[]) => number) => ({
    luts: f(shapes.map((s) => Math.abs(s.luts.err))),
    ffs: f(shapes.map((s) => Math.abs(s.ffs.err))),
    carries: f(shapes.map((s) => Math.abs(s.carries.err))),
  });
  const c = COEFFICIENTS[target]!;
  return {
    target,
    engine,
    yosysVersion: version,
    calibratedWith: `Yosys ${c.yosysVersion} ${c.engine}`,
    shapes,
    meanAbsErr: agg((xs) => xs.reduce((a, b) => a + b, 0) / xs.length),
    maxAbsErr: agg((xs) => Math.max(...xs)),
    synthSeconds: (Date.now() - t0) / 1000,
  };
}

function benchEngine(): 'wasm' | 'native' {
  const e = process.env.SIMAN_HW_BENCH_YOSYS;
  return e === 'wasm' || e === 'native' ? e : defaultEngine();
}

function heldBackInChild(target: string, engine: string): HeldBackResult | { target: string; error: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--held-back', target, engine], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) return { target, error: (r.stderr || '').trim().split('\n').slice(-5).join('\n') };
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as HeldBackResult;
}

function networks(): Array<{ label: string; flow: DesignFlow }> {
  const rng = createRng(784_1024);
  const big = randomModel(rng, { inputWidth: [784, 784], hiddenWidth: [1024, 1024], classes: [10, 10], depth: [3, 3], input: 'uint', uintBits: [8, 8], style: 'float' });
  return [
    { label: 'digits 64-256-10', flow: designFromModel(loadModel(digitsPath)) },
    { label: 'synthetic 784-1024-1024-10', flow: designFromModel(big) },
  ];
}

const REPEAT = 20;

export const estimateBench: BenchGroup = {
  name: 'estimate',
  description: 'analytic estimator: networks/s per calibrated target; error vs Yosys on held-back shapes (summary)',
  cases(): BenchCase[] {
    const out: BenchCase[] = [];
    for (const n of networks()) {
      for (const target of Object.keys(COEFFICIENTS)) {
        out.push({
          name: `${n.label} ${target}`,
          unit: 'networks',
          setup() {
            return () => {
              for (let i = 0; i < REPEAT; i++) estimatePlan(n.flow.plan, target);
              return REPEAT;
            };
          },
        });
      }
    }
    return out;
  },
  summarize(results: CaseResult[]) {
    const msPerNetwork = Object.fromEntries(results.map((r) => [r.name, 1000 / r.medianPerSecond]));
    const engine = benchEngine();
    const heldBackErrors = Object.keys(COEFFICIENTS).map((t) => {
      const r = heldBackInChild(t, engine);
      if ('error' in r) console.log(`  held-back ${t}: FAILED ${r.error}`);
      else
        console.log(
          `  held-back ${t} (Yosys ${r.yosysVersion} ${r.engine}, coefficients from ${r.calibratedWith}): LUTs mean |err| ${(r.meanAbsErr.luts * 100).toFixed(1)} % max ${(r.maxAbsErr.luts * 100).toFixed(1)} %, FFs mean ${(r.meanAbsErr.ffs * 100).toFixed(1)} % max ${(r.maxAbsErr.ffs * 100).toFixed(1)} %`,
        );
      return r;
    });
    for (const [k, v] of Object.entries(msPerNetwork)) console.log(`  ${k.padEnd(40)} ${v.toFixed(3)} ms/network`);
    return { msPerNetwork, heldBackErrors };
  },
};

if (process.argv[2] === '--held-back') {
  const r = await heldBack(process.argv[3] as SynthTarget, process.argv[4] as 'wasm' | 'native');
  console.log(JSON.stringify(r));
}
