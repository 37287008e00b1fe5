/** `siman-hw verify`: generate, run the TS cycle simulator and Verilator, compare both with the reference and with each other. */
import { DESIGN_OPTIONS, designFromOptions } from './design-options.js';
import { STREAM_HELP, STREAM_OPTIONS, streamSettings } from './stream-options.js';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inferReference, parseWorkers } from '../util/ref-pool.js';
import { progressBar } from '../util/progress-bar.js';
import { simulateDesign } from '../sim/simulate.js';
import { writeDirAtomic } from '../util/atomic-fs.js';
import { runRtl } from '../verify/rtl-run.js';
import { firstScoreMismatch, firstTraceMismatch, type Mismatch } from '../verify/compare.js';
import { traceTiming, type StreamTrace } from '../verify/trace.js';
import { FOLD_HELP } from './generate.js';
import { optString, toJson, type Command } from './command.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check reference = cycle simulator = Verilator on every output bit and transfer cycle',
  help: `usage: siman-hw verify MODEL [--input FILE | --vectors N] [--seed S] [--stall P] [--fold SPEC] [--mode M] [--no-rtl] [--workers N|auto] [--json]

Generates the design, builds it with Verilator (cached by content), streams
the vectors through it with the seeded stall pattern on both stream ends,
and compares every output score with the bit-packed reference (itself
cross-checked against the float64 reference). The TypeScript cycle
simulator runs the same vectors with the same stall pattern: its scores
must equal the reference's, and its input/output transfer cycles and
output beats must equal Verilator's exactly. The first disagreement names
the model that differs, the vector and the cycle. With --stall 0 it also checks
that the measured steady-state II and latency equal the planned ones.
Exit 0: all match; exit 3: a mismatch (the first one is reported); exit 2:
bad input.

options:
${STREAM_HELP}
${FOLD_HELP}
      --top NAME           top module name (default siman_top)
      --keep DIR           also write the generated design to DIR
      --no-rtl             skip Verilator: check reference = cycle simulator only
      --json               print counts, cycles, II and latency as JSON
      --workers N|auto     worker threads for the two references (default auto:
                           all cores once the run is large; 1 = this thread)

example:
  siman-hw verify examples/digits/digits-mlp.json --input examples/digits/digits.csv --labels last --stall 0.3
`,
  options: {
    ...DESIGN_OPTIONS,
    ...STREAM_OPTIONS,
    keep: { type: 'string' },
    json: { type: 'boolean' },
    workers: { type: 'string' },
    'no-rtl': { type: 'boolean' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    const flow = designFromOptions(positionals[0]!, options, io);
    const { seed, stall, stallPermille, inputs, watchdogCycles: watchdog } = streamSettings(options, flow.model.input, flow.plan);

    const workers = parseWorkers(optString(options, 'workers'));
    const reference = async (p: 'packed' | 'float') => {
      const bar = progressBar(`reference ${p}`, options.json !== true);
      try {
        return await inferReference(p, flow.network, flow.model, inputs, { workers, onProgress: bar.update });
      } finally {
        bar.stop();
      }
    };
    const ref = await reference('packed');
    const float = await reference('float');
    for (let i = 0; i < ref.scores.length; i++) {
      if (ref.scores[i] !== float.scores[i]) throw new Error(`reference paths disagree at score ${i}: packed ${ref.scores[i]}, float ${float.scores[i]}`);
    }

    const keep = optString(options, 'keep');
    if (keep) writeDirAtomic(keep, flow.design.files);
    const plan = flow.plan;
    const sim = simulateDesign(plan, inputs, { seed, stallPermille, watchdogCycles: watchdog });
    const noRtl = options['no-rtl'] === true;
    let rtl: StreamTrace | null = null;
    if (!noRtl) {
      const work = mkdtempSync(path.join(os.tmpdir(), 'siman-verify-'));
      const designDir = path.join(work, 'design');
      try {
        writeDirAtomic(designDir, flow.design.files);
        const progress = options.json === true ? undefined : (m: string) => io.err(`${m}\n`);
        rtl = await runRtl({
          designDir,
          manifest: flow.design.manifest,
          encoding: flow.model.input.encoding,
          inputs,
          seed,
          stallPermille,
          watchdogCycles: watchdog,
          ...(progress ? { onProgress: progress } : {}),
        });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
    // The model that disagrees with the reference is named first; then the
    // two cycle-level models are compared with each other, cycle by cycle.
    const trace = rtl ?? sim;
    const timing = traceTiming(trace);
    const simTiming = traceTiming(sim);
    let mismatch: Mismatch | null = rtl ? firstScoreMismatch('verilator', rtl, ref) : null;
    mismatch ??= firstScoreMismatch('simulator', sim, ref);
    if (rtl) mismatch ??= firstTraceMismatch('simulator', sim, 'verilator', rtl);
    if (!mismatch && stall === 0 && rtl) mismatch = timingMismatch('verilator', timing, plan.iiCycles, plan.latencyCycles, inputs.count);
    if (!mismatch && stall === 0) mismatch = timingMismatch('simulator', simTiming, plan.iiCycles, plan.latencyCycles, inputs.count);
    const models = ['reference-float', 'reference-packed', 'simulator', ...(rtl ? ['verilator'] : [])];
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
      models,
      firstMismatch: mismatch,
    };
    if (options.json === true) io.out(toJson(summary));
    else if (mismatch) io.out(`MISMATCH ${mismatch.message}\n`);
    else {
      io.out(
        `verify OK: ${inputs.count} vectors x ${ref.classes} scores match (reference float = packed = simulator${rtl ? ' = verilator' : ''}), ` +
          `${trace.totalCycles} cycles, II ${timing.iiCycles ?? '-'} (planned ${plan.iiCycles}), latency ${timing.latencyCycles} (planned ${plan.latencyCycles})\n`,
      );
    }
    return mismatch ? 3 : 0;
  },
};

/** At p = 0 the measured timing must equal the plan's formulas. */
function timingMismatch(model: string, t: { iiCycles: number | null; latencyCycles: number | null }, ii: number, latency: number, count: number): Mismatch | null {
  if (t.latencyCycles !== latency) {
    return { model, vector: 0, class: null, expected: latency, actual: t.latencyCycles, cycle: null, message: `${model}: latency ${t.latencyCycles} cycles, planned ${latency}` };
  }
  if (count >= 4 && t.iiCycles !== ii) {
    return { model, vector: count - 1, class: null, expected: ii, actual: t.iiCycles, cycle: null, message: `${model}: steady-state II ${t.iiCycles} cycles, planned ${ii}` };
  }
  return null;
}
