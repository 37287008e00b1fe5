/**
 * The options every hardware command shares (--fold, --mode, --lower, --weights,
 * --top, --allow-outside-paths) and the one way they become a design.
 */
import { designFromFile, type DesignFlow } from '../flow.js';
import { WEIGHT_PLACEMENTS } from '../plan/plan.js';
import { COEFFICIENTS } from '../estimate/coefficients.js';
import { describePoint } from '../estimate/explore.js';
import { optChoice, optString, type CliIO, type OptionSpec, type OptionValues } from './command.js';

/** Option specs of the design flags; spread into a command's `options`. */
export const DESIGN_OPTIONS = {
  fold: { type: 'string' },
  mode: { type: 'string' },
  lower: { type: 'string' },
  weights: { type: 'string' },
  top: { type: 'string' },
  'allow-outside-paths': { type: 'boolean' },
} satisfies OptionSpec;

/**
 * Load MODEL and carry it to an emitted design with the command's design
 * flags. A `--fold auto:…` budget is searched for the command's --target
 * (generic when it has none or it is not calibrated) at its --clock
 * (100 MHz when absent); the chosen fold is reported on `io.err`.
 */
export function designFromOptions(modelPath: string, options: OptionValues, io?: CliIO): DesignFlow {
  const target = optString(options, 'target');
  const clock = Number(optString(options, 'clock') ?? '100');
  const flow = designFromFile(modelPath, {
    fold: optString(options, 'fold'),
    mode: optString(options, 'mode'),
    lower: optString(options, 'lower'),
    weights: optChoice(options, 'weights', WEIGHT_PLACEMENTS, 'auto'),
    top: optString(options, 'top'),
    allowOutsidePaths: options['allow-outside-paths'] === true,
    budget: {
      target: target !== undefined && target in COEFFICIENTS ? target : target === 'xc7' ? 'xilinx' : 'generic',
      clockMhz: Number.isFinite(clock) && clock > 0 ? clock : 100,
    },
  });
  if (flow.chosen && io) io.err(`--fold ${optString(options, 'fold')!.trim()}: chose ${describePoint(flow.chosen)}\n`);
  return flow;
}
