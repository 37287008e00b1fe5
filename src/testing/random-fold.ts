/** A random legal `--fold` string for a network's layer shapes (seeded), for tests and soaks. */
import { divisors } from '../plan/folding.js';
import { formatFolds } from '../plan/fold-spec.js';
import type { Rng } from './rng.js';

export function randomFold(rng: Rng, shapes: ReadonlyArray<{ in: number; out: number }>): string {
  return formatFolds(shapes.map((s) => ({ pe: rng.pick(divisors(s.out)), simd: rng.pick(divisors(s.in)) })));
}
