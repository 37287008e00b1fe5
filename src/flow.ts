/**
 * The front half of every hardware command, in the one direction data
 * flows: load -> validate -> passes -> plan -> emit.
 */
import { loadModel } from './model/load.js';
import { prepareNetwork } from './passes/lower-network.js';
import { planNetwork, type Plan, type WeightPlacement } from './plan/plan.js';
import { parseFoldSpec } from './plan/fold-spec.js';
import { isAutoMode, parseModeSpec } from './plan/mode-spec.js';
import { parseLowerSpec } from './plan/lower-spec.js';
import { emitDesign, type EmittedDesign, type FoldBudgetRecord } from './emit/design.js';
import { checkTopName } from './emit/identifiers.js';
import type { Model } from './ir/model.js';
import type { Network } from './ir/network.js';
import { chooseFold, exploreFoldings, parseFoldBudget, type ExplorePoint } from './estimate/explore.js';
import { fail } from './diagnostics.js';

export interface DesignOptions {
  fold?: string;
  /** `--mode`: folded (default), hardwired, per layer 'L:hardwired;L:folded', or auto (per layer, with a `--fold auto:…` budget). */
  mode?: string;
  /** `--lower`: auto (default), on, off, or per layer 'L:on;L:off' (hardwired xnor layers). */
  lower?: string;
  top?: string;
  /** `--weights`: weight ROM placement of folded layers (auto, bram, lut). */
  weights?: WeightPlacement;
  allowOutsidePaths?: boolean;
  /** Target and clock a `--fold auto:…` budget is searched for (default generic at 100 MHz). */
  budget?: { target: string; clockMhz: number };
}

export interface DesignFlow {
  model: Model;
  network: Network;
  plan: Plan;
  design: EmittedDesign;
  /** The point a `--fold auto:…` budget chose (null for any other fold). */
  chosen: ExplorePoint | null;
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
  const lower = parseLowerSpec(opts.lower);
  const budget = parseFoldBudget(opts.fold);
  const searchModes = isAutoMode(opts.mode);
  if (searchModes && !budget) {
    fail('E_MODE', '--mode auto chooses folded or hardwired per layer, so it needs a --fold auto:… budget', undefined, {
      hint: "e.g. --mode auto --fold auto:fps=1000000; or give the modes: --mode folded | hardwired | 'L:hardwired;L:folded'",
    });
  }
  let mode = searchModes ? parseModeSpec(undefined) : parseModeSpec(opts.mode);
  let chosen: ExplorePoint | null = null;
  let fold = opts.fold;
  let foldBudget: FoldBudgetRecord | undefined;
  if (budget) {
    const b = opts.budget ?? { target: 'generic', clockMhz: 100 };
    chosen = chooseFold(exploreFoldings(network, b.target, b.clockMhz, { top, mode, searchModes, lower }), budget);
    fold = chosen.fold;
    if (searchModes) mode = parseModeSpec(chosen.mode);
    foldBudget = { spec: opts.fold!.trim(), target: b.target, clockMhz: b.clockMhz, estimatedLuts: chosen.resources.luts };
  }
  const plan = planNetwork(network, { top, fold: parseFoldSpec(fold), mode, lower, weights: opts.weights ?? 'auto' });
  return { model, network, plan, design: emitDesign(plan, foldBudget ? { foldBudget } : {}), chosen };
}
