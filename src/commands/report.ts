/** `siman-hw report`: report.json, report.md and a self-contained report.html with SVG charts. */
import { DESIGN_OPTIONS, designFromOptions } from './design-options.js';
import { fail } from '../diagnostics.js';
import { loadInputs } from '../model/inputs.js';
import { inferPacked } from '../ref/packed-ref.js';
import { estimateDesign, type ActivitySpec } from '../estimate/design-estimate.js';
import { COEFFICIENTS } from '../estimate/coefficients.js';
import { synthDesign } from '../estimate/synth-design.js';
import { explorePoint, exploreFoldings, modesSpec } from '../estimate/explore.js';
import { isAutoMode } from '../plan/mode-spec.js';
import { modelWeightStats } from '../passes/weight-stats.js';
import { parseLowerSpec } from '../plan/lower-spec.js';
import { buildReport, reportHtml, reportMarkdown } from '../report/report.js';
import { SYNTH_TARGETS, type SynthTarget } from '../tools/yosys-script.js';
import { writeDirAtomic } from '../util/atomic-fs.js';
import { FOLD_HELP } from './generate.js';
import { optChoice, optNumber, optString, toJson, type Command } from './command.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write report.json, report.md and report.html: resources, cycles, power, accuracy',
  help: `usage: siman-hw report MODEL --input FILE [--labels last] -o DIR [--target T] [--fold SPEC] [--mode M] [--clock MHZ] [--synth [--yosys E]]

Writes into DIR (replaced atomically):
  report.json   every number below
  report.md     the same as Markdown tables
  report.html   a self-contained page with inline SVG bar charts: resources
                per layer, cycles per layer (bottleneck highlighted), the
                power breakdown, accuracy per class, bit entropy per layer
                (and the latent weight histograms of float weights), the
                design-space front
                ('explore' at --target and --clock: estimated LUTs against
                vectors/s, log scales, this design marked); for a conv
                network also the window, gather and pool units of every layer
Resources come from the analytic estimate (milliseconds) or, with --synth,
from Yosys. Power is an estimate with switching activity from the cycle
simulator run on FILE (docs/estimates.md). Accuracy is the bit-packed
reference's on FILE's labels.

options:
      --input FILE         input vectors (CSV/.npy/.json), see 'infer' (required)
      --labels last|none   whether FILE's last column is a label (default none)
  -o, --output DIR         output directory (required)
      --target T           ice40 (default; estimator targets: ${Object.keys(COEFFICIENTS).join(', ')})
${FOLD_HELP}
      --top NAME           top module name (default siman_top)
      --clock MHZ          clock frequency (default 100)
      --synth              take resources from Yosys synthesis instead of the estimate
      --yosys ENGINE       wasm (default) or native, with --synth
      --allow-outside-paths  let .npy tensor paths leave the model's folder

example:
  siman-hw report examples/digits/digits-mlp.json --input examples/digits/digits.csv --labels last -o out/report
`,
  options: {
    ...DESIGN_OPTIONS,
    input: { type: 'string' },
    labels: { type: 'string' },
    output: { type: 'string', short: 'o' },
    target: { type: 'string' },
    clock: { type: 'string' },
    synth: { type: 'boolean' },
    yosys: { type: 'string' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    const input = optString(options, 'input');
    const out = optString(options, 'output');
    if (!input) fail('E_USAGE', 'report needs input vectors: --input FILE', undefined, { hint: "see 'siman-hw report --help'" });
    if (!out) fail('E_USAGE', 'report needs an output directory: -o DIR', undefined, { hint: "see 'siman-hw report --help'" });
    const labels = optChoice(options, 'labels', ['last', 'none'] as const, 'none');
    const target = optChoice(options, 'target', Object.keys(COEFFICIENTS), 'ice40');
    const engine = optChoice(options, 'yosys', ['wasm', 'native'] as const, 'wasm');
    const clock = optNumber(options, 'clock', 100, 0.001, 2000);
    const flow = designFromOptions(positionals[0]!, options, io);
    const batch = loadInputs(input, flow.model.input, { labels });
    const act: ActivitySpec = { kind: 'simulate', inputs: { count: batch.count, width: batch.width, data: batch.data } };
    const estimate = estimateDesign(flow, target, clock, act);
    let synth = null;
    if (options.synth === true) {
      if (!(SYNTH_TARGETS as readonly string[]).includes(target)) fail('E_USAGE', `--synth cannot target '${target}'`);
      const t0 = Date.now();
      synth = (
        await synthDesign(flow, {
          target: target as SynthTarget,
          engine,
          onProgress: (l) => io.err(`  [${((Date.now() - t0) / 1000).toFixed(1)}s] ${l.trim()}\n`),
        })
      ).report;
    }
    const ref = inferPacked(flow.network, batch);
    // The front at the report's target and clock, and this design's folding estimated the same way.
    const searchModes = isAutoMode(optString(options, 'mode'));
    const layers = flow.plan.layers;
    const lower = parseLowerSpec(optString(options, 'lower'));
    const front = exploreFoldings(flow.network, target, clock, { top: flow.plan.top, searchModes, lower, mode: modesSpec(layers.map((l) => l.mode)) });
    const design = explorePoint(flow.network, target, clock, layers.map((l) => ({ pe: l.pe, simd: l.simd })), layers.map((l) => l.mode), { top: flow.plan.top, lower });
    const report = buildReport({
      model: flow.model.name,
      estimate,
      synth,
      predictions: ref.predictions,
      labels: batch.labels ?? null,
      classes: ref.classes,
      front,
      design,
      weights: modelWeightStats(flow.model),
    });
    writeDirAtomic(
      out,
      new Map([
        ['report.json', toJson(report)],
        ['report.md', reportMarkdown(report)],
        ['report.html', reportHtml(report)],
      ]),
    );
    io.err(
      `wrote report.json, report.md, report.html to ${out}` +
        (report.accuracy.accuracy !== null ? `: accuracy ${(report.accuracy.accuracy * 100).toFixed(2)} %` : '') +
        `, ${report.total.luts} LUTs, ${report.power.total.toFixed(3)} mW (estimate)\n`,
    );
    return 0;
  },
};
