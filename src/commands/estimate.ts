/** `siman-hw estimate`: analytic resources per layer (milliseconds, no Yosys) and a power estimate. */
import { DESIGN_OPTIONS, designFromOptions } from './design-options.js';
import { fail } from '../diagnostics.js';
import { loadInputs } from '../model/inputs.js';
import { createRng } from '../testing/rng.js';
import { randomInputs } from '../testing/random-model.js';
import { estimateDesign, type ActivitySpec, type DesignCounts, type DesignEstimate, type DesignLayerEstimate } from '../estimate/design-estimate.js';
import type { EstimateCounts } from '../estimate/analytic.js';
import { COEFFICIENTS } from '../estimate/coefficients.js';
import { FOLD_HELP } from './generate.js';
import { optChoice, optInt, optNumber, optString, toJson, type CliIO, type Command } from './command.js';

export const estimateCommand: Command = {
  name: 'estimate',
  summary: 'estimate LUTs, FFs, BRAM per layer in milliseconds (calibrated formulas) and power',
  help: `usage: siman-hw estimate MODEL --target T [--fold SPEC] [--mode M] [--clock MHZ] [--activity sim|default|RATE] [--json]

Closed-form resources per layer from the plan (PE, SIMD, widths, depth,
folds, input mode, the weight image; for a conv network also the window,
gather and pool units around the MVUs), with coefficients fitted against
Yosys for the target (docs/estimates.md); no synthesis is run. The power
figure is an ESTIMATE: resources × switching activity × rough per-target
energy per toggle at the clock, plus static power; its assumptions are
printed with it. Activity comes from the cycle simulator on --vectors
random inputs (or --input FILE) unless --activity says otherwise.

options:
      --target T           a calibrated target: ${Object.keys(COEFFICIENTS).join(', ') || 'none'} (required)
${FOLD_HELP}
      --top NAME           top module name (default siman_top)
      --clock MHZ          clock frequency for power (default 100)
      --activity A         sim (default): simulate and use each layer's toggle rate;
                           default: 0.125 toggles/bit/cycle; or a rate in [0,1]
      --input FILE         inputs for the simulation (CSV/.npy/.json, see 'infer')
      --labels last|none   whether FILE's last column is a label (default none)
      --vectors N          random vectors to simulate without --input (default 32)
      --json               print everything as JSON
      --allow-outside-paths  let .npy tensor paths leave the model's folder

example:
  siman-hw estimate examples/digits/digits-mlp.json --target ice40 --clock 48
`,
  options: {
    ...DESIGN_OPTIONS,
    target: { type: 'string' },
    clock: { type: 'string' },
    activity: { type: 'string' },
    input: { type: 'string' },
    labels: { type: 'string' },
    vectors: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    const target = optString(options, 'target');
    if (target === undefined) fail('E_USAGE', `estimate needs a target: --target ${Object.keys(COEFFICIENTS).join('|')}`, undefined, { hint: "see 'siman-hw estimate --help'" });
    optChoice(options, 'target', Object.keys(COEFFICIENTS), target);
    const clock = optNumber(options, 'clock', 100, 0.001, 2000);
    const flow = designFromOptions(positionals[0]!, options, io);
    const act = activitySpec(options, flow.model.input);
    const est = estimateDesign(flow, target, clock, act);
    if (options.json === true) io.out(toJson(est));
    else printEstimate(est, io);
    return 0;
  },
};

function activitySpec(options: Parameters<Command['run']>[0]['options'], spec: Parameters<typeof loadInputs>[1]): ActivitySpec {
  const a = optString(options, 'activity') ?? 'sim';
  const labels = optChoice(options, 'labels', ['last', 'none'] as const, 'none');
  if (a === 'default') return { kind: 'default' };
  if (a !== 'sim') {
    const rate = optNumber(options, 'activity', 0, 0, 1);
    return { kind: 'given', rate };
  }
  const input = optString(options, 'input');
  const count = optInt(options, 'vectors', 32, 1, 1_000_000);
  const inputs = input ? loadInputs(input, spec, { labels }) : randomInputs(createRng(1), spec, count);
  return { kind: 'simulate', inputs: { count: inputs.count, width: inputs.width, data: inputs.data } };
}

const num = (x: number, w: number): string => String(x).padStart(w);

function countsText(label: string, c: DesignCounts | EstimateCounts): string {
  return `${label.slice(0, 24).padEnd(24)} ${num(c.luts, 7)} ${num(c.ffs, 7)} ${num(c.carries, 6)} ${num(c.brams, 5)}${'lutrams' in c && c.lutrams ? `  (+${c.lutrams} LUTRAM)` : ''}`;
}

export function printEstimate(e: DesignEstimate, io: CliIO): void {
  const r = e.resources;
  const conv = e.layers.some((l) => l.positions > 1 || l.units.length > 0);
  const lines = [
    `analytic estimate for ${e.target} (coefficients fitted against ${r.calibratedWith}), fold ${e.fold}`,
    `II ${e.iiCycles} cycles/${conv ? 'image' : 'vector'}, latency ${e.latencyCycles} cycles`,
    `${'layer'.padEnd(24)} ${'LUTs'.padStart(7)} ${'FFs'.padStart(7)} ${'carry'.padStart(6)} ${'BRAM'.padStart(5)} ${(conv ? 'cycles' : 'II').padStart(7)} ${'activity'.padStart(9)} ${'mW'.padStart(8)}`,
  ];
  for (const l of r.layers) {
    const info = e.layers[l.index]!;
    const p = e.power.layers[l.index]!;
    const row = countsText(`${l.index} ${l.name}`, l.total);
    const head = row.slice(0, 24 + 1 + 7 + 1 + 7 + 1 + 6 + 1 + 5);
    lines.push(`${head} ${num(info.cyclesPerInput, 7)}${info.bottleneck ? '*' : ' '} ${p.activity.toFixed(3).padStart(8)} ${p.dynamic.toFixed(3).padStart(8)}${row.slice(head.length)}`);
    for (const [label, c] of layerParts(l)) lines.push(countsText(`  of which ${label}`, c));
  }
  lines.push(countsText('total', r.total));
  const p = e.power;
  lines.push(
    `power ESTIMATE at ${p.clockMhz} MHz: ${p.total.toFixed(3)} mW = dynamic ${p.dynamic.toFixed(3)} mW (LUT ${p.breakdown.luts.toFixed(3)}, FF ${p.breakdown.ffs.toFixed(3)}, carry ${p.breakdown.carries.toFixed(3)}, BRAM ${p.breakdown.brams.toFixed(3)}, clock ${p.breakdown.clock.toFixed(3)}) + static ${p.static.toFixed(3)} mW`,
    'assumptions:',
    ...p.assumptions.map((a) => `  - ${a}`),
    conv
      ? '(* = bottleneck layer; cycles = MVU cycles per image, window positions × NF·SF; a layer row is its window/gather unit, MVU, pool unit and the FIFO after it)'
      : '(* = bottleneck layer; per-layer rows include the FIFO after the layer)',
  );
  io.out(lines.join('\n') + '\n');
}

/** The parts of a layer shown on their own lines: window/gather, pool, FIFO. */
function layerParts(l: DesignLayerEstimate): Array<[string, DesignCounts | EstimateCounts]> {
  const parts: Array<[string, DesignCounts | EstimateCounts]> = [];
  if (l.window) parts.push([`${l.window.role} unit`, l.window.counts]);
  if (l.pool) parts.push(['pool unit', l.pool.counts]);
  if (l.window || l.pool) parts.push(['MVU', l.mvu]);
  if (l.fifo) parts.push(['FIFO', l.fifo]);
  return parts;
}
