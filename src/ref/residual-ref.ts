/**
 * Integer reference of a residual network (docs/numerics.md §12), from
 * its lowered form {@link ResidualNetwork}: the computation the hardware
 * is to do. Ordinary stages run as in the bit-packed reference (packed
 * popcounts, integer thresholds, per-channel pooling); a residual stream
 * carries integers Z at scale 2^-fracBits: each stream conv adds
 * A·s + B with s from its popcount (per border class offset where it
 * zero-pads ±1 activations), the shortcut is an exact integer copy
 * (identity, or subsample plus zero channels), and every decision on the
 * stream is Z ≥ 0. Every Z is an exact float64 integer (|Z| ≤ 2^53 − 1,
 * checked when lowering). One vector at a time, in plain JavaScript.
 */
import { classAt } from '../ir/border-classes.js';
import type { Stage } from '../ir/network.js';
import { scoreFromAcc } from '../ir/network.js';
import { applyShortcut, type ResidualNetwork, type StreamConv } from '../ir/residual.js';
import { checkBatch, type InferenceResult, type InputBatch } from './batch.js';
import { packBits, wordCount } from './bit-pack.js';
import { acc, convStagePacked, packStage, threshold, uintActivations, window, type Activations, type PackedStage } from './packed-stage.js';
import { predict } from './predict.js';

/** Packed weights of every conv / dense of a network, in segment order (built once). */
const packedCache = new WeakMap<ResidualNetwork, Map<object, PackedStage>>();

function packedOf(net: ResidualNetwork, stage: Stage): PackedStage {
  let m = packedCache.get(net);
  if (!m) packedCache.set(net, (m = new Map()));
  let ps = m.get(stage);
  if (!ps) m.set(stage, (ps = packStage(stage)));
  return ps;
}

/** The stream term a·s + b of a stream conv at every output position, [out][oh][ow]. */
function streamTerm(net: ResidualNetwork, sc: StreamConv, x: Activations): Float64Array {
  const ps = packedOf(net, sc.conv);
  const [out, oh, ow] = sc.conv.convShape;
  const t = new Float64Array(out * oh * ow);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const win = window(sc.conv, x, oy, ox);
      const k = sc.geometry ? classAt(sc.geometry, oy, ox) : 0;
      for (let c = 0; c < out; c++) {
        const s = sc.scale * acc(ps, c, win) - sc.offset[k * out + c]!;
        t[(c * oh + oy) * ow + ox] = sc.a[c]! * s + sc.b[c]!;
      }
    }
  }
  return t;
}

/**
 * The lowering's bound on |Z| is the stream's register range in hardware:
 * a value beyond it is a bug in the bound, not a user error.
 */
function checkRange(z: Float64Array, maxAbs: number): Float64Array {
  for (let i = 0; i < z.length; i++) {
    if (!(Math.abs(z[i]!) <= maxAbs)) throw new Error(`internal: residual stream value ${z[i]} exceeds its bound ${maxAbs}`);
  }
  return z;
}

/** The bits Z ≥ 0 of a stream tensor, packed in [c][h][w] order. */
function signBits(z: Float64Array): Activations {
  return { kind: 'bits', bits: packBits(z, z.length, (v) => v >= 0) };
}

/** One vector through the network; returns the last stage's scores. */
function forward(net: ResidualNetwork, x0: Activations): Float64Array {
  let x = x0;
  for (const seg of net.segments) {
    if (seg.kind === 'stream') {
      const { stem, blocks, maxAbs } = seg.stream;
      let z = checkRange(streamTerm(net, stem, x), maxAbs);
      for (const blk of blocks) {
        let bits = signBits(z);
        for (const st of blk.inner) bits = { kind: 'bits', bits: convStagePacked(packedOf(net, st), bits) };
        const t = streamTerm(net, blk.last, bits);
        const p = applyShortcut(blk.shortcut, z, blk.inShape, blk.outShape);
        for (let i = 0; i < t.length; i++) t[i] = t[i]! + p[i]!;
        z = checkRange(t, maxAbs);
      }
      x = signBits(z);
      continue;
    }
    const { stage } = seg;
    const ps = packedOf(net, stage);
    if (stage.kind === 'conv') {
      x = { kind: 'bits', bits: convStagePacked(ps, x) };
      continue;
    }
    if (stage.activation === null) {
      const s = new Float64Array(stage.out);
      for (let c = 0; c < stage.out; c++) s[c] = scoreFromAcc(stage, c, acc(ps, c, x));
      return s;
    }
    const bits = new Uint32Array(wordCount(stage.out));
    const xin = x;
    for (let c = 0; c < stage.out; c++) if (threshold(stage.activation[c]!, () => acc(ps, c, xin))) bits[c >>> 5]! |= 1 << (c & 31);
    x = { kind: 'bits', bits };
  }
  throw new Error('internal: residual network has no final stage');
}

/**
 * Integer reference inference of a lowered residual network on `inputs`.
 * @throws UserError E_INPUT for inputs that do not fit the network.
 */
export function inferResidual(net: ResidualNetwork, inputs: InputBatch): InferenceResult {
  checkBatch(net.input, inputs);
  const lastSeg = net.segments[net.segments.length - 1]!;
  if (lastSeg.kind !== 'stage') throw new Error('internal: residual network ends in a stream');
  const classes = lastSeg.stage.out;
  const scores = new Float64Array(inputs.count * classes);
  const bipolar = net.input.encoding.kind === 'bipolar';
  for (let r = 0; r < inputs.count; r++) {
    const row = inputs.data.subarray(r * inputs.width, (r + 1) * inputs.width);
    const x: Activations = bipolar ? { kind: 'bits', bits: packBits(row, inputs.width, (v) => v === 1) } : uintActivations(row, inputs.width);
    scores.set(forward(net, x), r * classes);
  }
  return { count: inputs.count, classes, scores, ...predict(net.head, scores, classes) };
}
