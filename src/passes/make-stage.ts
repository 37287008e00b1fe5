/** Build the hardware-facing {@link Stage} of one binarized dense or conv layer. */
import type { ThresholdChannel } from '../ir/model.js';
import type { ConvStage, PoolOp, Stage, StageBorder } from '../ir/network.js';
import type { StageLayers } from './stage-structure.js';

/**
 * The stage for `sl` (whose weights must already be bits), with the given
 * folded activation (null for the last stage; conv stages always have one)
 * and, for a zero-padded conv on ±1 activations, its per border class
 * thresholds (`activation` is then class 0's).
 */
export function makeStage(sl: StageLayers, index: number, activation: ThresholdChannel[] | null, border: StageBorder | null = null): Stage {
  const { dense } = sl;
  if (dense.weight.format !== 'bits') {
    throw new Error(`internal: layers[${sl.denseIndex}] is not binarized; run binarize-weights first`);
  }
  const bits = dense.weight.data;
  const ones = new Int32Array(dense.out);
  for (let c = 0; c < dense.out; c++) {
    let k = 0;
    for (let i = c * dense.in; i < (c + 1) * dense.in; i++) k += bits[i]!;
    ones[c] = k;
  }
  const common = { index, name: dense.name ?? `layer${index}`, in: dense.in, out: dense.out, semantics: dense.semantics, input: sl.input, bits, ones };
  if (!sl.conv) return { kind: 'dense', ...common, activation };
  const { layer, inShape, convShape, outShape, pool } = sl.conv;
  if (activation === null) throw new Error(`internal: conv layers[${sl.denseIndex}] has no activation`);
  const stage: ConvStage = {
    kind: 'conv',
    ...common,
    activation,
    inShape,
    kernel: layer.kernel,
    stride: layer.stride,
    padding: layer.padding,
    padValue: layer.padding[0] === 0 && layer.padding[1] === 0 ? 0 : layer.padValue,
    convShape,
    pool: pool ? { kernel: pool.layer.kernel, stride: pool.layer.stride, op: activation.map((ch, c) => poolOpAll(border ? border.activation.map((a) => a[c]!) : [ch], pool.position)) } : null,
    outShape,
    border,
  };
  return stage;
}

/**
 * How a channel pools its thresholded bits. After the sign: max of ±1 = OR.
 * Before the batchnorm/sign (the threshold compares the pooled accumulator,
 * max q): [max q ≥ t] = OR of [q ≥ t]; [max q ≤ t] = AND of [q ≤ t];
 * a constant channel gives equal bits (OR).
 */
export function poolOp(ch: ThresholdChannel, position: 'pre' | 'post'): PoolOp {
  return position === 'pre' && ch.kind === 'le' ? 'and' : 'or';
}

/**
 * {@link poolOp} of a channel with one threshold per border class: the
 * channel's decision is one monotone function of the pooled value, so
 * every non-constant class has the same direction; `and` if it is `le`.
 */
function poolOpAll(chs: ThresholdChannel[], position: 'pre' | 'post'): PoolOp {
  return chs.some((ch) => poolOp(ch, position) === 'and') ? 'and' : 'or';
}
