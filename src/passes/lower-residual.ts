/**
 * Lowering of a residual network (docs/numerics.md §12) to its integer
 * form {@link ResidualNetwork}: weights binarized, ordinary stages and
 * the inner stages of every block folded into thresholds exactly as for a
 * plain network (per border class where a conv zero-pads ±1 activations),
 * and every conv that feeds the stream folded into the integer affine
 * A·s + B at the stream's fracBits.
 */
import { fail, jsonPathJoin } from '../diagnostics.js';
import { borderAcc, borderGeometry, classCount } from '../ir/border-classes.js';
import type { Model, ThresholdChannel } from '../ir/model.js';
import { inputMax } from '../ir/model.js';
import type { ConvStage, Stage } from '../ir/network.js';
import type { NetworkSegment, ResidualNetwork, StreamConv } from '../ir/residual.js';
import { binarizeWeights } from './binarize-weights.js';
import { foldBorderThresholds, foldStageThresholds } from './fold-thresholds.js';
import { makeStage } from './make-stage.js';
import { networkHead } from './lower-network.js';
import { isZeroPadded, splitSegments, withPathPrefix, type StageLayers } from './stage-structure.js';
import { streamAffine } from './stream-affine.js';

/** The hidden or last stage of `sl` with its activation folded (sign → thresholds). */
function foldedStage(sl: StageLayers, index: number): Stage {
  if (sl.activation.kind === 'none') return makeStage(sl, index, null);
  if (sl.activation.kind === 'threshold') return makeStage(sl, index, sl.activation.layer.channels.slice());
  if (sl.conv && isZeroPadded(sl.conv.layer, sl.input)) {
    const border = foldBorderThresholds(sl);
    return makeStage(sl, index, border.activation[0]!, border);
  }
  return makeStage(sl, index, foldStageThresholds(sl));
}

/** A stream conv: its window/popcount stage, s(q) per border class, and its integer affine. */
function streamConv(sl: StageLayers, index: number, fracBits: number): StreamConv {
  const { dense, conv: parts } = sl;
  if (!parts) throw new Error('internal: a stream conv must be a conv2d');
  if (dense.alpha === 'auto' || dense.weight.format !== 'bits') throw new Error('internal: run binarize-weights first');
  // The conv is not thresholded; its activation only fills the stage's shape.
  const unused: ThresholdChannel[] = Array.from({ length: dense.out }, () => ({ kind: 'const', value: 1 }));
  const conv = makeStage(sl, index, unused) as ConvStage;
  const where = (c: number): string => jsonPathJoin(jsonPathJoin('layers', sl.batchnorm ? sl.batchnormIndex : sl.denseIndex), c);
  const { a, b } = streamAffine(dense.out, dense.alpha, dense.bias, sl.batchnorm, fracBits, where);
  const bits = dense.weight.data;
  if (sl.input.kind === 'uint') return { conv, geometry: null, scale: 1, offset: new Float64Array(dense.out), a, b };
  if (isZeroPadded(parts.layer, sl.input)) {
    const { layer } = parts;
    const g = borderGeometry(parts.inShape, layer.kernel, layer.stride, layer.padding, [parts.convShape[1], parts.convShape[2]]);
    const offset = new Float64Array(classCount(g) * dense.out);
    for (let k = 0; k < classCount(g); k++) {
      for (let c = 0; c < dense.out; c++) offset[k * dense.out + c] = borderAcc(g, k, dense.semantics, bits, c * dense.in, layer.inChannels, layer.kernel[0] * layer.kernel[1]).offset;
    }
    return { conv, geometry: g, scale: 2, offset, a, b };
  }
  const offset = new Float64Array(dense.out);
  for (let c = 0; c < dense.out; c++) offset[c] = dense.semantics === 'and' ? conv.ones[c]! : dense.in;
  return { conv, geometry: null, scale: 2, offset, a, b };
}

/** Largest |a·s + b| of a stream conv over every reachable s (|s| ≤ fan-in · largest input). */
function termBound(sc: StreamConv): number {
  const sMax = sc.conv.in * inputMax(sc.conv.input);
  let m = 0;
  for (let c = 0; c < sc.a.length; c++) m = Math.max(m, Math.abs(sc.a[c]!) * sMax + Math.abs(sc.b[c]!));
  return m;
}

/**
 * Lower any valid residual (or plain) model to its integer form.
 * @throws UserError for an invalid model, or E_VALUE when the stream's
 *   integers could exceed 2^53 − 1 at its fracBits.
 */
export function lowerResidualNetwork(model: Model): ResidualNetwork {
  const bin = binarizeWeights.run(model, {}).model;
  const segments: NetworkSegment[] = [];
  let index = 0;
  let lastSl: StageLayers | null = null;
  for (const seg of splitSegments(bin)) {
    if (seg.kind === 'stage') {
      segments.push({ kind: 'stage', stage: foldedStage(seg.stage, index++) });
      lastSl = seg.stage;
      continue;
    }
    const { stem, blocks, fracBits } = seg.stream;
    const first = streamConv(stem, index++, fracBits);
    const lowered = blocks.map((blk) =>
      withPathPrefix(`${jsonPathJoin('layers', blk.index)}.layers`, () => ({
        name: blk.layer.name ?? `block${blk.index}`,
        inShape: blk.inShape,
        outShape: blk.outShape,
        inner: blk.inner.map((sl) => foldedStage(sl, index++) as ConvStage),
        last: streamConv(blk.last, index++, fracBits),
        shortcut: blk.layer.shortcut,
      })),
    );
    const maxAbs = termBound(first) + lowered.reduce((acc, b) => acc + termBound(b.last), 0);
    if (!(maxAbs <= Number.MAX_SAFE_INTEGER)) {
      fail('E_VALUE', `the integer residual stream may reach |Z| = 2^${Math.log2(maxAbs).toFixed(1)} at fracBits ${fracBits}, beyond exact 53-bit integers`, { jsonPath: jsonPathJoin(jsonPathJoin('layers', blocks[0]!.index), 'fracBits') }, {
        hint: 'lower fracBits (each bit less halves the bound); docs/numerics.md §12',
      });
    }
    segments.push({ kind: 'stream', stream: { stem: first, blocks: lowered, fracBits, maxAbs } });
  }
  return {
    name: model.name,
    input: model.input,
    segments,
    head: networkHead(lastSl!),
  };
}
