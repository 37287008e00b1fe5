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

/** One slice of a run (`data` a view of the run's shared input rows). */
export interface RefTask {
  count: number;
  width: number;
  data: Int32Array;
}

const { path, subject } = (workerData as [unknown, RefWorkerData])[1];

export default function run(task: RefTask): InferenceResult {
  return path === 'packed' ? inferPacked(subject as Network, task) : inferFloat(subject as Model, task);
}
