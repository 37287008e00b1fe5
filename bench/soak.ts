/**
 * Soak run: N seeded random dense networks, each with a random legal
 * folding, a random stall probability and random vectors, through the very
 * code path users run, `siman-hw verify` (in-process runCli): reference
 * float = packed = TS cycle simulator (= Verilator unless --no-rtl).
 *
 *   npm run soak -- --runs N [--seed S] [--no-rtl] [--max-fanin F] [--vectors V] [--keep-going] [--lowered]
 *
 * --lowered: every network all-`xnor`, every layer hardwired with a random
 * PE and lowered onto the AND datapath (`--mode hardwired --lower on`).
 *
 * Run i uses seed S + i; a failing run prints a one-line command that
 * repeats exactly that run. Exit 0 when every run verified, 3 on any
 * mismatch, 1 on an internal error of a run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../src/cli-main.js';
import { designFromModel } from '../src/flow.js';
import { serializeModel } from '../src/model/write.js';
import { randomFold } from '../src/testing/random-fold.js';
import { divisors } from '../src/plan/folding.js';
import { randomModel } from '../src/testing/random-model.js';
import { createRng } from '../src/testing/rng.js';

export interface SoakOptions {
  runs: number;
  seed: number;
  rtl: boolean;
  maxFanin: number;
  vectors: number;
  /** Continue after a failing run (default: stop at the first). */
  keepGoing: boolean;
  /** All-xnor networks, every layer hardwired and lowered (`--mode hardwired --lower on`). */
  lowered?: boolean;
  log?: (line: string) => void;
}

export interface SoakRun {
  seed: number;
  fold: string;
  stall: number;
  code: number;
  detail: string;
  reproduce: string;
}

export interface SoakSummary {
  runs: number;
  passed: number;
  mismatches: number;
  /** Runs that ended in exit 2 (the generated model or flags refused). */
  rejected: number;
  internalErrors: number;
  seconds: number;
  failures: SoakRun[];
}

/** The command line that repeats run `seed` alone. */
export function reproduceCommand(seed: number, o: Pick<SoakOptions, 'rtl' | 'maxFanin' | 'vectors' | 'lowered'>): string {
  return `npm run soak -- --runs 1 --seed ${seed} --max-fanin ${o.maxFanin} --vectors ${o.vectors}${o.rtl ? '' : ' --no-rtl'}${o.lowered ? ' --lowered' : ''}`;
}

/** One soak run: model, fold and stall from `seed`, then `verify`. */
export async function soakOne(seed: number, o: Pick<SoakOptions, 'rtl' | 'maxFanin' | 'vectors' | 'lowered'>, dir: string): Promise<SoakRun> {
  const rng = createRng(seed);
  const model = randomModel(rng, {
    depth: [1, 3],
    inputWidth: [1, o.maxFanin],
    hiddenWidth: [1, Math.max(1, Math.min(o.maxFanin, 64))],
    classes: [1, 10],
    ...(o.lowered ? { semantics: 'xnor' as const } : {}),
  });
  // The generator also covers negative alphas (valid in memory, refused by
  // the file format): use their magnitude so the model file loads.
  for (const l of model.layers) {
    if (l.type === 'dense' && l.alpha instanceof Float64Array) l.alpha = l.alpha.map(Math.abs);
  }
  const fold = o.lowered
    ? designFromModel(model)
        .plan.layers.map((l, i) => `${i}:pe=${rng.pick(divisors(l.out))}`)
        .join(';')
    : randomFold(rng, designFromModel(model).plan.layers);
  const stall = rng.pick([0, 0, 0.1, 0.3, 0.5, 0.9]);
  const modelPath = path.join(dir, `soak-${seed}.json`);
  fs.writeFileSync(modelPath, serializeModel(model));
  const argv = ['verify', modelPath, '--fold', fold, '--stall', String(stall), '--seed', String(seed), '--vectors', String(o.vectors), '--json'];
  if (!o.rtl) argv.push('--no-rtl');
  if (o.lowered) argv.push('--mode', 'hardwired', '--lower', 'on');
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  fs.rmSync(modelPath, { force: true });
  let detail = '';
  if (code === 3) detail = (JSON.parse(out) as { firstMismatch: { message: string } }).firstMismatch.message;
  else if (code !== 0) detail = err.split('\n').slice(0, 3).join(' | ');
  return { seed, fold, stall, code, detail, reproduce: reproduceCommand(seed, o) };
}

export async function soak(o: SoakOptions): Promise<SoakSummary> {
  const log = o.log ?? (() => {});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-soak-'));
  const t0 = process.hrtime.bigint();
  const failures: SoakRun[] = [];
  let passed = 0;
  let done = 0;
  try {
    for (let i = 0; i < o.runs; i++) {
      const seed = (o.seed + i) >>> 0 || 1;
      const r = await soakOne(seed, o, dir);
      done++;
      if (r.code === 0) passed++;
      else {
        failures.push(r);
        log(`FAIL seed ${seed} (exit ${r.code}, fold '${r.fold}', stall ${r.stall}): ${r.detail}`);
        log(`  reproduce: ${r.reproduce}`);
        if (!o.keepGoing) break;
      }
      if ((i + 1) % 50 === 0) log(`${i + 1}/${o.runs} runs, ${failures.length} failing`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    runs: done,
    passed,
    mismatches: failures.filter((f) => f.code === 3).length,
    rejected: failures.filter((f) => f.code === 2).length,
    internalErrors: failures.filter((f) => f.code !== 3 && f.code !== 2).length,
    seconds,
    failures,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      'no-rtl': { type: 'boolean', default: false },
      'max-fanin': { type: 'string', default: '70' },
      vectors: { type: 'string', default: '8' },
      'keep-going': { type: 'boolean', default: false },
      lowered: { type: 'boolean', default: false },
    },
  });
  const int = (name: string, v: string, min: number): number => {
    if (!/^\d+$/.test(v) || Number(v) < min) throw new Error(`--${name} must be an integer >= ${min}, got '${v}'`);
    return Number(v);
  };
  const o: SoakOptions = {
    runs: int('runs', values.runs!, 1),
    seed: int('seed', values.seed!, 1),
    rtl: !values['no-rtl'],
    maxFanin: int('max-fanin', values['max-fanin']!, 1),
    vectors: int('vectors', values.vectors!, 1),
    keepGoing: values['keep-going']!,
    lowered: values.lowered!,
    log: (l) => console.log(l),
  };
  console.log(`soak: ${o.runs} ${o.lowered ? 'lowered xnor hardwired ' : ''}runs from seed ${o.seed}, ${o.rtl ? 'three-way (reference, simulator, Verilator)' : 'reference = simulator (--no-rtl)'}, fan-in <= ${o.maxFanin}, ${o.vectors} vectors per run`);
  const s = await soak(o);
  console.log(`soak summary: runs ${s.runs}, passed ${s.passed}, mismatches ${s.mismatches}, rejected ${s.rejected}, internal errors ${s.internalErrors}, time ${s.seconds.toFixed(1)} s`);
  for (const f of s.failures) console.log(`  failing seed ${f.seed}: ${f.reproduce}`);
  return s.failures.length === 0 ? 0 : s.mismatches > 0 ? 3 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
