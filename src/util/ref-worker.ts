/**
 * Worker side of the parallel reference (src/util/ref-pool.ts): runs one
 * reference path on a slice of rows. The network or model of the last key
 * is kept, so a run's later slices skip repacking the weights.
 */
import type { Model } from '../ir/model.js';
import type { Network } from '../ir/network.js';
import type { InferenceResult } from '../ref/batch.js';
import { inferFloat } from '../ref/float-ref.js';
import { inferPacked } from '../ref/packed-ref.js';

/** One slice of a run. */
export interface RefTask {
  key: string;
  path: 'packed' | 'float';
  /** The lowered network (packed) or the model (float); only read when `key` is new to this worker. */
  subject: Network | Model;
  count: number;
  width: number;
  data: Int32Array;
}

let cached: { key: string; subject: Network | Model } | null = null;

export default function run(task: RefTask): InferenceResult {
  if (cached?.key !== task.key) cached = { key: task.key, subject: task.subject };
  const inputs = { count: task.count, width: task.width, data: task.data };
  return task.path === 'packed' ? inferPacked(cached.subject as Network, inputs) : inferFloat(cached.subject as Model, inputs);
}
