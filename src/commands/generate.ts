/** `siman-hw generate`: model -> Verilog + memory files + manifest.json. */
import { DESIGN_OPTIONS, designFromOptions } from './design-options.js';
import { fail } from '../diagnostics.js';
import { writeDirAtomic } from '../util/atomic-fs.js';
import { optString, toJson, type Command } from './command.js';

export const FOLD_HELP = `      --fold SPEC          folding per dense layer: 'L:pe=P,simd=S;...' (L from 0;
                           PE must divide out, SIMD must divide in), 'full'
                           (fully parallel), 'serial' (PE=SIMD=1); layers not
                           named get the default, which balances all layers
                           to a common II; a hardwired layer has SIMD = in
                           and PE = out unless pe= is given; budgets
                           'auto:fps=N' (fewest LUTs reaching N vectors/s),
                           'auto:luts=N' (fastest within N LUTs), 'auto:ii=N'
                           search foldings as 'explore' does, for --target
                           (else generic) at --clock (else 100 MHz)
      --mode M             how layers hold their weights: 'folded' (default:
                           a ROM per layer, PE x SIMD folding), 'hardwired'
                           (weights as logic, no ROM; under 'and' only the
                           inputs with weight 1 are summed), or per layer
                           'L:hardwired;L:folded' (layers not named: folded),
                           or 'auto' with a --fold auto: budget (the search
                           picks folded or hardwired per layer)
      --weights W          where folded layers keep their weight ROMs: 'auto'
                           (default: synthesis decides, as a vendor flow does
                           with a plain ROM), 'bram' (block RAM) or 'lut'
                           (logic); docs/synthesis.md`;

export const generateCommand: Command = {
  name: 'generate',
  summary: 'emit synthesizable Verilog, memory files and manifest.json for a model',
  help: `usage: siman-hw generate MODEL -o DIR [--fold SPEC] [--mode M] [--top NAME] [--json]

Binarizes and folds MODEL, plans a streaming pipeline (one folded
matrix-vector unit per dense layer, FIFOs between them) and writes into DIR:
  NAME.v              the generated top level (ports: docs/architecture.md)
  siman_*.v           the hand-written primitives it instantiates
  NAME_lL_w.mem       weight ROM images ($readmemh), one per layer
  NAME_lL_c.mem       threshold / score-offset ROM images
  manifest.json       widths, II, latency, files: the top-level contract
DIR is replaced atomically: a failed run leaves the previous DIR untouched.

options:
  -o, --output DIR         output directory (required)
${FOLD_HELP}
      --top NAME           top module name (default siman_top)
      --json               print the manifest on stdout
      --allow-outside-paths  let .npy tensor paths leave the model's folder

example:
  siman-hw generate examples/digits/digits-mlp.json -o out/digits-rtl --fold '0:pe=16,simd=64;1:pe=10,simd=32'
`,
  options: {
    ...DESIGN_OPTIONS,
    output: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    const out = optString(options, 'output');
    if (!out) fail('E_USAGE', 'generate needs an output directory: -o DIR', undefined, { hint: "see 'siman-hw generate --help'" });
    const flow = designFromOptions(positionals[0]!, options, io);
    writeDirAtomic(out, flow.design.files);
    const m = flow.design.manifest;
    if (options.json === true) io.out(toJson(m));
    else {
      for (const l of m.layers) {
        io.err(`layer ${l.index}: ${l.in} -> ${l.out} ${l.semantics} PE=${l.pe} SIMD=${l.simd} II=${l.iiCycles} acc ${l.accWidth} bits\n`);
      }
      io.err(`wrote ${flow.design.files.size} files to ${out}: II ${m.iiCycles} cycles/vector, latency ${m.latencyCycles} cycles\n`);
    }
    return 0;
  },
};
