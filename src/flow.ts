/**
 * The front half of every hardware command, in the one direction data
 * flows: load -> validate -> passes -> plan -> emit.
 */
import { loadModel } from './model/load.js';
import { prepareNetwork } from './passes/lower-network.js';
import { planNetwork, type Plan, type WeightPlacement } from './plan/plan.js';
import { parseFoldSpec } from './plan/fold-spec.js';
import { parseModeSpec } from './plan/mode-spec.js';
import { emitDesign, type EmittedDesign } from './emit/design.js';
import { checkTopName } from './emit/identifiers.js';
import type { Model } from './ir/model.js';
import type { Network } from './ir/network.js';

export interface DesignOptions {
  fold?: string;
  /** `--mode`: folded (default), hardwired, or per layer 'L:hardwired;L:folded'. */
  mode?: string;
  top?: string;
  /** `--weights`: weight ROM placement of folded layers (auto, bram, lut). */
  weights?: WeightPlacement;
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
  const plan = planNetwork(network, { top, fold: parseFoldSpec(opts.fold), mode: parseModeSpec(opts.mode), weights: opts.weights ?? 'auto' });
  return { model, network, plan, design: emitDesign(plan) };
}
