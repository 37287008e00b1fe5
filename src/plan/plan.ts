/**
 * The hardware plan: one object per layer with everything the emitter, the
 * simulator and the estimator need (folding, widths, pipeline depth, cycle
 * formulas), plus the pipeline around the layers. Nothing downstream
 * recomputes a width or a cycle count: they read the plan (STYLE §6).
 *
 * Pipeline: s_axis -> mvu0 -> fifo0 -> mvu1 -> ... -> mvuN-1 -> m_axis.
 * Cycle facts (docs/architecture.md): an MVU raises m_tvalid
 * NF·SF + DEPTH + 3 cycles after its input handshake; a hardwired unit
 * (siman_hwu, SF = 1) NF + DEPTH + 1 cycles after; a FIFO raises
 * m_tvalid 1 cycle after its input handshake.
 */
import { accRange, scoreRange, type Network, type Stage } from '../ir/network.js';
import { elementBits } from '../ir/beats.js';
import { signedWidth } from './widths.js';
import { resolveFolding, type Folding } from './folding.js';
import type { FoldSpec } from './fold-spec.js';
import { resolveModes, type LayerMode, type ModeSpec } from './mode-spec.js';

export type InputMode = 'bits' | 'uint';
export type OutputMode = 'threshold' | 'score';

/** Cycles from an MVU's input handshake to its m_tvalid, beyond NF·SF. */
export const MVU_EXTRA_LATENCY = 3;
/** Cycles from a hardwired unit's input handshake to its m_tvalid, beyond NF + DEPTH. */
export const HWU_EXTRA_LATENCY = 1;
/** Cycles from a FIFO's input handshake to its m_tvalid. */
export const FIFO_LATENCY = 1;
/** Depth of the FIFO between two layers (2 keeps full throughput: push and pop in one cycle). */
export const INTER_LAYER_FIFO_DEPTH = 2;

export interface LayerPlan {
  index: number;
  /** Display name from the model (unsanitised). */
  name: string;
  stage: Stage;
  /** folded: siman_mvu (weights in a ROM); hardwired: siman_hwu + lanes (weights as logic, SIMD = IN). */
  mode: LayerMode;
  in: number;
  out: number;
  pe: number;
  simd: number;
  /** Neuron folds OUT/PE. */
  nf: number;
  /** Synapse folds IN/SIMD. */
  sf: number;
  inputMode: InputMode;
  /** Bits per input element (1 for bits). */
  eb: number;
  semantics: Stage['semantics'];
  outputMode: OutputMode;
  /** Accumulator width: holds every q and every (clamped) threshold. */
  accWidth: number;
  /** Score width (score mode); 0 in threshold mode. */
  scoreWidth: number;
  /** Pipeline registers inside the popcount / adder tree. */
  depth: number;
  /** Bits of one input beat of this layer: in·eb. */
  inBits: number;
  /** Bits of one output beat: out (threshold) or out·scoreWidth (score). */
  outBits: number;
  /** Cycles per vector: nf·sf (nf when hardwired). */
  iiCycles: number;
  /** Input handshake -> m_tvalid, no stalls. */
  latencyCycles: number;
}

export interface FifoPlan {
  /** Sits after layer `after`. */
  after: number;
  width: number;
  depth: number;
  latencyCycles: number;
}

export interface Plan {
  top: string;
  network: Network;
  layers: LayerPlan[];
  fifos: FifoPlan[];
  inputElements: number;
  inputElementBits: number;
  inputBits: number;
  classes: number;
  scoreBits: number;
  outputBits: number;
  /** Steady-state cycles per vector: the slowest layer's II. */
  iiCycles: number;
  /** Cycles from the input handshake of a vector entering an idle pipeline to its output handshake (no stalls). */
  latencyCycles: number;
}

export interface PlanOptions {
  top: string;
  fold: FoldSpec;
  /** Per-layer weight mode (default: every layer folded). */
  mode?: ModeSpec;
}

/** Popcount pipeline depth: one register per 4 adder levels (0 for SIMD = 1). */
export function popcountDepth(simd: number): number {
  return Math.ceil(Math.log2(simd) / 4);
}

/** Plan the whole pipeline for a network. */
export function planNetwork(network: Network, opts: PlanOptions): Plan {
  const modes = resolveModes(network.stages.length, opts.mode ?? { kind: 'all', mode: 'folded' });
  const folds = resolveFolding(network.stages, opts.fold, modes);
  const layers = network.stages.map((stage, i) => planLayer(stage, folds[i]!, modes[i]!, i === network.stages.length - 1));
  const fifos: FifoPlan[] = layers.slice(0, -1).map((l) => ({
    after: l.index,
    width: l.outBits,
    depth: INTER_LAYER_FIFO_DEPTH,
    latencyCycles: FIFO_LATENCY,
  }));
  const last = layers[layers.length - 1]!;
  const eb = elementBits(network.input.encoding);
  return {
    top: opts.top,
    network,
    layers,
    fifos,
    inputElements: network.stages[0]!.in,
    inputElementBits: eb,
    inputBits: network.stages[0]!.in * eb,
    classes: last.out,
    scoreBits: last.scoreWidth,
    outputBits: last.outBits,
    iiCycles: Math.max(...layers.map((l) => l.iiCycles)),
    latencyCycles: layers.reduce((a, l) => a + l.latencyCycles, 0) + fifos.reduce((a, f) => a + f.latencyCycles, 0),
  };
}

function planLayer(stage: Stage, fold: Folding, mode: LayerMode, isLast: boolean): LayerPlan {
  const nf = stage.out / fold.pe;
  const sf = stage.in / fold.simd;
  if (mode === 'hardwired' && sf !== 1) throw new Error(`hardwired layer ${stage.index} planned with SIMD ${fold.simd} != IN ${stage.in}`);
  const inputMode: InputMode = stage.input.kind === 'uint' ? 'uint' : 'bits';
  const eb = elementBits(stage.input);
  const outputMode: OutputMode = isLast ? 'score' : 'threshold';
  let lo = Infinity;
  let hi = -Infinity;
  let slo = Infinity;
  let shi = -Infinity;
  for (let c = 0; c < stage.out; c++) {
    const [a, b] = accRange(stage, c);
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
    const [sa, sb] = scoreRange(stage, c);
    slo = Math.min(slo, sa);
    shi = Math.max(shi, sb);
  }
  // Threshold mode also holds thresholds clamped to one step outside [lo, hi].
  const accWidth = outputMode === 'threshold' ? signedWidth(lo - 1, hi + 1) : signedWidth(lo, hi);
  // The score constant B_c (score = A·q − B_c) must fit the score width too.
  const bMax = inputMode === 'uint' ? 0 : stage.semantics === 'xnor' ? stage.in : Math.max(...stage.ones);
  const scoreWidth = outputMode === 'score' ? signedWidth(slo, Math.max(shi, bMax)) : 0;
  const depth = popcountDepth(fold.simd);
  return {
    index: stage.index,
    name: stage.name,
    stage,
    mode,
    in: stage.in,
    out: stage.out,
    pe: fold.pe,
    simd: fold.simd,
    nf,
    sf,
    inputMode,
    eb,
    semantics: stage.semantics,
    outputMode,
    accWidth,
    scoreWidth,
    depth,
    inBits: stage.in * eb,
    outBits: outputMode === 'score' ? stage.out * scoreWidth : stage.out,
    iiCycles: nf * sf,
    latencyCycles: mode === 'hardwired' ? nf + depth + HWU_EXTRA_LATENCY : nf * sf + depth + MVU_EXTRA_LATENCY,
  };
}
