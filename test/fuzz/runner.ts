/**
 * Runs a fuzz property (properties.ts) in a worker thread with a per-case
 * time limit: the worker announces each case; when one runs longer than
 * the limit the worker is terminated and the case is reported (and saved
 * to the corpus) as a hang. Failing cases are saved under
 * test/fuzz/corpus/<property>/ so they are replayed by corpus.test.ts.
 *
 * Knobs: SIMAN_HW_FUZZ_RUNS (cases per property, default 40),
 * SIMAN_HW_FUZZ_SEED (default 20240611), SIMAN_HW_FUZZ_CASE_MS (per-case
 * limit, default 30000).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = path.join(HERE, 'corpus');

export const FUZZ_RUNS = Number(process.env.SIMAN_HW_FUZZ_RUNS ?? 40);
export const FUZZ_SEED = Number(process.env.SIMAN_HW_FUZZ_SEED ?? 20240611);
export const CASE_MS = Number(process.env.SIMAN_HW_FUZZ_CASE_MS ?? 30_000);

export interface FuzzReport {
  cases: number;
}

function saveCase(property: string, value: string, why: string): string {
  const dir = path.join(CORPUS_DIR, property);
  fs.mkdirSync(dir, { recursive: true });
  let h = 2166136261;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 16777619) >>> 0;
  const file = path.join(dir, `found-${h.toString(16)}.json`);
  fs.writeFileSync(file, JSON.stringify({ property, note: why.split('\n')[0]!.slice(0, 300), value: JSON.parse(value) as unknown }, null, 2) + '\n');
  return file;
}

/** Fuzz `property` for `numRuns` cases; rejects with the failing (or hanging) case. */
export function fuzz(property: string, numRuns = FUZZ_RUNS, seed = FUZZ_SEED): Promise<FuzzReport> {
  return new Promise((resolve, reject) => {
    // An eval bootstrap registers tsx inside the worker, then loads the TypeScript entry.
    const entry = new URL('./worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(boot, { eval: true, workerData: { property, seed, numRuns } });
    let current: string | null = null;
    let started = Date.now();
    let settled = false;
    const finish = (err: Error | null, report?: FuzzReport): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      void worker.terminate();
      if (err) reject(err);
      else resolve(report!);
    };
    const timer = setInterval(() => {
      if (current !== null && Date.now() - started > CASE_MS) {
        const file = saveCase(property, current, `hang: no result within ${CASE_MS} ms`);
        finish(new Error(`fuzz ${property}: a case ran longer than ${CASE_MS} ms (saved to ${path.relative(process.cwd(), file)}): ${current.slice(0, 500)}`));
      }
    }, 250);
    worker.on('message', (m: { type: string; value?: string; cases?: number; message?: string; counterexample?: string | null }) => {
      if (m.type === 'case') {
        current = m.value!;
        started = Date.now();
      } else if (m.type === 'done') finish(null, { cases: m.cases! });
      else if (m.type === 'fail') {
        const saved = m.counterexample ? ` (saved to ${path.relative(process.cwd(), saveCase(property, m.counterexample, m.message!))})` : '';
        finish(new Error(`fuzz ${property} (seed ${seed})${saved}: ${m.message}`));
      }
    });
    worker.on('error', (e) => finish(e));
    worker.on('exit', (code) => finish(new Error(`fuzz worker for ${property} exited with ${code}`)));
  });
}
