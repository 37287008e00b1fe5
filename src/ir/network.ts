/**
 * The folded, hardware-facing form of a model: a chain of binarized
 * matrix-vector stages with integer activations, and a host-side head.
 * Produced by `passes/lower-network.ts` from a binarized + folded model;
 * read by the planner, the emitter, the simulator and the bit-packed
 * reference. See docs/numerics.md for the meaning of every quantity.
 */
import type { BatchNormLayer, InputEncoding, InputSpec, Semantics, ThresholdChannel } from './model.js';

/**
 * One binarized dense layer with its folded activation.
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
export interface Stage {
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
