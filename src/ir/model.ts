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

/**
 * How a conv pads its input. A padded tap is an input element of this
 * value: 0 (zero padding, PyTorch's default: the tap adds nothing), or the
 * activation −1 / +1 (a constant bit). On ±1 activations zero padding
 * makes the thresholds depend on the border class of the output position
 * (docs/numerics.md §9); uint inputs are zero-padded.
 */
export type PadValue = 0 | 1 | -1;

/**
 * A binarized 2-D convolution (PyTorch `nn.Conv2d` layout). Its weight
 * tensor `[out][in][kh][kw]` flattened in C order is exactly a dense
 * `[out][in·kh·kw]` matrix: channel c's fan-in index is
 * ci·kh·kw + ky·kw + kx.
 */
export interface Conv2dLayer {
  type: 'conv2d';
  name?: string;
  inChannels: number;
  outChannels: number;
  /** [kh, kw] */
  kernel: [number, number];
  /** [sh, sw], each ≥ 1 */
  stride: [number, number];
  /** [ph, pw] rows/columns added on each side, each ≥ 0 */
  padding: [number, number];
  padValue: PadValue;
  weight: WeightTensor;
  binarize: BinarizeRule;
  semantics: Semantics;
  bias: Float64Array | null;
  alpha: Float64Array | 'auto' | null;
}

/** Max pooling over [kh, kw] windows (no padding, floor mode). */
export interface MaxPool2dLayer {
  type: 'maxpool2d';
  name?: string;
  kernel: [number, number];
  /** Defaults to the kernel (PyTorch). */
  stride: [number, number];
}

/** [c, h, w] -> [c·h·w] in C order (element c·h·w + y·w + x). */
export interface FlattenLayer {
  type: 'flatten';
  name?: string;
}

/**
 * How a residual block's input reaches its add (docs/model-format.md):
 * `identity`, or option A of the CIFAR ResNets (`subsample`): keep every
 * stride-th row and column (x[:, :, ::sh, ::sw]) and append zero channels
 * before and after, `F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, p, p))`.
 */
export type Shortcut =
  | { kind: 'identity' }
  | { kind: 'subsample'; stride: [number, number]; padChannels: [number, number] };

/**
 * A residual block on a real-valued stream z [c][h][w]: its body reads
 * sign(z), runs `(conv2d [batchnorm] sign)* conv2d [batchnorm]`, and the
 * block outputs (last batchnorm output) + shortcut(z), again real-valued.
 * The integer form carries z as integers Z at scale 2^-fracBits
 * (docs/numerics.md §12).
 */
export interface ResidualLayer {
  type: 'residual';
  name?: string;
  shortcut: Shortcut;
  /** Fraction bits of the integer stream (the same for every block of a stream). */
  fracBits: number;
  layers: Layer[];
}

export type Layer = DenseLayer | Conv2dLayer | BatchNormLayer | SignLayer | ThresholdLayer | MaxPool2dLayer | FlattenLayer | ResidualLayer;
export type LayerType = Layer['type'];

export interface Model {
  format: 'siman-hw.model/v1';
  name: string;
  input: InputSpec;
  layers: Layer[];
  /** Free-form, carried through unchanged. */
  provenance?: Record<string, unknown>;
}

/** Whether any layer of `model` is a residual block. */
export function hasResidual(model: Pick<Model, 'layers'>): boolean {
  return model.layers.some((l) => l.type === 'residual');
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Output size of a conv / pool along one axis (floor mode); < 1 when the window does not fit. */
export function windowOutSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

/** Output shape [out, oh, ow] of `conv` on an input [c, h, w]. */
export function convOutShape(conv: Pick<Conv2dLayer, 'outChannels' | 'kernel' | 'stride' | 'padding'>, inShape: readonly number[]): [number, number, number] {
  return [
    conv.outChannels,
    windowOutSize(inShape[1]!, conv.kernel[0], conv.stride[0], conv.padding[0]),
    windowOutSize(inShape[2]!, conv.kernel[1], conv.stride[1], conv.padding[1]),
  ];
}

/** Output shape [c, oh, ow] of `pool` on an input [c, h, w]. */
export function poolOutShape(pool: Pick<MaxPool2dLayer, 'kernel' | 'stride'>, inShape: readonly number[]): [number, number, number] {
  return [inShape[0]!, windowOutSize(inShape[1]!, pool.kernel[0], pool.stride[0], 0), windowOutSize(inShape[2]!, pool.kernel[1], pool.stride[1], 0)];
}

/** Largest value an input element can take. */
export function inputMax(enc: InputEncoding): number {
  return enc.kind === 'uint' ? 2 ** enc.bits - 1 : 1;
}
