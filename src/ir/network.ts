/**
 * The folded, hardware-facing form of a model: a chain of binarized
 * matrix-vector stages with integer activations, and a host-side head.
 * Produced by `passes/lower-network.ts` from a binarized + folded model;
 * read by the planner, the emitter, the simulator and the bit-packed
 * reference. See docs/numerics.md for the meaning of every quantity.
 */
import type { BorderGeometry } from './border-classes.js';
import type { BatchNormLayer, InputEncoding, InputSpec, PadValue, Semantics, ThresholdChannel } from './model.js';

/**
 * One binarized dense layer with its folded activation (`kind: 'dense'`).
 *
 * The accumulator value q of output channel c (what thresholds compare):
 * - bipolar input, `and`:  q = popcount(b ∧ x)            ∈ [0, K_c]
 * - bipolar input, `xnor`: q = popcount(¬(b ⊕ x))         ∈ [0, n]
 * - uint input, `and`:     q = Σ_{b=1} x                   ∈ [0, K_c·M]
 * - uint input, `xnor`:    q = Σ_{b=1} x − Σ_{b=0} x       ∈ [−(n−K_c)·M, K_c·M]
 * with n = fan-in, K_c = ones in row c, M = max input value.
 * The signed dot product s = Σ w·a (w = b or 2b−1) is then
 * 2q − K_c, 2q − n, q, q respectively (see {@link scoreFromAcc}).
 */
export interface DenseStage {
  kind: 'dense';
  /** 0-based position in the chain. */
  index: number;
  /** Sanitised-later display name (from the model, or `layerN`). */
  name: string;
  in: number;
  out: number;
  semantics: Semantics;
  /** Encoding of this stage's input elements: the model input for stage 0, bipolar after. */
  input: InputEncoding;
  /** Weight bits `[out][in]` row-major, 0/1. */
  bits: Uint8Array;
  /** Ones per output channel (K_c). */
  ones: Int32Array;
  /** Folded activation per channel, or null for the last stage (emits scores). */
  activation: ThresholdChannel[] | null;
}

/**
 * How a conv stage pools its thresholded output bits: per output channel
 * `or` (max of ±1 values) or `and` (min). A maxpool after the sign is `or`
 * everywhere; a maxpool between the conv and its batchnorm/sign commutes
 * through the monotone threshold and becomes `or` for `ge` channels and
 * `and` for `le` channels (constant channels: `or`, the bits are equal).
 */
export type PoolOp = 'or' | 'and';

export interface StagePool {
  kernel: [number, number];
  stride: [number, number];
  /** Per output channel. */
  op: PoolOp[];
}

/**
 * One binarized 2-D convolution with its folded activation and optional
 * pooling (`kind: 'conv'`). It is a dense stage applied at every output
 * position (y, x) to the window of the input image: `in` = fan-in =
 * inChannels·kh·kw in (ci, ky, kx) order, `out` = outChannels, `bits`
 * `[out][in]` = the `[out][inC][kh][kw]` tensor in C order, `ones` and q
 * exactly as for a dense stage over that window.
 *
 * Padded taps: for a uint input they are the value 0 (they add nothing);
 * for a bipolar input with padValue ±1 they are the constant bit
 * padValue = +1 ↔ 1, −1 ↔ 0 and count in q like any input bit, so q, its
 * range and s(q) are those of a dense stage. A bipolar input with padding
 * and padValue 0 (zero padding) also shifts in the bit 0, but a padded
 * tap must add 0 to s: q's range and s(q) then depend on the output
 * position's border class, and `border` holds one threshold per channel
 * and class (docs/numerics.md §9).
 *
 * Activations travel as [c][h][w] in C order: the input bit / element of
 * (c, y, x) is c·H·W + y·W + x, and so are the output bits (after pooling).
 */
export interface ConvStage {
  kind: 'conv';
  index: number;
  name: string;
  /** Fan-in per output position: inChannels·kh·kw. */
  in: number;
  /** Output channels. */
  out: number;
  semantics: Semantics;
  input: InputEncoding;
  bits: Uint8Array;
  ones: Int32Array;
  /**
   * Conv stages are never last: they always end in a threshold per
   * channel. With `border`, these are the thresholds of class 0 and
   * `border.activation[k]` those of class k.
   */
  activation: ThresholdChannel[];
  /** [inChannels, h, w] */
  inShape: [number, number, number];
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  /** 0 for uint inputs (or no padding); −1 / +1 for bipolar inputs with padding. */
  padValue: PadValue;
  /** [out, oh, ow]: the thresholded conv output before pooling. */
  convShape: [number, number, number];
  /** Pooling of the thresholded bits, or null. */
  pool: StagePool | null;
  /** [out, h', w']: what the next stage receives. */
  outShape: [number, number, number];
  /** Zero padding of ±1 activations: per border class thresholds; null otherwise. */
  border: StageBorder | null;
}

/**
 * Thresholds per border class of a zero-padded conv on ±1 activations.
 * The window's padded taps are the bit 0; `activation[k][c]` compares
 * channel c's accumulator q at a position of class k and reproduces the
 * zero-padded float decision exactly (range and s(q): `borderAcc`).
 */
export interface StageBorder extends BorderGeometry {
  activation: ThresholdChannel[][];
}

/** A stage of the chain; dense and conv stages share the accumulator definitions. */
export type Stage = DenseStage | ConvStage;

/** Number of input elements of a stage (per vector/image). */
export function stageInputSize(stage: Stage): number {
  return stage.kind === 'conv' ? stage.inShape[0] * stage.inShape[1] * stage.inShape[2] : stage.in;
}

/** Number of output elements of a stage (bits, or scores for the last). */
export function stageOutputSize(stage: Stage): number {
  return stage.kind === 'conv' ? stage.outShape[0] * stage.outShape[1] * stage.outShape[2] : stage.out;
}

/**
 * Host-side final affine on the last stage's integer scores:
 * logit_c = BN(s_c·α_c + bias_c), evaluated in float64 exactly as DESIGN §1
 * writes it; prediction = argmax, ties to the lowest index.
 */
export interface Head {
  alpha: Float64Array | null;
  bias: Float64Array | null;
  batchnorm: Omit<BatchNormLayer, 'type' | 'name'> | null;
}

export interface Network {
  name: string;
  input: InputSpec;
  stages: Stage[];
  head: Head;
}

/** Inclusive range [min, max] of the accumulator q of channel c. */
export function accRange(stage: Stage, c: number): [number, number] {
  const n = stage.in;
  const k = stage.ones[c]!;
  if (stage.input.kind === 'bipolar') {
    return stage.semantics === 'and' ? [0, k] : [0, n];
  }
  const m = 2 ** stage.input.bits - 1;
  return stage.semantics === 'and' ? [0, k * m] : [-(n - k) * m, k * m];
}

/** Inclusive range of the signed dot product s of channel c. */
export function scoreRange(stage: Stage, c: number): [number, number] {
  const [lo, hi] = accRange(stage, c);
  return [scoreFromAcc(stage, c, lo), scoreFromAcc(stage, c, hi)];
}

/** Signed dot product s = Σ w·a from the accumulator value q. */
export function scoreFromAcc(stage: Stage, c: number, q: number): number {
  if (stage.input.kind === 'uint') return q;
  return stage.semantics === 'and' ? 2 * q - stage.ones[c]! : 2 * q - stage.in;
}
