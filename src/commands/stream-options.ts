/**
 * The options of the commands that stream vectors through a design
 * (`simulate`, `verify`): where the vectors come from, the seed, the stall
 * probability and the watchdog, parsed one way for both.
 */
import { fail } from '../diagnostics.js';
import type { InputSpec } from '../ir/model.js';
import { loadInputs, type InputBatch } from '../model/inputs.js';
import type { Plan } from '../plan/plan.js';
import { stallPermille } from '../sim/stall.js';
import { createRng } from '../testing/rng.js';
import { randomInputs } from '../testing/random-model.js';
import { optChoice, optInt, optNumber, optString, type OptionSpec, type OptionValues } from './command.js';

/** Option specs of the stream flags; spread into a command's `options`. */
export const STREAM_OPTIONS = {
  input: { type: 'string' },
  labels: { type: 'string' },
  vectors: { type: 'string' },
  seed: { type: 'string' },
  stall: { type: 'string' },
  watchdog: { type: 'string' },
} satisfies OptionSpec;

/** Help lines of the stream flags. */
export const STREAM_HELP = `      --input FILE         input vectors (CSV/.npy/.json), see 'infer'
      --labels last|none   whether FILE's last column is a label (default none)
      --vectors N          without --input: N seeded random vectors (default 64);
                           with --input: only the first N rows
      --seed S             seed of the random vectors and of the stall pattern (default 1)
      --stall P            probability in [0,1) that the source withholds a
                           beat / the sink is not ready, each cycle (default 0)
      --watchdog N         fail when no output appears for N cycles
                           (default 10·(latency + II) + 100000)`;

export interface StreamSettings {
  seed: number;
  stall: number;
  stallPermille: number;
  /** Input vectors, with labels when the file carries them. */
  inputs: InputBatch;
  watchdogCycles: number;
}

/** Parse the stream flags for a planned design. */
export function streamSettings(options: OptionValues, spec: InputSpec, plan: Plan): StreamSettings {
  const inputPath = optString(options, 'input');
  const seed = optInt(options, 'seed', 1, 1, 0xffffffff);
  const stall = optNumber(options, 'stall', 0, 0, 0.999);
  const count = optInt(options, 'vectors', 64, 1, 10_000_000);
  const labels = optChoice(options, 'labels', ['last', 'none'] as const, 'none');
  if (!inputPath && labels === 'last') fail('E_USAGE', '--labels needs --input FILE');
  // Default watchdog: far beyond any stall pattern's delay of one output.
  const watchdogCycles = optInt(options, 'watchdog', 10 * (plan.latencyCycles + plan.iiCycles) + 100_000, 10, 2 ** 40);
  let inputs: InputBatch = inputPath ? loadInputs(inputPath, spec, { labels }) : { ...randomInputs(createRng(seed), spec, count), labels: null };
  if (inputPath && options.vectors !== undefined && count < inputs.count) {
    inputs = {
      count,
      width: inputs.width,
      data: inputs.data.subarray(0, count * inputs.width),
      labels: inputs.labels ? inputs.labels.subarray(0, count) : null,
    };
  }
  return { seed, stall, stallPermille: stallPermille(stall), inputs, watchdogCycles };
}
