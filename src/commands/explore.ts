/** `siman-hw explore`: the Pareto front of foldings (estimated LUTs against exact II and latency). */
import { fail } from '../diagnostics.js';
import { loadModel } from '../model/load.js';
import { prepareNetwork } from '../passes/lower-network.js';
import { parseModeSpec } from '../plan/mode-spec.js';
import { checkTopName } from '../emit/identifiers.js';
import { COEFFICIENTS } from '../estimate/coefficients.js';
import { exploreFoldings, type ExploreResult } from '../estimate/explore.js';
import { optChoice, optNumber, optString, toJson, type CliIO, type Command } from './command.js';

export const exploreCommand: Command = {
  name: 'explore',
  summary: 'search foldings and print the Pareto front of estimated LUTs against vectors/s and latency',
  help: `usage: siman-hw explore MODEL --target T [--clock MHZ] [--mode M] [--json]

For every pipeline II a folding can reach, each layer takes the legal
(PE, SIMD) with the fewest estimated LUTs that keeps within that II. Every
candidate is planned, so II and latency are exact cycles; resources are the
analytic estimate (docs/estimates.md). Printed: the points no other visited
point beats on LUTs, II and latency together, with their --fold specs.

options:
      --target T           a calibrated target: ${Object.keys(COEFFICIENTS).join(', ') || 'none'} (required)
      --clock MHZ          clock for vectors/s (default 100)
      --mode M             folded (default), hardwired, or per layer 'L:hardwired;L:folded'
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
    top: { type: 'string' },
    json: { type: 'boolean' },
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
    const mode = parseModeSpec(optString(options, 'mode'));
    const result = exploreFoldings(network, target, clock, { top: checkTopName(optString(options, 'top') ?? 'siman_top'), mode });
    if (options.json === true) io.out(toJson({ target: result.target, clockMhz: result.clockMhz, visited: result.visited.length, front: result.front }));
    else printFront(result, io);
    return 0;
  },
};

/** The front as a table, fastest first. */
export function printFront(r: ExploreResult, io: CliIO): void {
  const lines = [
    `Pareto front for ${r.target} at ${r.clockMhz} MHz: ${r.front.length} of ${r.visited.length} visited foldings (LUTs/FFs/BRAM estimated; II and latency exact)`,
    `${'II'.padStart(8)} ${'vectors/s'.padStart(12)} ${'latency'.padStart(8)} ${'LUTs'.padStart(8)} ${'FFs'.padStart(8)} ${'BRAM'.padStart(5)}  fold`,
  ];
  for (const p of r.front) {
    lines.push(
      `${String(p.iiCycles).padStart(8)} ${p.vectorsPerSecond.toPrecision(4).padStart(12)} ${String(p.latencyCycles).padStart(8)} ${String(p.resources.luts).padStart(8)} ${String(p.resources.ffs).padStart(8)} ${String(p.resources.brams).padStart(5)}  ${p.fold}`,
    );
  }
  io.out(lines.join('\n') + '\n');
}
