/**
 * In-memory form of a siman-hw model file (docs/model-format.md). The
 * loader produces it, passes transform it (model in -> model out), the
 * reference runs it. Tensors are flat typed arrays in C order.
 */

/** How the network's input elements are encoded. */
export type InputEncoding = { kind: 'uint'; bits: number } | { kind: 'bipolar' };

export interface InputSpec {
  /** `[n]` for vectors, `[c, h, w]` for images. */
  shape: number[];
  encoding: InputEncoding;
}

/** How the bits of a binarized layer are read (docs/numerics.md). */
export type Semantics = 'and' | 'xnor';

/** Float-to-bit binarization rules (DESIGN §1). */
export type BinarizeRule = 'siman' | 'siman-optimal' | 'sign';

/** A weight tensor `[out][fanIn]` flattened row-major. */
export type WeightTensor =
  | { format: 'float'; data: Float64Array }
  | { format: 'bits'; data: Uint8Array };

export interface DenseLayer {
  type: 'dense';
  name?: string;
  in: number;
  out: number;
  weight: WeightTensor;
  /** Ignored when weight.format is 'bits'. */
  binarize: BinarizeRule;
  semantics: Semantics;
  /** Per output channel, or null. */
  bias: Float64Array | null;
  /** Per output channel scale, 'auto' (mean |w| of kept weights), or null (= 1). */
  alpha: Float64Array | 'auto' | null;
}

export interface BatchNormLayer {
  type: 'batchnorm';
  name?: string;
  gamma: Float64Array;
  beta: Float64Array;
  mean: Float64Array;
  var: Float64Array;
  eps: number;
}

export interface SignLayer {
  type: 'sign';
  name?: string;
}

/**
 * One channel of an already folded activation: output +1 iff
 * `q >= t` (ge) / `q <= t` (le), or a constant output (+1 / -1).
 * `q` is the layer's accumulator value (docs/numerics.md).
 */
export type ThresholdChannel =
  | { kind: 'ge'; t: number }
  | { kind: 'le'; t: number }
  | { kind: 'const'; value: 1 | -1 };

export interface ThresholdLayer {
  type: 'threshold';
  name?: string;
  channels: ThresholdChannel[];
}

export type Layer = DenseLayer | BatchNormLayer | SignLayer | ThresholdLayer;
export type LayerType = Layer['type'];

export interface Model {
  format: 'siman-hw.model/v1';
  name: string;
  input: InputSpec;
  layers: Layer[];
  /** Free-form, carried through unchanged. */
  provenance?: Record<string, unknown>;
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Largest value an input element can take. */
export function inputMax(enc: InputEncoding): number {
  return enc.kind === 'uint' ? 2 ** enc.bits - 1 : 1;
}
