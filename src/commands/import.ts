/** `siman-hw import`: an ONNX graph of a binarized network -> siman-hw model JSON. */
import { loadModel, isOnnxPath } from '../model/load.js';
import { serializeModel } from '../model/write.js';
import { fail } from '../diagnostics.js';
import { writeFileAtomic } from '../util/atomic-fs.js';
import { optInt, optString, type Command } from './command.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'translate an ONNX model of a binarized MLP or CNN into the siman-hw model format',
  help: `usage: siman-hw import MODEL.onnx -o OUT.json [--input-bits N]

Reads MODEL.onnx (Gemm / MatMul+Add, Conv, MaxPool, BatchNormalization,
Sign, Flatten, Reshape, Identity, Constant, and QONNX BipolarQuant, Quant
and MultiThreshold; docs/onnx-import.md), checks it
like any model file and writes it in the siman-hw model format. Weights that are exactly
0/1 become 'bits' with 'and', exactly +-1 'bits' with 'xnor'; other floats
stay latent weights binarized with the SiMaN rule.

options:
  -o, --output FILE    where to write the model JSON (required)
      --input-bits N   integer width of the input (1..16); not needed when
                       the graph begins with Sign / BipolarQuant (a +-1
                       input) or a QONNX Quant (its bit width)

example:
  siman-hw import test/fixtures/onnx/cnn-conv-pool.onnx -o /tmp/cnn.json --input-bits 2
`,
  options: {
    output: { type: 'string', short: 'o' },
    'input-bits': { type: 'string' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    const out = optString(options, 'output');
    if (!out) fail('E_USAGE', 'import needs an output file: -o OUT.json', undefined, { hint: "see 'siman-hw import --help'" });
    const file = positionals[0]!;
    if (!isOnnxPath(file)) fail('E_USAGE', `import reads .onnx files, got '${file}'`, undefined, { hint: 'siman-hw model JSON files are read directly by every command' });
    const bits = optString(options, 'input-bits') === undefined ? undefined : optInt(options, 'input-bits', 0, 1, 16);
    const model = loadModel(file, bits === undefined ? {} : { inputBits: bits });
    writeFileAtomic(out, serializeModel(model));
    io.err(`wrote ${out}\n`);
    return 0;
  },
};
