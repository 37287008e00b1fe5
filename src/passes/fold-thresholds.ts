/**
 * Pass `fold-thresholds`: replace every hidden stage's
 * `dense(α, bias) [batchnorm] sign` by `dense threshold`, with per-channel
 * integer thresholds on the accumulator q (src/ir/network.ts); likewise
 * `conv2d(α, bias) [maxpool2d] [batchnorm] sign` by
 * `conv2d [maxpool2d] threshold` (the threshold then compares the pooled
 * accumulator; lowering turns that into per-channel OR/AND pooling of the
 * thresholded bits, see make-stage.ts). The last
 * dense (no sign after it) keeps α, bias and batchnorm: they form the
 * host-side head. A zero-padded conv on ±1 activations keeps its sign:
 * `lowerToNetwork` folds it per border class ({@link foldBorderThresholds}).
 * See docs/numerics.md for why the result is exact.
 */
import { jsonPathJoin } from '../diagnostics.js';
import type { Layer, Model, ThresholdChannel } from '../ir/model.js';
import { borderAcc, borderGeometry, classCount } from '../ir/border-classes.js';
import { accRange, scoreFromAcc, type StageBorder } from '../ir/network.js';
import { channelAffine, evalAffine } from './channel-affine.js';
import { makeStage } from './make-stage.js';
import type { Pass, PassResult } from './pass.js';
import { isZeroPadded, splitStages, type StageLayers } from './stage-structure.js';
import { searchThreshold } from './threshold-search.js';

/**
 * Thresholds reproducing `sl`'s float decision [y(s) ≥ 0] for every
 * reachable accumulator value. `sl` must have bit weights, a concrete or
 * null alpha and a sign activation.
 */
export function foldStageThresholds(sl: StageLayers): ThresholdChannel[] {
  const { dense, batchnorm } = sl;
  if (dense.alpha === 'auto') throw new Error(`internal: layers[${sl.denseIndex}].alpha is still "auto"; run binarize-weights first`);
  const stage = makeStage({ ...sl, conv: null }, 0, null); // only q's range is needed: a dense view
  const where = jsonPathJoin('layers', sl.batchnorm ? sl.batchnormIndex : sl.denseIndex);
  const channels: ThresholdChannel[] = [];
  for (let c = 0; c < dense.out; c++) {
    const p = channelAffine(dense.alpha, dense.bias, batchnorm, c);
    const [lo, hi] = accRange(stage, c);
    channels.push(searchThreshold(lo, hi, (q) => evalAffine(p, scoreFromAcc(stage, c, q)), jsonPathJoin(where, c)));
  }
  return channels;
}

/**
 * Thresholds per border class for a zero-padded conv on ±1 activations
 * (docs/numerics.md §9): in class k, channel c's accumulator q (padded
 * taps shifted in as the bit 0) ranges over [lo, hi] and the zero-padded
 * dot product is s = 2q − offset (`borderAcc`); the search runs on that
 * class's range and s(q), so every class is exact by the same argument as
 * §4. `sl` must have bit weights, a concrete or null alpha, a sign
 * activation and a zero-padded conv.
 */
export function foldBorderThresholds(sl: StageLayers): StageBorder {
  const { dense, batchnorm, conv } = sl;
  if (!conv || !isZeroPadded(conv.layer, sl.input)) throw new Error(`internal: layers[${sl.denseIndex}] is not a zero-padded conv`);
  if (dense.alpha === 'auto') throw new Error(`internal: layers[${sl.denseIndex}].alpha is still "auto"; run binarize-weights first`);
  if (dense.weight.format !== 'bits') throw new Error(`internal: layers[${sl.denseIndex}] is not binarized; run binarize-weights first`);
  const { layer } = conv;
  const g = borderGeometry(conv.inShape, layer.kernel, layer.stride, layer.padding, [conv.convShape[1], conv.convShape[2]]);
  const taps = layer.kernel[0] * layer.kernel[1];
  const where = jsonPathJoin('layers', sl.batchnorm ? sl.batchnormIndex : sl.denseIndex);
  const affine = Array.from({ length: dense.out }, (_, c) => channelAffine(dense.alpha as Float64Array | null, dense.bias, batchnorm, c));
  const activation: ThresholdChannel[][] = [];
  for (let k = 0; k < classCount(g); k++) {
    const channels: ThresholdChannel[] = [];
    for (let c = 0; c < dense.out; c++) {
      const { lo, hi, offset } = borderAcc(g, k, dense.semantics, dense.weight.data, c * dense.in, layer.inChannels, taps);
      channels.push(searchThreshold(lo, hi, (q) => evalAffine(affine[c]!, 2 * q - offset), jsonPathJoin(where, c)));
    }
    activation.push(channels);
  }
  return { ...g, activation };
}

export const foldThresholds: Pass = {
  name: 'fold-thresholds',
  description: 'fold alpha, bias, batchnorm and sign of hidden layers into integer thresholds on the accumulator',
  run(model: Model): PassResult {
    const stages = splitStages(model);
    const layers: Layer[] = [];
    let folded = 0;
    let bns = 0;
    let constants = 0;
    let pools = 0;
    let next = 0;
    let zeroPadded = 0;
    for (const sl of stages) {
      if (sl.activation.kind !== 'sign') continue; // already folded, or the last stage (the head): copied as is
      // A zero-padded conv on ±1 activations keeps its batchnorm/sign: its
      // thresholds depend on the border class, so lowering folds them.
      if (sl.conv && isZeroPadded(sl.conv.layer, sl.input)) {
        zeroPadded++;
        continue;
      }
      // Layers before this stage (a flatten, or earlier stages) are copied unchanged.
      while (next < sl.denseIndex) layers.push(model.layers[next++]!);
      const channels = foldStageThresholds(sl);
      constants += channels.filter((ch) => ch.kind === 'const').length;
      folded++;
      if (sl.batchnorm) bns++;
      const layer = model.layers[sl.denseIndex]!;
      if (layer.type !== 'dense' && layer.type !== 'conv2d') throw new Error('internal: stage does not start with dense/conv2d');
      layers.push({ ...layer, alpha: null, bias: null });
      // A maxpool before the batchnorm/sign stays before the threshold, which
      // then compares the pooled accumulator max q (exact: s(q) and
      // s·alpha + bias are non-decreasing, alpha >= 0).
      if (sl.conv?.pool?.position === 'pre') {
        layers.push(sl.conv.pool.layer);
        pools++;
      }
      const name = sl.dense.name === undefined ? {} : { name: `${sl.dense.name}_threshold` };
      layers.push({ type: 'threshold', ...name, channels });
      next = sl.activation.index + 1;
    }
    while (next < model.layers.length) layers.push(model.layers[next++]!);
    const kept = zeroPadded > 0 ? `${zeroPadded} zero-padded conv${zeroPadded === 1 ? '' : 's'} kept with sign (folded per border class when lowering)` : '';
    if (folded === 0) return { model, changed: false, summary: kept || 'no sign activations left to fold' };
    const summary =
      `folded ${folded} sign activation${folded === 1 ? '' : 's'} (${bns} with batchnorm) into thresholds` +
      (constants > 0 ? `, ${constants} constant channel${constants === 1 ? '' : 's'}` : '') +
      (pools > 0 ? `, ${pools} maxpool${pools === 1 ? '' : 's'} kept before the threshold (pooled accumulator)` : '') +
      (kept ? `; ${kept}` : '');
    return { model: { ...model, layers }, changed: true, summary };
  },
};
