/** `siman-hw explore`: the Pareto front of foldings (estimated LUTs against exact II and latency). */
import { fail } from '../diagnostics.js';
import { loadModel } from '../model/load.js';
import { prepareNetwork } from '../passes/lower-network.js';
import { isAutoMode, parseModeSpec } from '../plan/mode-spec.js';
import { parseLowerSpec } from '../plan/lower-spec.js';
import { checkTopName } from '../emit/identifiers.js';
import { COEFFICIENTS } from '../estimate/coefficients.js';
import * as os from 'node:os';
import { chooseFold, exploreFoldings, parseFoldBudget, type ExplorePoint, type ExploreResult } from '../estimate/explore.js';
import { synthDesign } from '../estimate/synth-design.js';
import { designFromModel } from '../flow.js';
import type { Model } from '../ir/model.js';
import { SYNTH_TARGETS, type SynthTarget } from '../tools/yosys-script.js';
import { optChoice, optInt, optNumber, optString, toJson, type CliIO, type Command } from './command.js';

export const exploreCommand: Command = {
  name: 'explore',
  summary: 'search foldings and print the Pareto front of estimated LUTs against vectors/s and latency',
  help: `usage: siman-hw explore MODEL --target T [--clock MHZ] [--mode M] [--lower L] [--budget fps=N|luts=N|ii=N] [--synth K [--yosys wasm|native]] [--json]

For every pipeline II a folding can reach, each layer takes the legal
(PE, SIMD) with the fewest estimated LUTs that keeps within that II. Every
candidate is planned, so II and latency are exact cycles; resources are the
analytic estimate (docs/estimates.md). Printed: the points no other visited
point beats on LUTs, II and latency together, with their --fold specs.

options:
      --target T           a calibrated target: ${Object.keys(COEFFICIENTS).join(', ') || 'none'} (required)
      --clock MHZ          clock for vectors/s (default 100)
      --mode M             folded (default), hardwired, per layer 'L:hardwired;L:folded',
                           or auto: each layer may be folded or hardwired (the
                           hardwired estimate is less accurate than the folded
                           one, docs/estimates.md: confirm with --synth)
      --lower L            auto (default), on, off or 'L:on;L:off': hardwired xnor
                           layers on the AND datapath, as in 'generate'
      --budget B           fps=N, luts=N or ii=N: also print the point --fold auto:B picks
      --synth K            synthesise the K front points closest to the budget (the
                           chosen point and its neighbours; without --budget the
                           K smallest) with the synth defaults, in parallel up to
                           the cores available, and print Yosys' counts next to
                           the estimate
      --yosys ENGINE       wasm (default) or native, for --synth
      --top NAME           top module name (default siman_top)
      --json               print the front and every visited point as JSON
      --allow-outside-paths  let .npy tensor paths leave the model's folder

example:
  siman-hw explore examples/digits/digits-mlp.json --target ice40 --clock 48
`,
  options: {
    target: { type: 'string' },
    clock: { type: 'string' },
    mode: { type: 'string' },
    lower: { type: 'string' },
    top: { type: 'string' },
    json: { type: 'boolean' },
    budget: { type: 'string' },
    synth: { type: 'string' },
    yosys: { type: 'string' },
    'allow-outside-paths': { type: 'boolean' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    const target = optString(options, 'target');
    if (target === undefined) fail('E_USAGE', `explore needs a target: --target ${Object.keys(COEFFICIENTS).join('|')}`, undefined, { hint: "see 'siman-hw explore --help'" });
    optChoice(options, 'target', Object.keys(COEFFICIENTS), target);
    const clock = optNumber(options, 'clock', 100, 0.001, 2000);
    const model = loadModel(positionals[0]!, { allowOutsidePaths: options['allow-outside-paths'] === true });
    const network = prepareNetwork(model);
    const modeText = optString(options, 'mode');
    const searchModes = isAutoMode(modeText);
    const mode = parseModeSpec(searchModes ? undefined : modeText);
    const lowerText = optString(options, 'lower');
    const lower = parseLowerSpec(lowerText);
    const budgetText = optString(options, 'budget');
    const budget = budgetText === undefined ? null : parseFoldBudget(`auto:${budgetText}`);
    const synthCount = optInt(options, 'synth', 0, 0, 1000);
    const engine = optChoice(options, 'yosys', ['wasm', 'native'] as const, 'wasm');
    if (synthCount > 0 && !(SYNTH_TARGETS as readonly string[]).includes(target)) fail('E_USAGE', `--synth needs a synthesis target (${SYNTH_TARGETS.join(', ')}), got '${target}'`);
    const top = checkTopName(optString(options, 'top') ?? 'siman_top');
    const result = exploreFoldings(network, target, clock, { top, mode, searchModes, lower });
    const chosen = budget ? chooseFold(result, budget) : null;
    const picks = synthCount > 0 ? closestPoints(result.front, chosen, synthCount) : [];
    const synthesised = await synthesisePoints(model, picks, { target: target as SynthTarget, engine, top, lower: lowerText }, io);
    if (options.json === true) {
      io.out(toJson({ target: result.target, clockMhz: result.clockMhz, visited: result.visited.length, front: result.front, chosen, synthesised }));
    } else {
      printFront(result, io);
      if (chosen) io.out(`--fold auto:${budgetText}: ${chosen.fold}${chosen.mode === 'folded' ? '' : ` --mode '${chosen.mode}'`}\n`);
      for (const s of synthesised) io.out(`synthesised ${s.fold}: ${s.luts} LUTs (estimate ${s.estimatedLuts}), ${s.ffs} FFs, ${s.brams} BRAM\n`);
    }
    return 0;
  },
};

/** The front as a table, fastest first. */
export function printFront(r: ExploreResult, io: CliIO): void {
  // The mode column only when some point is not all-folded.
  const modes = r.front.some((p) => p.mode !== 'folded');
  const lines = [
    `Pareto front for ${r.target} at ${r.clockMhz} MHz: ${r.front.length} of ${r.visited.length} visited foldings (LUTs/FFs/BRAM estimated; II and latency exact)`,
    `${'II'.padStart(8)} ${'vectors/s'.padStart(12)} ${'latency'.padStart(8)} ${'LUTs'.padStart(8)} ${'FFs'.padStart(8)} ${'BRAM'.padStart(5)}  fold${modes ? '  [mode]' : ''}`,
  ];
  for (const p of r.front) {
    lines.push(
      `${String(p.iiCycles).padStart(8)} ${p.vectorsPerSecond.toPrecision(4).padStart(12)} ${String(p.latencyCycles).padStart(8)} ${String(p.resources.luts).padStart(8)} ${String(p.resources.ffs).padStart(8)} ${String(p.resources.brams).padStart(5)}  ${p.fold}${modes ? `  [${p.mode}]` : ''}`,
    );
  }
  io.out(lines.join('\n') + '\n');
}

/**
 * The K front points nearest the chosen one (by position along the front,
 * which is ordered by II), or the K smallest without a budget.
 */
export function closestPoints(front: readonly ExplorePoint[], chosen: ExplorePoint | null, k: number): ExplorePoint[] {
  const at = chosen ? front.findIndex((p) => p.fold === chosen.fold) : front.length - 1;
  return front
    .map((p, i) => ({ p, d: Math.abs(i - at), i }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, k)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.p);
}

interface SynthesisedPoint {
  fold: string;
  mode: string;
  estimatedLuts: number;
  luts: number;
  ffs: number;
  brams: number;
}

/** Synthesise each point (synthDesign with its defaults), at most as many at once as there are cores; progress on io.err. */
async function synthesisePoints(
  model: Model,
  points: readonly ExplorePoint[],
  o: { target: SynthTarget; engine: 'wasm' | 'native'; top: string; lower: string | undefined },
  io: CliIO,
): Promise<SynthesisedPoint[]> {
  const out: SynthesisedPoint[] = new Array(points.length);
  const workers = Math.max(1, Math.min(points.length, os.availableParallelism()));
  let next = 0;
  let done = 0;
  const work = async (): Promise<void> => {
    while (next < points.length) {
      const i = next++;
      const p = points[i]!;
      const flow = designFromModel(model, { fold: p.fold, top: o.top, mode: p.mode, ...(o.lower !== undefined ? { lower: o.lower } : {}) });
      const res = await synthDesign(flow, { target: o.target, engine: o.engine });
      const t = res.report.total;
      out[i] = { fold: p.fold, mode: p.mode, estimatedLuts: p.resources.luts, luts: t.luts, ffs: t.ffs, brams: t.brams };
      done++;
      io.err(`explore: synthesised ${done}/${points.length}: ${p.fold} (${t.luts} LUTs, estimate ${p.resources.luts})\n`);
    }
  };
  await Promise.all(Array.from({ length: workers }, work));
  return out;
}
