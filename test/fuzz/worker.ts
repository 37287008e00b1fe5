/**
 * Worker side of the fuzz runner: runs one property with fast-check and
 * reports every case before it starts, so the main thread can stop a case
 * that hangs (a synchronous loop cannot be interrupted from inside).
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { properties } from './properties.js';

interface Job {
  property: string;
  seed: number;
  numRuns: number;
}

const job = workerData as Job;
const prop = properties[job.property];
if (!prop) throw new Error(`unknown fuzz property ${job.property}`);
const root = fs.mkdtempSync(path.join(os.tmpdir(), `siman-fuzz-${job.property}-`));
let n = 0;
try {
  await fc.assert(
    fc.asyncProperty(prop.arbitrary, async (value) => {
      const work = path.join(root, String(n++));
      fs.mkdirSync(work);
      parentPort!.postMessage({ type: 'case', value: JSON.stringify(value) });
      try {
        await prop.run(value as never, work);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    }),
    { seed: job.seed, numRuns: job.numRuns, endOnFailure: true },
  );
  parentPort!.postMessage({ type: 'done', cases: n });
} catch (err) {
  const e = err as Error & { cause?: unknown };
  const m = /Counterexample: \[(.*)\]\n/s.exec(e.message);
  parentPort!.postMessage({ type: 'fail', message: e.message.slice(0, 4000), counterexample: m ? m[1] : null });
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
