/**
 * Pass `binarize-weights`: turn every float dense weight tensor into bits
 * with the layer's rule and resolve `alpha: "auto"` to a concrete per-channel
 * array. Afterwards every dense has `weight.format === 'bits'` and `alpha`
 * an array or null.
 */
import { fail, jsonPathJoin } from '../diagnostics.js';
import type { Conv2dLayer, DenseLayer, Layer, Model } from '../ir/model.js';
import { autoAlpha, binarizeChannel } from './binarize-rules.js';
import type { Pass, PassResult } from './pass.js';
import { convAsDense, splitSegments, withPathPrefix } from './stage-structure.js';

/** Binarize a conv layer through its dense view (same weight layout per output channel). */
export function binarizeConv(layer: Conv2dLayer, li: number): { layer: Conv2dLayer; changed: boolean } {
  const r = binarizeDense(convAsDense(layer), li);
  if (!r.changed) return { layer, changed: false };
  return { layer: { ...layer, weight: r.layer.weight, alpha: r.layer.alpha }, changed: true };
}

/** Binarize one dense layer (index `li` is only used for diagnostics). */
export function binarizeDense(layer: DenseLayer, li: number): { layer: DenseLayer; changed: boolean } {
  const path = jsonPathJoin(jsonPathJoin('layers', li), 'weight');
  const { in: n, out } = layer;
  if (layer.weight.data.length !== n * out) {
    fail('E_SHAPE', `expected ${out}×${n} = ${n * out} weights, got ${layer.weight.data.length}`, { jsonPath: path });
  }
  if (layer.weight.format === 'bits') {
    const bits = layer.weight.data;
    for (let i = 0; i < bits.length; i++) {
      if (bits[i] !== 0 && bits[i] !== 1) {
        fail('E_VALUE', `bit weights must be 0 or 1, got ${bits[i]}`, { jsonPath: `${path}[${Math.floor(i / n)}][${i % n}]` });
      }
    }
    if (layer.alpha !== 'auto') return { layer, changed: false };
    // For 0/1 weights the kept weights all have |w| = 1.
    const alpha = new Float64Array(out);
    for (let c = 0; c < out; c++) alpha[c] = autoAlpha(bits.subarray(c * n, (c + 1) * n), bits.subarray(c * n, (c + 1) * n));
    return { layer: { ...layer, alpha }, changed: true };
  }
  const w = layer.weight.data;
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i]!)) {
      fail('E_VALUE', `weight is not a finite number (${w[i]})`, { jsonPath: `${path}[${Math.floor(i / n)}][${i % n}]` });
    }
  }
  const bits = new Uint8Array(n * out);
  const alpha = layer.alpha === 'auto' ? new Float64Array(out) : layer.alpha;
  for (let c = 0; c < out; c++) {
    const row = w.subarray(c * n, (c + 1) * n);
    const b = binarizeChannel(layer.binarize, row);
    bits.set(b, c * n);
    if (layer.alpha === 'auto') (alpha as Float64Array)[c] = autoAlpha(row, b);
  }
  return { layer: { ...layer, weight: { format: 'bits', data: bits }, alpha }, changed: true };
}

export const binarizeWeights: Pass = {
  name: 'binarize-weights',
  description: 'binarize float dense weights to {0,1} bits (siman / siman-optimal / sign) and resolve alpha "auto"',
  run(model: Model): PassResult {
    splitSegments(model); // validate structure, shapes and values up front
    let changed = false;
    let binarized = 0;
    let convs = 0;
    let alphas = 0;
    const rules = new Map<string, number>();
    const binarizeLayer = (layer: Layer, li: number): Layer => {
      if (layer.type === 'residual') {
        // A body's paths are layers[li].layers[k]: binarizeDense names layers[k].
        const body = withPathPrefix(`${jsonPathJoin('layers', li)}.layers`, () => layer.layers.map(binarizeLayer));
        return body.every((l, k) => l === layer.layers[k]) ? layer : { ...layer, layers: body };
      }
      if (layer.type !== 'dense' && layer.type !== 'conv2d') return layer;
      const wasFloat = layer.weight.format === 'float';
      const r = layer.type === 'dense' ? binarizeDense(layer, li) : binarizeConv(layer, li);
      if (wasFloat) {
        if (layer.type === 'dense') binarized++;
        else convs++;
        rules.set(layer.binarize, (rules.get(layer.binarize) ?? 0) + 1);
      }
      if (layer.alpha === 'auto') alphas++;
      changed ||= r.changed;
      return r.layer;
    };
    const layers: Layer[] = model.layers.map(binarizeLayer);
    if (!changed) return { model, changed: false, summary: 'all dense weights already bits, nothing to do' };
    const ruleText = [...rules].map(([r, k]) => `${r} ×${k}`).join(', ');
    const summary =
      `binarized ${binarized} dense layer${binarized === 1 ? '' : 's'}` +
      (convs > 0 ? ` and ${convs} conv layer${convs === 1 ? '' : 's'}` : '') +
      (ruleText ? ` (${ruleText})` : '') +
      `, resolved ${alphas} auto alpha${alphas === 1 ? '' : 's'}`;
    return { model: { ...model, layers }, changed: true, summary };
  },
};
