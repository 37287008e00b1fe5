/**
 * The digits example for golden tests. The model is converted from its JSON
 * file locally (a minimal conversion, enough for this file) until the model
 * loader is available to the tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Layer, Model } from '../../src/ir/model.js';

const dir = fileURLToPath(new URL('../../examples/digits/', import.meta.url));

interface RawLayer {
  type: string;
  [key: string]: unknown;
}

const f64 = (v: unknown): Float64Array => Float64Array.from(v as number[]);

export function digitsModel(): Model {
  const raw = JSON.parse(readFileSync(dir + 'digits-mlp.json', 'utf8')) as { name: string; input: { shape: number[]; encoding: string; bits: number }; layers: RawLayer[] };
  const layers = raw.layers.map((l): Layer => {
    switch (l.type) {
      case 'dense':
        return {
          type: 'dense',
          in: l.in as number,
          out: l.out as number,
          weight: { format: 'float', data: Float64Array.from((l.weight as number[][]).flat()) },
          binarize: l.binarize as 'siman',
          semantics: l.semantics as 'and',
          bias: l.bias ? f64(l.bias) : null,
          alpha: l.alpha === 'auto' ? 'auto' : l.alpha ? f64(l.alpha) : null,
        };
      case 'batchnorm':
        return { type: 'batchnorm', gamma: f64(l.gamma), beta: f64(l.beta), mean: f64(l.mean), var: f64(l.var), eps: l.eps as number };
      case 'sign':
        return { type: 'sign' };
      default:
        throw new Error(`digits fixture: unexpected layer ${l.type}`);
    }
  });
  return { format: 'siman-hw.model/v1', name: raw.name, input: { shape: raw.input.shape, encoding: { kind: 'uint', bits: raw.input.bits } }, layers };
}

/** All 1797 rows: 64 pixels per row and the labels. */
export function digitsInputs(): { count: number; width: number; data: Int32Array; labels: Int32Array } {
  const rows = readFileSync(dir + 'digits.csv', 'utf8').trim().split('\n').map((line) => line.split(',').map(Number));
  const data = new Int32Array(rows.length * 64);
  const labels = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    data.set(r.slice(0, 64), i * 64);
    labels[i] = r[64]!;
  });
  return { count: rows.length, width: 64, data, labels };
}

export function digitsExpected(): { predictions: number[]; scores: number[][]; testAccuracy: number; allAccuracy: number } {
  return JSON.parse(readFileSync(dir + 'digits-mlp.expected.json', 'utf8'));
}
