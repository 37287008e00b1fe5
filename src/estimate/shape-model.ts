/**
 * Small synthetic models of a given layer shape, for synthesis
 * calibration and tests: dense layers with seeded random {0,1} weights of
 * a chosen density, folded thresholds between them. Layer 0 has the shape
 * under study; an optional small last layer turns it into a hidden
 * (threshold-output) layer, as in a real pipeline.
 */
import type { InputEncoding, Layer, Model, Semantics, ThresholdChannel } from '../ir/model.js';
import { createRng } from '../testing/rng.js';

export interface ShapeLayer {
  in: number;
  out: number;
  semantics: Semantics;
  /** Probability that a weight bit is 1 (0 = every weight 0). */
  density: number;
}

export interface ShapeModelOptions {
  input: InputEncoding;
  layers: ShapeLayer[];
  seed: number;
  name?: string;
}

/** A model with bit weights and integer thresholds; deterministic in `seed`. */
export function shapeModel(o: ShapeModelOptions): Model {
  const rng = createRng(o.seed);
  const layers: Layer[] = [];
  let fanIn = o.layers[0]?.in ?? 0;
  o.layers.forEach((l, k) => {
    if (l.in !== fanIn) throw new Error(`shapeModel: layer ${k} takes ${l.in} inputs, previous gives ${fanIn}`);
    const bits = new Uint8Array(l.in * l.out);
    for (let i = 0; i < bits.length; i++) bits[i] = rng.bool(l.density) ? 1 : 0;
    layers.push({ type: 'dense', in: l.in, out: l.out, weight: { format: 'bits', data: bits }, binarize: 'siman', semantics: l.semantics, bias: null, alpha: null });
    if (k < o.layers.length - 1) {
      const channels: ThresholdChannel[] = [];
      for (let c = 0; c < l.out; c++) channels.push({ kind: rng.bool(0.5) ? 'ge' : 'le', t: rng.int(0, Math.max(1, Math.floor(l.in / 2))) });
      layers.push({ type: 'threshold', channels });
    }
    fanIn = l.out;
  });
  return { format: 'siman-hw.model/v1', name: o.name ?? 'shape', input: { shape: [o.layers[0]!.in], encoding: o.input }, layers };
}
