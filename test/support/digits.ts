/** The digits example (examples/digits) for golden tests, through the real loaders. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Model } from '../../src/ir/model.js';
import { loadInputs } from '../../src/model/inputs.js';
import { loadModel } from '../../src/model/load.js';

const dir = fileURLToPath(new URL('../../examples/digits/', import.meta.url));

export function digitsModel(): Model {
  return loadModel(dir + 'digits-mlp.json');
}

/** All 1797 rows: 64 pixels per row and the labels. */
export function digitsInputs(): { count: number; width: number; data: Int32Array; labels: Int32Array } {
  const batch = loadInputs(dir + 'digits.csv', digitsModel().input, { labels: 'last' });
  if (!batch.labels) throw new Error('digits.csv: labels missing');
  return { count: batch.count, width: batch.width, data: batch.data, labels: batch.labels };
}

export function digitsExpected(): { predictions: number[]; scores: number[][]; testAccuracy: number; allAccuracy: number } {
  return JSON.parse(readFileSync(dir + 'digits-mlp.expected.json', 'utf8'));
}
