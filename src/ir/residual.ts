/**
 * The integer form of a residual network (docs/numerics.md §12), read by
 * the integer reference (src/ref/residual-ref.ts). Ordinary stages are the
 * {@link Stage}s of src/ir/network.ts; a residual stream carries integers
 * Z [c][h][w] at scale 2^-fracBits: its stem sets Z = A·s + B, every block
 * thresholds Z ≥ 0 into bits for its body, adds its last conv's A·s + B to
 * the shortcut of Z, and the stream ends in the bits Z ≥ 0.
 * Produced by src/passes/lower-residual.ts; the hardware flow does not
 * read it yet.
 */
import type { BorderGeometry } from './border-classes.js';
import type { InputSpec, Shortcut } from './model.js';
import type { ConvStage, Head, Stage } from './network.js';

/**
 * A conv whose real-valued output joins the stream: at output position
 * (c, y, x) of border class k it adds a[c]·s + b[c], with the ±1 (or
 * integer) dot product s = scale·q − offset[k·out + c] from the
 * accumulator q of src/ir/network.ts (padded taps shifted in as for a
 * conv stage).
 */
export interface StreamConv {
  /** The conv as a stage, for its window and popcount; its `activation` is unused (the output is not thresholded). */
  conv: ConvStage;
  /** Border classes when the conv zero-pads ±1 activations, else null (one class, k = 0). */
  geometry: BorderGeometry | null;
  /** 2 for a bipolar input, 1 for a uint input (q is then s itself). */
  scale: 1 | 2;
  /** classes × out offsets. */
  offset: Float64Array;
  /** Integer affine per channel at scale 2^-fracBits (src/passes/stream-affine.ts). */
  a: Float64Array;
  b: Float64Array;
}

/** One residual block: the bits Z ≥ 0 run through `inner`, then `last` adds to shortcut(Z). */
export interface ResidualBlock {
  name: string;
  /** [c, h, w] of the stream entering the block. */
  inShape: [number, number, number];
  /** [c', h', w'] leaving it. */
  outShape: [number, number, number];
  /** conv [batchnorm] sign stages of the body, thresholds folded (per border class where zero-padded). */
  inner: ConvStage[];
  last: StreamConv;
  shortcut: Shortcut;
}

/** A residual stream from its stem to the sign that ends it. */
export interface ResidualStream {
  stem: StreamConv;
  blocks: ResidualBlock[];
  fracBits: number;
  /** Bound on |Z| over every reachable input (≤ 2^53 − 1: exact float64 integers). */
  maxAbs: number;
}

export type NetworkSegment = { kind: 'stage'; stage: Stage } | { kind: 'stream'; stream: ResidualStream };

export interface ResidualNetwork {
  name: string;
  input: InputSpec;
  segments: NetworkSegment[];
  head: Head;
}

/**
 * The shortcut of a stream tensor `z` [c][h][w] (`inShape`), `outShape`
 * [c', h', w']: identity, or option A: element (c, y, x) of the output is
 * z[c − before][y·sh][x·sw] for the input channels and 0 for the padded
 * ones. Exact on integers.
 */
export function applyShortcut(sc: Shortcut, z: Float64Array, inShape: readonly number[], outShape: readonly number[]): Float64Array {
  if (sc.kind === 'identity') return z;
  const [cin, h, w] = inShape as [number, number, number];
  const [cout, oh, ow] = outShape as [number, number, number];
  const out = new Float64Array(cout * oh * ow);
  const before = sc.padChannels[0];
  for (let c = 0; c < cin; c++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) out[((c + before) * oh + y) * ow + x] = z[(c * h + y * sc.stride[0]) * w + x * sc.stride[1]]!;
    }
  }
  return out;
}
