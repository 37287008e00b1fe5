/** `siman-hw binarize`: float model -> bits + threshold model that infers identically. */
import { loadModel } from '../model/load.js';
import { serializeModel } from '../model/write.js';
import { runPasses } from '../passes/pass.js';
import { standardPipeline } from '../passes/lower-network.js';
import { modelWeightStats } from '../passes/weight-stats.js';
import { fail } from '../diagnostics.js';
import { writeFileAtomic } from '../util/atomic-fs.js';
import { toJson, optString, type Command } from './command.js';
import type { Model, ThresholdChannel } from '../ir/model.js';
import type { LayerWeightStats } from '../passes/weight-stats.js';

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
      --json               print a JSON summary on stdout: ones per channel,
                           thresholds, directions, and per weighted layer of
                           MODEL its bit entropy (fraction of ones per
                           channel, H) and, for float weights, the latent
                           histogram with a Laplacian and a Gaussian fit
                           (Kolmogorov-Smirnov distance of each)
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
      io.out(toJson({ output: out, passes: result.summaries, layers: summarize(result.model), weights: modelWeightStats(model) }));
    } else {
      for (const s of result.summaries) io.err(`${s}\n`);
      for (const w of modelWeightStats(model)) io.err(`${weightLine(w)}\n`);
      io.err(`wrote ${out}\n`);
    }
    return 0;
  },
};

/** One line per weighted layer: bit entropy, and the latent fit when the weights were floats. */
export function weightLine(w: LayerWeightStats): string {
  const b = w.bits;
  const bits = `layer ${w.index}${w.name ? ` (${w.name})` : ''}: ones ${(b.onesFraction * 100).toFixed(1)} % (per channel ${(b.channelOnes.min * 100).toFixed(1)}–${(b.channelOnes.max * 100).toFixed(1)} %), bit entropy H ${b.entropy.mean.toFixed(3)} (min ${b.entropy.min.toFixed(3)})`;
  if (!w.latent) return bits;
  const l = w.latent;
  return `${bits}; latent Laplace b ${l.laplace.b.toPrecision(3)}, KS Laplace ${l.ks.laplace.toFixed(3)} vs Gaussian ${l.ks.gaussian.toFixed(3)}, excess kurtosis ${l.excessKurtosis.toFixed(2)}`;
}

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
