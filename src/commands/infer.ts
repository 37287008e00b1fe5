/** `siman-hw infer`: exact reference inference on an input file. */
import { fail, formatDiagnostic } from '../diagnostics.js';
import { loadModel, isOnnxPath } from '../model/load.js';
import { loadInputs, type InputBatch } from '../model/inputs.js';
import { prepareNetwork } from '../passes/lower-network.js';
import { signZeroRows } from '../ref/float-ref.js';
import { inferReference, parseWorkers } from '../util/ref-pool.js';
import { progressBar } from '../util/progress-bar.js';
import { hasResidual, type Model } from '../ir/model.js';
import { lowerResidualNetwork } from '../passes/lower-residual.js';
import { inferFloatResidual } from '../ref/residual-float.js';
import { inferResidual } from '../ref/residual-ref.js';
import { optChoice, optString, toJson, type CliIO, type Command } from './command.js';

export const inferCommand: Command = {
  name: 'infer',
  summary: 'run exact reference inference (float64 or bit-packed) on an input file',
  help: `usage: siman-hw infer MODEL --input FILE [--labels last] [--json] [--path packed|float|both] [--workers N|auto]

Runs the software reference on every vector of FILE (CSV, .npy or .json;
one vector per row) and prints the predicted classes, and the accuracy when
the rows carry labels. The integer scores are the last layer's exact
signed dot products: the numbers the generated hardware outputs.

options:
      --input FILE         input vectors (required)
      --labels last|none   the last CSV/array column is the class label (default none)
      --path P             packed (bit-packed integer, default), float (float64
                           straight from the model) or both (runs both and
                           fails if they disagree). Residual networks: packed
                           is the integer stream semantics, float the float64
                           model; both warns about the rows where a stream
                           value is within rounding of 0 and they differ
                           (docs/numerics.md §12); they run on this thread
      --json               print {predictions, scores, accuracy} as JSON
      --workers N|auto     worker threads for the reference (default auto: all
                           cores once the run is large, about 0.1 s of work or
                           more; 1 = this thread); the output is the same
      --allow-outside-paths  let .npy tensor paths leave the model's folder

example:
  siman-hw infer examples/digits/digits-mlp.json --input examples/digits/digits.csv --labels last
`,
  options: {
    input: { type: 'string' },
    labels: { type: 'string' },
    path: { type: 'string' },
    json: { type: 'boolean' },
    workers: { type: 'string' },
    'allow-outside-paths': { type: 'boolean' },
  },
  positionals: ['model'],
  async run({ options, positionals, io }) {
    const inputPath = optString(options, 'input');
    if (!inputPath) fail('E_USAGE', 'infer needs --input FILE', undefined, { hint: "see 'siman-hw infer --help'" });
    const labels = optChoice(options, 'labels', ['last', 'none'] as const, 'none');
    const which = optChoice(options, 'path', ['packed', 'float', 'both'] as const, 'packed');
    const model = loadModel(positionals[0]!, { allowOutsidePaths: options['allow-outside-paths'] === true });
    const inputs = loadInputs(inputPath, model.input, { labels });

    const workers = parseWorkers(optString(options, 'workers'));
    if (hasResidual(model)) return inferResidualModel(model, inputs, which, options.json === true, io);
    const network = prepareNetwork(model);
    // A bar per reference path on a terminal for runs over a second; never with --json.
    const run = async (p: 'packed' | 'float') => {
      const bar = progressBar(`infer ${p}`, options.json !== true);
      try {
        return await inferReference(p, network, model, inputs, { workers, onProgress: bar.update });
      } finally {
        bar.stop();
      }
    };
    const packed = which === 'float' ? null : await run('packed');
    const float = which === 'packed' ? null : await run('float');
    if (packed && float) assertSame(packed, float);
    const result = (packed ?? float)!;
    // ONNX's Sign(0) is 0, ours +1: rows that reach an exact 0 may differ from the exporting framework.
    const zeroRows = isOnnxPath(positionals[0]!) ? signZeroRows(model, inputs) : [];
    if (zeroRows.length > 0) {
      const listed = zeroRows.slice(0, 20).join(', ') + (zeroRows.length > 20 ? ', …' : '');
      io.err(`${formatDiagnostic({ severity: 'warning', code: 'W_SIGN_ZERO', message: `${zeroRows.length} of ${inputs.count} rows reach a Sign input of exactly 0 (rows ${listed}); siman-hw's sign gives +1 there, ONNX's Sign gives 0, so their predictions may differ from the ONNX graph`, notes: [], hint: 'see docs/onnx-import.md' })}\n`);
    }

    report(result, inputs, options.json === true, isOnnxPath(positionals[0]!) ? { signZeroRows: zeroRows } : {}, io);
    return 0;
  },
};

/** Print predictions (and accuracy with labels), or the JSON form with `extra` fields. */
function report(result: InferResult, inputs: InputBatch, json: boolean, extra: Record<string, unknown>, io: CliIO): void {
  let correct = 0;
  if (inputs.labels) for (let r = 0; r < inputs.count; r++) if (result.predictions[r] === inputs.labels[r]) correct++;
  const accuracy = inputs.labels ? correct / inputs.count : null;
  const scores: number[][] = [];
  for (let r = 0; r < inputs.count; r++) scores.push(Array.from(result.scores.subarray(r * result.classes, (r + 1) * result.classes)));
  if (json) {
    io.out(toJson({ count: inputs.count, classes: result.classes, accuracy, predictions: Array.from(result.predictions), scores, ...extra }));
  } else {
    io.out(`${inputs.count} vectors, ${result.classes} classes\n`);
    if (accuracy !== null) io.out(`accuracy ${(accuracy * 100).toFixed(2)}% (${correct}/${inputs.count})\n`);
    else io.out(`predictions: ${Array.from(result.predictions.subarray(0, 32)).join(' ')}${inputs.count > 32 ? ' …' : ''}\n`);
  }
}

/**
 * A residual network (docs/numerics.md §12): `packed` runs the integer
 * stream semantics, `float` the float64 model, `both` runs both and
 * compares them: they may differ only on the rows the float model lists
 * as ambiguous (reported as a warning); anything else is a bug.
 */
function inferResidualModel(model: Model, inputs: InputBatch, which: 'packed' | 'float' | 'both', json: boolean, io: CliIO): number {
  const integer = which === 'float' ? null : inferResidual(lowerResidualNetwork(model), inputs);
  const float = which === 'packed' ? null : inferFloatResidual(model, inputs);
  if (integer && float) {
    const listed = new Set(float.ambiguousRows);
    const differing: number[] = [];
    for (let r = 0; r < inputs.count; r++) {
      let same = integer.predictions[r] === float.predictions[r];
      for (let c = 0; c < integer.classes && same; c++) same = integer.scores[r * integer.classes + c] === float.scores[r * float.classes + c];
      if (same) continue;
      if (!listed.has(r)) throw new Error(`reference paths disagree on row ${r}, which the float model does not list as within rounding of a stream decision`);
      differing.push(r);
    }
    if (differing.length > 0) {
      const shown = differing.slice(0, 20).join(', ') + (differing.length > 20 ? ', …' : '');
      io.err(`${formatDiagnostic({ severity: 'warning', code: 'W_STREAM_ROUNDING', message: `${differing.length} of ${inputs.count} rows (${shown}) decide differently in the integer residual stream and the float64 model: a stream value lies within the rounding bound of 0 there`, notes: [], hint: 'the integer semantics is what the hardware computes; more fracBits narrow the bound (docs/numerics.md §12)' })}\n`);
    }
  }
  const result = (integer ?? float)!;
  report(result, inputs, json, float ? { ambiguousRows: float.ambiguousRows } : {}, io);
  return 0;
}

interface InferResult {
  classes: number;
  scores: Float64Array;
  predictions: Int32Array;
}

/** Both reference paths must agree exactly; a difference is a bug, not a user error. */
function assertSame(a: InferResult, b: InferResult): void {
  for (let i = 0; i < a.scores.length; i++) {
    if (a.scores[i] !== b.scores[i]) throw new Error(`reference paths disagree at score index ${i}: packed ${a.scores[i]}, float ${b.scores[i]}`);
  }
  for (let i = 0; i < a.predictions.length; i++) {
    if (a.predictions[i] !== b.predictions[i]) throw new Error(`reference paths disagree on the prediction of row ${i}`);
  }
}
