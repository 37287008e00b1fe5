/**
 * The reference on worker threads (tinypool): the rows are cut into
 * contiguous slices, each slice runs the same single-thread reference in a
 * worker, and the slices are joined in row order. Rows are independent, so
 * the result is identical to one thread, value for value. The rows are
 * copied once into a SharedArrayBuffer and each task carries a view of its
 * slice (no per-task copy or structured clone of the inputs); the network
 * is sent once per worker, as workerData; each worker checks its slice's
 * values, so the main thread does no pass over the inputs.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Tinypool } from 'tinypool';
import { fail } from '../diagnostics.js';
import type { Model } from '../ir/model.js';
import type { Network } from '../ir/network.js';
import { checkBatch, type InferenceResult, type InputBatch } from '../ref/batch.js';
import { inferFloat } from '../ref/float-ref.js';
import { inferPacked } from '../ref/packed-ref.js';
import type { RefTask, RefWorkerData } from './ref-worker.js';

/** `--workers`: a thread count, or auto (see {@link autoWorkers}). */
export type WorkerSetting = number | 'auto';

/** Read `--workers N|auto` (default auto); E_USAGE otherwise. */
export function parseWorkers(v: string | undefined): WorkerSetting {
  if (v === undefined || v === 'auto') return 'auto';
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 256) fail('E_USAGE', `--workers must be auto or an integer from 1 to 256, got '${v}'`);
  return Number(v);
}

export interface RefRunOptions {
  workers: WorkerSetting;
  /** A pool from {@link createRefPool} for the same path and network/model, reused (kept open); without it a run starts and ends its own. */
  pool?: Tinypool;
  /** Called with (rows done, rows in all) as slices finish. */
  onProgress?: (done: number, total: number) => void;
}

/** Weight bits × vectors below which auto stays on one thread (about 0.1 s of packed work; a worker starts in ~50 ms). */
const AUTO_MIN_WORK = 3e9;

/** Weight bits a vector meets: Σ in × out over dense stages, × output positions for conv. */
function workPerVector(network: Network): number {
  let w = 0;
  for (const s of network.stages) w += s.in * s.out * (s.kind === 'conv' ? s.convShape[1] * s.convShape[2] : 1);
  return w;
}

/** Threads for a run: 1 when the work is small or there is one core, else the available cores. */
export function autoWorkers(network: Network, count: number, path: 'packed' | 'float'): number {
  const cores = os.availableParallelism();
  // The float path is ~30× slower per weight, so it pays off at smaller sizes.
  const work = workPerVector(network) * count * (path === 'float' ? 30 : 1);
  return cores > 1 && work >= AUTO_MIN_WORK ? cores : 1;
}

/**
 * A pool of `threads` workers for one reference path on one network
 * (packed) or model (float), sent to each worker once; for callers that run
 * many batches (close it with `destroy()`).
 */
export function createRefPool(threads: number, path: 'packed' | 'float', subject: Network | Model): Tinypool {
  // From the TypeScript sources (tests, benches) the worker loads through tsx.
  const entry = import.meta.url.endsWith('.ts') ? './ref-worker-source.mjs' : './ref-worker.js';
  const workerData: RefWorkerData = { path, subject };
  return new Tinypool({ filename: fileURLToPath(new URL(entry, import.meta.url)), minThreads: threads, maxThreads: threads, workerData });
}

/**
 * Run one reference path on `inputs`, on `threads` worker threads when
 * more than one (`network` for packed, `model` for float; both describe
 * the same design). Same result as {@link inferPacked} / {@link inferFloat}.
 */
export async function inferReference(path: 'packed' | 'float', network: Network, model: Model, inputs: InputBatch, opts: RefRunOptions): Promise<InferenceResult> {
  const threads = Math.max(1, Math.min(opts.workers === 'auto' ? autoWorkers(network, inputs.count, path) : opts.workers, inputs.count));
  const single = (): InferenceResult => (path === 'packed' ? inferPacked(network, inputs) : inferFloat(model, inputs));
  // One thread: inferPacked / inferFloat check the inputs themselves.
  if (inputs.count === 0) return single();
  if (threads === 1) {
    if (!opts.onProgress) return single();
    // In slices, so a long single-thread run can report progress.
    const parts: InferenceResult[] = [];
    const step = Math.max(1, Math.ceil(inputs.count / 50));
    for (let r0 = 0; r0 < inputs.count; r0 += step) {
      const r1 = Math.min(inputs.count, r0 + step);
      const slice = { count: r1 - r0, width: inputs.width, data: inputs.data.subarray(r0 * inputs.width, r1 * inputs.width) };
      parts.push(path === 'packed' ? inferPacked(network, slice) : inferFloat(model, slice));
      opts.onProgress(r1, inputs.count);
    }
    return parts.length === 1 ? parts[0]! : join(parts);
  }
  const pool = opts.pool ?? createRefPool(threads, path, path === 'packed' ? network : model);
  try {
    if (inputs.data.length !== inputs.count * inputs.width) checkBatch(network.input, inputs);
    // The rows in shared memory, copied slice by slice as the slices are
    // handed out (the first workers start at once): a task carries a view
    // of its slice, posted without a copy.
    const isShared = inputs.data.buffer instanceof SharedArrayBuffer;
    const shared = isShared ? inputs.data : new Int32Array(new SharedArrayBuffer(inputs.data.byteLength));
    // The results in shared memory too: each worker writes its slice's rows, so nothing is cloned back or joined.
    const classes = network.stages[network.stages.length - 1]!.out;
    const f64 = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(n * 8));
    const result: InferenceResult = { count: inputs.count, classes, scores: f64(inputs.count * classes), logits: f64(inputs.count * classes), predictions: new Int32Array(new SharedArrayBuffer(inputs.count * 4)) };
    // Several slices per thread so progress moves and a slow slice does not idle the others.
    const slices = Math.min(inputs.count, threads * 8);
    let done = 0;
    const runs: Promise<void>[] = [];
    for (let i = 0; i < slices; i++) {
      const r0 = Math.floor((i * inputs.count) / slices);
      const r1 = Math.floor(((i + 1) * inputs.count) / slices);
      const a = r0 * inputs.width;
      const b = r1 * inputs.width;
      if (!isShared) shared.set(inputs.data.subarray(a, b), a);
      const task: RefTask = { count: r1 - r0, width: inputs.width, data: shared.subarray(a, b), out: { row: r0, scores: result.scores, logits: result.logits, predictions: result.predictions } };
      runs.push(
        (pool.run(task) as Promise<{ count: number }>).then((res) => {
          done += res.count;
          opts.onProgress?.(done, inputs.count);
        }),
      );
    }
    try {
      await Promise.all(runs);
    } catch (e) {
      // The workers check their slices; bad input is reported here as a
      // user error over the whole batch (its first bad value), not as an
      // error cloned out of a worker.
      checkBatch(network.input, inputs);
      throw e;
    }
    return result;
  } finally {
    if (!opts.pool) await pool.destroy();
  }
}

function join(parts: InferenceResult[]): InferenceResult {
  const classes = parts[0]!.classes;
  const count = parts.reduce((n, p) => n + p.count, 0);
  const scores = new Float64Array(count * classes);
  const logits = new Float64Array(count * classes);
  const predictions = new Int32Array(count);
  let r = 0;
  for (const p of parts) {
    scores.set(p.scores, r * classes);
    logits.set(p.logits, r * classes);
    predictions.set(p.predictions, r);
    r += p.count;
  }
  return { count, classes, scores, logits, predictions };
}
