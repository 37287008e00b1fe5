/** `siman-hw verify`: generate, run under Verilator, compare with the reference. */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fail } from '../diagnostics.js';
import { designFromFile } from '../flow.js';
import { loadInputs } from '../model/inputs.js';
import { inferPacked } from '../ref/packed-ref.js';
import { inferFloat } from '../ref/float-ref.js';
import { createRng } from '../testing/rng.js';
import { randomInputs } from '../testing/random-model.js';
import { stallPermille } from '../sim/stall.js';
import { writeDirAtomic } from '../util/atomic-fs.js';
import { runRtl } from '../verify/rtl-run.js';
import { firstScoreMismatch, type Mismatch } from '../verify/compare.js';
import { traceTiming } from '../verify/trace.js';
import { FOLD_HELP } from './generate.js';
import { optChoice, optInt, optNumber, optString, toJson, type Command } from './command.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'generate the RTL, run it under Verilator, and check every output bit and cycle count',
  help: `usage: siman-hw verify MODEL [--input FILE | --vectors N] [--seed S] [--stall P] [--fold SPEC] [--json]

Generates the design, builds it with Verilator (cached by content), streams
the vectors through it with the seeded stall pattern on both stream ends,
and compares every output score with the bit-packed reference (itself
cross-checked against the float64 reference). With --stall 0 it also checks
that the measured steady-state II and latency equal the planned ones.
Exit 0: all match; exit 3: a mismatch (the first one is reported); exit 2:
bad input.

options:
      --input FILE         input vectors (CSV/.npy/.json), see 'infer'
      --labels last|none   whether FILE's last column is a label (default none)
      --vectors N          N seeded random vectors instead of --input (default 64)
      --seed S             seed of the random vectors and of the stall pattern (default 1)
      --stall P            probability in [0,1) that the source withholds a
                           beat / the sink is not ready, each cycle (default 0)
${FOLD_HELP}
      --top NAME           top module name (default siman_top)
      --keep DIR           also write the generated design to DIR
      --watchdog N         fail when no output appears for N cycles (default 1000000)
      --json               print counts, cycles, II and latency as JSON

example:
  siman-hw verify examples/digits/digits-mlp.json --input examples/digits/digits.csv --labels last --stall 0.3
`,
  options: {
    input: { type: 'string' },
    labels: { type: 'string' },
    vectors: { type: 'string' },
    seed: { type: 'string' },
    stall: { type: 'string' },
    fold: { type: 'string' },
    top: { type: 'string' },
    keep: { type: 'string' },
    watchdog: { type: 'string' },
    json: { type: 'boolean' },
    'allow-outside-paths': { type: 'boolean' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    const inputPath = optString(options, 'input');
    if (inputPath && options.vectors !== undefined) fail('E_USAGE', 'give either --input or --vectors, not both');
    const seed = optInt(options, 'seed', 1, 1, 0xffffffff);
    const stall = optNumber(options, 'stall', 0, 0, 0.999);
    const count = optInt(options, 'vectors', 64, 1, 10_000_000);
    const watchdog = optInt(options, 'watchdog', 1_000_000, 10, 2 ** 40);
    const labels = optChoice(options, 'labels', ['last', 'none'] as const, 'none');
    const flow = designFromFile(positionals[0]!, {
      fold: optString(options, 'fold'),
      top: optString(options, 'top'),
      allowOutsidePaths: options['allow-outside-paths'] === true,
    });
    const spec = flow.model.input;
    const inputs = inputPath ? loadInputs(inputPath, spec, { labels }) : randomInputs(createRng(seed), spec, count);

    const ref = inferPacked(flow.network, inputs);
    const float = inferFloat(flow.model, inputs);
    for (let i = 0; i < ref.scores.length; i++) {
      if (ref.scores[i] !== float.scores[i]) throw new Error(`reference paths disagree at score ${i}: packed ${ref.scores[i]}, float ${float.scores[i]}`);
    }

    const keep = optString(options, 'keep');
    if (keep) writeDirAtomic(keep, flow.design.files);
    const work = mkdtempSync(path.join(os.tmpdir(), 'siman-verify-'));
    const designDir = path.join(work, 'design');
    try {
      writeDirAtomic(designDir, flow.design.files);
      const progress = options.json === true ? undefined : (m: string) => io.err(`${m}\n`);
      const trace = await runRtl({
        designDir,
        manifest: flow.design.manifest,
        encoding: spec.encoding,
        inputs,
        seed,
        stallPermille: stallPermille(stall),
        watchdogCycles: watchdog,
        ...(progress ? { onProgress: progress } : {}),
      });
      const timing = traceTiming(trace);
      const plan = flow.plan;
      let mismatch: Mismatch | null = firstScoreMismatch('verilator', trace, ref);
      if (!mismatch && stall === 0) mismatch = timingMismatch(timing, plan.iiCycles, plan.latencyCycles, inputs.count);
      const summary = {
        ok: mismatch === null,
        vectors: inputs.count,
        classes: ref.classes,
        seed,
        stall,
        fold: flow.design.manifest.fold,
        cycles: trace.totalCycles,
        iiPlanned: plan.iiCycles,
        iiMeasured: timing.iiCycles,
        latencyPlanned: plan.latencyCycles,
        latencyMeasured: timing.latencyCycles,
        models: ['reference-float', 'reference-packed', 'verilator'],
        firstMismatch: mismatch,
      };
      if (options.json === true) io.out(toJson(summary));
      else if (mismatch) io.out(`MISMATCH ${mismatch.message}\n`);
      else {
        io.out(
          `verify OK: ${inputs.count} vectors x ${ref.classes} scores match (reference float = packed = verilator), ` +
            `${trace.totalCycles} cycles, II ${timing.iiCycles ?? '-'} (planned ${plan.iiCycles}), latency ${timing.latencyCycles} (planned ${plan.latencyCycles})\n`,
        );
      }
      return mismatch ? 3 : 0;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

/** At p = 0 the measured timing must equal the plan's formulas. */
function timingMismatch(t: { iiCycles: number | null; latencyCycles: number | null }, ii: number, latency: number, count: number): Mismatch | null {
  if (t.latencyCycles !== latency) {
    return { model: 'verilator', vector: 0, class: null, expected: latency, actual: t.latencyCycles, cycle: null, message: `verilator: latency ${t.latencyCycles} cycles, planned ${latency}` };
  }
  if (count >= 4 && t.iiCycles !== ii) {
    return { model: 'verilator', vector: count - 1, class: null, expected: ii, actual: t.iiCycles, cycle: null, message: `verilator: steady-state II ${t.iiCycles} cycles, planned ${ii}` };
  }
  return null;
}
