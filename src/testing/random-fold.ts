/** A random legal `--fold` string for a network (seeded), for tests and soaks. */
import { divisors } from '../plan/folding.js';
import { formatFolds } from '../plan/fold-spec.js';
import type { Network } from '../ir/network.js';
import type { Rng } from './rng.js';

export function randomFold(rng: Rng, network: Network): string {
  return formatFolds(network.stages.map((s) => ({ pe: rng.pick(divisors(s.out)), simd: rng.pick(divisors(s.in)) })));
}
