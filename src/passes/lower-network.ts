/**
 * Lowering from a binarized + folded {@link Model} to the hardware-facing
 * {@link Network}, and the standard pipeline that gets any model there.
 */
import { fail, jsonPathJoin } from '../diagnostics.js';
import { hasResidual, type Model } from '../ir/model.js';
import type { Network, Stage } from '../ir/network.js';
import { binarizeWeights } from './binarize-weights.js';
import { foldBorderThresholds, foldThresholds } from './fold-thresholds.js';
import { makeStage } from './make-stage.js';
import { runPasses, type Pass, type PassContext } from './pass.js';
import { failResidualUnsupported, isZeroPadded, splitStages, type StageLayers } from './stage-structure.js';

/** The passes that take any valid model to a lowerable one, in order. */
export const standardPipeline: Pass[] = [binarizeWeights, foldThresholds];

/**
 * Lower a fully binarized and folded model: every dense has bit weights,
 * every hidden stage ends in a threshold layer (a zero-padded conv on ±1
 * activations in its sign, folded here per border class), the last dense
 * (plus its optional batchnorm) becomes the host head.
 * @throws UserError E_STRUCTURE when the model is not binarized/folded.
 */
export function lowerToNetwork(model: Model): Network {
  const parts = splitStages(model);
  const stages: Stage[] = parts.map((sl, index) => {
    const path = jsonPathJoin('layers', sl.denseIndex);
    if (sl.dense.weight.format !== 'bits') {
      fail('E_STRUCTURE', 'cannot lower a dense layer with float weights', { jsonPath: jsonPathJoin(path, 'weight') }, {
        hint: 'run the binarize-weights pass first (prepareNetwork runs the whole pipeline)',
      });
    }
    const zeroPadded = sl.conv !== null && isZeroPadded(sl.conv.layer, sl.input);
    if (sl.activation.kind === 'sign' && !zeroPadded) {
      fail('E_STRUCTURE', 'cannot lower a sign activation that is not folded into thresholds', { jsonPath: jsonPathJoin('layers', sl.activation.index) }, {
        hint: 'run the fold-thresholds pass first (prepareNetwork runs the whole pipeline)',
      });
    }
    const isLast = sl.activation.kind === 'none';
    if (isLast && sl.dense.alpha === 'auto') {
      fail('E_STRUCTURE', 'alpha "auto" is not resolved', { jsonPath: jsonPathJoin(path, 'alpha') }, {
        hint: 'run the binarize-weights pass first',
      });
    }
    if (zeroPadded) {
      if (sl.dense.alpha === 'auto') fail('E_STRUCTURE', 'alpha "auto" is not resolved', { jsonPath: jsonPathJoin(path, 'alpha') }, { hint: 'run the binarize-weights pass first' });
      const border = foldBorderThresholds(sl);
      return makeStage(sl, index, border.activation[0]!, border);
    }
    return makeStage(sl, index, sl.activation.kind === 'threshold' ? sl.activation.layer.channels.slice() : null);
  });
  return { name: model.name, input: model.input, stages, head: networkHead(parts[parts.length - 1]!) };
}

/** The host-side head of a network: the last (score) layer's alpha, bias and final BatchNorm. */
export function networkHead(last: StageLayers): Network['head'] {
  const bn = last.batchnorm;
  return {
    alpha: last.dense.alpha as Float64Array | null,
    bias: last.dense.bias,
    batchnorm: bn ? { gamma: bn.gamma, beta: bn.beta, mean: bn.mean, var: bn.var, eps: bn.eps } : null,
  };
}

/**
 * Run {@link standardPipeline} on `model`, then {@link lowerToNetwork}.
 * Pass summaries go to `ctx.log`, models after each pass to `ctx.dump`.
 */
export function prepareNetwork(model: Model, ctx: PassContext = {}): Network {
  // Before any pass runs: every hardware command refuses a residual network with the same diagnostic.
  if (hasResidual(model)) failResidualUnsupported(model);
  return lowerToNetwork(runPasses(model, standardPipeline, ctx).model);
}
