/**
 * The front half of every hardware command, in the one direction data
 * flows: load -> validate -> passes -> plan -> emit.
 */
import { loadModel } from './model/load.js';
import { prepareNetwork } from './passes/lower-network.js';
import { planNetwork, type Plan } from './plan/plan.js';
import { parseFoldSpec } from './plan/fold-spec.js';
import { parseModeSpec } from './plan/mode-spec.js';
import { emitDesign, type EmittedDesign } from './emit/design.js';
import { checkTopName } from './emit/identifiers.js';
import { fail } from './diagnostics.js';
import type { Model } from './ir/model.js';
import type { Network } from './ir/network.js';

export interface DesignOptions {
  fold?: string;
  /** `--mode`: folded (default), hardwired, or per layer 'L:hardwired;L:folded'. */
  mode?: string;
  top?: string;
  allowOutsidePaths?: boolean;
}

export interface DesignFlow {
  model: Model;
  network: Network;
  plan: Plan;
  design: EmittedDesign;
}

/** Load a model file and carry it through to an emitted design. */
export function designFromFile(modelPath: string, opts: DesignOptions = {}): DesignFlow {
  const model = loadModel(modelPath, { allowOutsidePaths: opts.allowOutsidePaths === true });
  return designFromModel(model, opts);
}

/** Carry an in-memory model through to an emitted design. */
export function designFromModel(model: Model, opts: DesignOptions = {}): DesignFlow {
  const top = checkTopName(opts.top ?? 'siman_top');
  const network = prepareNetwork(model);
  const plan = planNetwork(network, { top, fold: parseFoldSpec(opts.fold), mode: parseModeSpec(opts.mode) });
  return { model, network, plan, design: emitDesign(plan) };
}

/**
 * The analytic estimator, the report and synth's per-layer resource
 * attribution model MVUs and FIFOs only, not the window/pool/gather units
 * of a conv network: those commands stop here with a diagnostic
 * (generate, simulate and verify handle conv networks).
 * @throws UserError E_UNSUPPORTED naming the first conv stage.
 */
export function requireDenseOnly(network: Network, command: string): void {
  const conv = network.stages.find((s) => s.kind === 'conv');
  if (!conv) return;
  fail('E_UNSUPPORTED', `'${command}' does not model conv layers yet (stage ${conv.index} "${conv.name}" is a conv2d)`, undefined, {
    hint: "'siman-hw generate', 'simulate' and 'verify' handle conv networks",
  });
}
