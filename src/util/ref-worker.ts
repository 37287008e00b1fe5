/**
 * Worker side of the parallel reference (src/util/ref-pool.ts): runs one
 * reference path on a slice of rows. The network (packed) or model (float)
 * arrives once, as the pool's workerData, so a task carries only its rows
 * and the weights are packed once per worker.
 */
import { workerData } from 'node:worker_threads';
import type { Model } from '../ir/model.js';
import type { Network } from '../ir/network.js';
import type { InferenceResult } from '../ref/batch.js';
import { inferFloat } from '../ref/float-ref.js';
import { inferPacked } from '../ref/packed-ref.js';

/** What every worker of a pool is given (tinypool passes it second in workerData). */
export interface RefWorkerData {
  path: 'packed' | 'float';
  subject: Network | Model;
}

/** A run's results in shared memory, every row of the run; a task writes its slice's rows from `row` on. */
export interface RefOutput {
  row: number;
  scores: Float64Array;
  logits: Float64Array;
  predictions: Int32Array;
}

/** One slice of a run (`data` a view of the run's shared input rows). */
export interface RefTask {
  count: number;
  width: number;
  data: Int32Array;
  /** Where to write the results; the task then returns only its row count. */
  out?: RefOutput;
}

const { path, subject } = (workerData as [unknown, RefWorkerData])[1];

export default function run(task: RefTask): InferenceResult | { count: number } {
  const res = path === 'packed' ? inferPacked(subject as Network, task) : inferFloat(subject as Model, task);
  const out = task.out;
  if (!out) return res;
  out.scores.set(res.scores, out.row * res.classes);
  out.logits.set(res.logits, out.row * res.classes);
  out.predictions.set(res.predictions, out.row);
  return { count: res.count };
}
