/**
 * Benchmark runner: `npm run bench` runs every group, `npm run bench -- ref`
 * only the named ones. Results go to bench/results/latest.json with machine
 * information. Add a group by writing bench/<name>.bench.ts exporting a
 * BenchGroup and listing it in `groups` below.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { measure, type BenchGroup, type CaseResult } from './bench.js';
import { refBench } from './ref.bench.js';
import { simBench } from './sim.bench.js';
import { estimateBench } from './estimate.bench.js';

const groups: BenchGroup[] = [refBench, simBench, estimateBench];

function parseArgs(argv: string[]): { names: string[]; warmup: number; repetitions: number } {
  const names: string[] = [];
  let warmup = 2;
  let repetitions = 7;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--warmup') warmup = Number(argv[++i]);
    else if (a === '--reps') repetitions = Number(argv[++i]);
    else if (a === '--list') {
      for (const g of groups) console.log(`${g.name}\t${g.description}`);
      process.exit(0);
    } else names.push(a);
  }
  if (!(warmup >= 0) || !(repetitions >= 1)) throw new Error('usage: bench/run.ts [GROUP...] [--warmup N] [--reps N] [--list]');
  return { names, warmup, repetitions };
}

async function main(): Promise<void> {
  const { names, warmup, repetitions } = parseArgs(process.argv.slice(2));
  const unknown = names.filter((n) => !groups.some((g) => g.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark group(s): ${unknown.join(', ')}; available: ${groups.map((g) => g.name).join(', ')}`);
    process.exit(2);
  }
  const selected = names.length ? groups.filter((g) => names.includes(g.name)) : groups;
  const results: Record<string, CaseResult[]> = {};
  const summaries: Record<string, unknown> = {};
  for (const g of selected) {
    console.log(`== ${g.name}: ${g.description}`);
    const rs: CaseResult[] = [];
    for (const c of g.cases()) {
      const r = await measure(c, { warmup, repetitions });
      console.log(`  ${r.name.padEnd(44)} ${r.medianPerSecond.toFixed(1).padStart(12)} ${r.unit}/s (median of ${repetitions}, best ${r.bestPerSecond.toFixed(1)})`);
      rs.push(r);
    }
    results[g.name] = rs;
    if (g.summarize) summaries[g.name] = g.summarize(results[g.name]!);
  }
  const cpus = os.cpus();
  const report = {
    date: new Date().toISOString(),
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryBytes: os.totalmem(), platform: os.platform(), arch: os.arch(), node: process.version },
    settings: { warmup, repetitions },
    groups: results,
    summaries,
  };
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(dir + 'latest.json', JSON.stringify(report, null, 2) + '\n');
  console.log(`wrote ${dir}latest.json`);
}

await main();
// Benchmark cases may keep worker pools open; they end with the process.
process.exit(0);
