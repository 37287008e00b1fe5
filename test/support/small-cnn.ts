/**
 * A small seeded random CNN for the synth, estimate and report tests: a uint
 * image, layer 0 conv + max-pool, layer 1 conv without pool, layer 2 dense
 * behind a gather unit (every kind of image unit, each in one layer).
 */
import type { Model } from '../../src/ir/model.js';
import { createRng } from '../../src/testing/rng.js';
import { randomCnnModel } from '../../src/testing/random-model.js';

export function smallCnn(): Model {
  return randomCnnModel(createRng(54), { convs: [2, 2], imageSize: [4, 6], channels: [2, 4], kernel: [1, 3], classes: [2, 3], denseHidden: [0, 0], maxWork: 3000 });
}

/** [window role, pooled] per layer of {@link smallCnn}. */
export const SMALL_CNN_UNITS: Array<[string | null, boolean]> = [
  ['window', true],
  ['window', false],
  ['gather', false],
];
