/** `siman-hw binarize`: float model -> bits + threshold model that infers identically. */
import { loadModel } from '../model/load.js';
import { serializeModel } from '../model/write.js';
import { runPasses } from '../passes/pass.js';
import { standardPipeline } from '../passes/lower-network.js';
import { fail } from '../diagnostics.js';
import { writeFileAtomic } from '../util/atomic-fs.js';
import { toJson, optString, type Command } from './command.js';
import type { Model, ThresholdChannel } from '../ir/model.js';

export const binarizeCommand: Command = {
  name: 'binarize',
  summary: 'binarize float weights (SiMaN rules) and fold BatchNorm+sign into integer thresholds',
  help: `usage: siman-hw binarize MODEL -o OUT.json [--json] [--allow-outside-paths]

Reads MODEL (siman-hw model JSON, float or bit weights), binarizes every
dense layer with its 'binarize' rule (siman | siman-optimal | sign), folds
alpha, bias, BatchNorm and sign into per-channel integer thresholds, and
writes a model with 'bits' weights and 'threshold' layers that infers
identically. The last layer keeps its alpha/bias/BatchNorm as the host-side
head that turns integer scores into class logits.

options:
  -o, --output FILE        where to write the binarized model (required)
      --json               print a JSON summary (ones per channel,
                           thresholds, directions) on stdout
      --allow-outside-paths  let .npy tensor paths leave the model's folder

example:
  siman-hw binarize examples/digits/digits-mlp.json -o /tmp/digits-bits.json
`,
  options: {
    output: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
    'allow-outside-paths': { type: 'boolean' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    const out = optString(options, 'output');
    if (!out) {
      fail('E_USAGE', 'binarize needs an output file: -o OUT.json', undefined, { hint: "see 'siman-hw binarize --help'" });
    }
    const model = loadModel(positionals[0]!, { allowOutsidePaths: options['allow-outside-paths'] === true });
    const result = runPasses(model, standardPipeline, {});
    writeFileAtomic(out, serializeModel(result.model));
    if (options.json === true) {
      io.out(toJson({ output: out, passes: result.summaries, layers: summarize(result.model) }));
    } else {
      for (const s of result.summaries) io.err(`${s}\n`);
      io.err(`wrote ${out}\n`);
    }
    return 0;
  },
};

/** Per dense layer: ones per channel; per threshold layer: thresholds and directions. */
function summarize(model: Model): unknown[] {
  return model.layers.flatMap((layer, index): unknown[] => {
    if (layer.type === 'dense' && layer.weight.format === 'bits') {
      const ones: number[] = [];
      for (let c = 0; c < layer.out; c++) {
        let k = 0;
        for (let i = 0; i < layer.in; i++) k += layer.weight.data[c * layer.in + i]!;
        ones.push(k);
      }
      return [{ index, type: 'dense', in: layer.in, out: layer.out, semantics: layer.semantics, ones }];
    }
    if (layer.type === 'threshold') {
      return [
        {
          index,
          type: 'threshold',
          thresholds: layer.channels.map((c: ThresholdChannel) => (c.kind === 'const' ? null : c.t)),
          direction: layer.channels.map((c: ThresholdChannel) => (c.kind === 'const' ? `const${c.value > 0 ? '+1' : '-1'}` : c.kind)),
        },
      ];
    }
    return [];
  });
}
