/** Deep snapshot of a model (typed arrays as plain arrays) to check that passes do not mutate. */
import type { Model } from '../../src/ir/model.js';

export function snapshot(model: Model): string {
  return JSON.stringify(model, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
}
