/**
 * The options every hardware command shares (--fold, --mode, --weights,
 * --top, --allow-outside-paths) and the one way they become a design.
 */
import { designFromFile, type DesignFlow } from '../flow.js';
import { WEIGHT_PLACEMENTS } from '../plan/plan.js';
import { optChoice, optString, type OptionSpec, type OptionValues } from './command.js';

/** Option specs of the design flags; spread into a command's `options`. */
export const DESIGN_OPTIONS = {
  fold: { type: 'string' },
  mode: { type: 'string' },
  weights: { type: 'string' },
  top: { type: 'string' },
  'allow-outside-paths': { type: 'boolean' },
} satisfies OptionSpec;

/** Load MODEL and carry it to an emitted design with the command's design flags. */
export function designFromOptions(modelPath: string, options: OptionValues): DesignFlow {
  return designFromFile(modelPath, {
    fold: optString(options, 'fold'),
    mode: optString(options, 'mode'),
    weights: optChoice(options, 'weights', WEIGHT_PLACEMENTS, 'auto'),
    top: optString(options, 'top'),
    allowOutsidePaths: options['allow-outside-paths'] === true,
  });
}
