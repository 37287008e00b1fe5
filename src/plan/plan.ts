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
import { fail } from '../diagnostics.js';
import { accRange, scoreRange, stageInputSize, type Network, type Stage, type StageBorder } from '../ir/network.js';
import { elementBits } from '../ir/beats.js';
import { clog2, signedWidth } from './widths.js';
import { resolveFolding, type Folding } from './folding.js';
import type { FoldSpec } from './fold-spec.js';
import { resolveModes, type LayerMode, type ModeSpec } from './mode-spec.js';
import { imageTiming, type ConvPipelineTiming } from './conv-timing.js';
import { resolveLower, type LowerChoice, type LowerSpec } from './lower-spec.js';
import { accOffset, canLower, decideLowering } from './lowering.js';

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

/**
 * Depth of the FIFO in front of layer `next`: INTER_LAYER_FIFO_DEPTH, or at
 * least one image row (w pixels) in front of a window or gather unit. A
 * line-buffer unit stops taking pixels while its window waits for the
 * MVU, and the layer before produces its pixels in bursts (a pool emits a
 * row of pooled pixels, then nothing for SH rows): a row of slack lets the
 * two layers overlap (digits CNN: II 643 -> 590 cycles).
 */
export function fifoDepth(next: LayerPlan): number {
  return Math.max(INTER_LAYER_FIFO_DEPTH, next.window ? next.window.w : 0);
}

export interface LayerPlan {
  index: number;
  /** Display name from the model (unsanitised). */
  name: string;
  stage: Stage;
  /** folded: siman_mvu (weights in a ROM); hardwired: siman_hwu + lanes (weights as logic, SIMD = IN). */
  mode: LayerMode;
  /**
   * Hardwired `xnor` lowered onto the AND datapath (src/plan/lowering.ts):
   * the lanes sum one side of their weights and siman_hwlower adds the
   * shared input popcount; the accumulator is q − accOffset (threshold and
   * score constants shifted to match).
   */
  lowered: boolean;
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
  /** Input handshake -> m_tvalid, no stalls (of the MVU alone). */
  latencyCycles: number;
  /** Window (conv) or gather (first dense after a conv) unit in front of the MVU, or null. */
  window: WindowPlan | null;
  /** Max-pool unit behind the MVU, or null. */
  pool: WindowPlan | null;
  /**
   * Border classes of a zero-padded conv on ±1 activations (1 otherwise):
   * the window sends each window's class beside it and the constant ROM
   * holds classes·NF words, word k·NF + nf (docs/numerics.md §9).
   */
  classes: number;
  /** Bits of the class index (CLS_W; 1 when classes = 1). */
  classWidth: number;
  /** Vectors the MVU processes per image: out_h·out_w for a conv layer, 1 for a dense one. */
  positions: number;
  /** Bits of one beat leaving the layer (after the pool unit): what the next FIFO holds. */
  beatBits: number;
}

/**
 * One rtl/siman_window instance: a conv layer's sliding-window unit (in
 * front of its MVU), a max-pool unit (behind it, `pool` set) or the
 * gather unit in front of the first dense layer after a conv (a window
 * over the whole image: flatten order). A streaming line buffer: it takes
 * `pixels` beats of c·ebw bits per image, shifts them (and the pad pixels
 * it injects itself) through a shift register of `bufferPixels` pixels and
 * emits `positions` beats of `outBits` as their windows complete.
 */
export interface WindowPlan {
  role: 'window' | 'pool' | 'gather';
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  /** Bits per element (1 for bits, the input bits for a uint first layer). */
  ebw: number;
  /** Value of a padded tap as the unit's PAD parameter (0/1; 0 for uint). */
  padBits: number;
  /** Value of a padded tap in element form (uint 0, bipolar ±1), for the simulator. */
  padElement: number;
  /** Per channel, pool units only: 'and' reduces with AND, 'or' with OR. */
  ops: ('or' | 'and')[] | null;
  /** Border classes sent beside each window (1: none), and the class index width. */
  classes: number;
  classWidth: number;
  /**
   * classes > 1: per padded row g, the row class times the column classes
   * of the windows whose bottom row is g (0 elsewhere); per padded column,
   * the column class of the windows whose right column it is. A window's
   * class is their sum at its bottom-right tap (the RTL's ROW_CLS / COL_CLS).
   */
  rowClassBase: number[];
  colClass: number[];
  pixels: number;
  /** Padded image height h + 2·ph: rows shifted through the line buffer per image. */
  paddedHeight: number;
  /** Padded image width w + 2·pw: pixels per line of the line buffer. */
  paddedWidth: number;
  /** Line buffer (shift register) length in pixels of c·ebw bits: (kh − 1)·paddedWidth + kw. */
  bufferPixels: number;
  oh: number;
  ow: number;
  positions: number;
  inBits: number;
  outBits: number;
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
  /** Bits of one input beat: the whole vector, or one pixel (all channels) of an image. */
  inputBits: number;
  /** 'vector': one beat per input; 'pixel': an image [c,h,w] as h·w beats, row-major, channel c at [c·EB +: EB]. */
  inputBeat: 'vector' | 'pixel';
  inputBeatsPerVector: number;
  classes: number;
  scoreBits: number;
  outputBits: number;
  /** Conv networks: the per-image schedule the II and latency come from (null for dense-only). */
  convTiming: ConvPipelineTiming | null;
  /** Weight ROM placement asked of synthesis (folded layers). */
  weights: WeightPlacement;
  /** Steady-state cycles per vector (per image): the slowest layer's II; see conv-timing.ts for conv networks. */
  iiCycles: number;
  /** Cycles from the input handshake of a vector entering an idle pipeline to its output handshake (no stalls). */
  latencyCycles: number;
}

/**
 * Where folded layers keep their weight ROMs: `auto` leaves it to
 * synthesis (what a flow does with a plain ROM), `bram` asks for block
 * RAM, `lut` for logic.
 */
export type WeightPlacement = 'auto' | 'bram' | 'lut';

export const WEIGHT_PLACEMENTS: readonly WeightPlacement[] = ['auto', 'bram', 'lut'];

export interface PlanOptions {
  top: string;
  fold: FoldSpec;
  /** Per-layer weight mode (default: every layer folded). */
  mode?: ModeSpec;
  /** Weight ROM placement of folded layers (default auto). */
  weights?: WeightPlacement;
  /** Per-layer `--lower` choice for hardwired `xnor` layers (default auto). */
  lower?: LowerSpec;
}

/** Popcount pipeline depth: one register per 4 adder levels (0 for SIMD = 1). */
export function popcountDepth(simd: number): number {
  return Math.ceil(Math.log2(simd) / 4);
}

/** Plan the whole pipeline for a network. */
export function planNetwork(network: Network, opts: PlanOptions): Plan {
  const modes = resolveModes(network.stages.length, opts.mode ?? { kind: 'all', mode: 'folded' });
  const shapes = network.stages.map((s) => ({ in: s.in, out: s.out, positions: s.kind === 'conv' ? s.convShape[1] * s.convShape[2] : 1 }));
  const folds = resolveFolding(shapes, opts.fold, modes);
  const lower = resolveLower(network.stages.length, opts.lower ?? { kind: 'all', choice: 'auto' });
  if (opts.lower?.kind === 'explicit') {
    for (const [i, choice] of opts.lower.layers) {
      if (choice === 'on' && !canLower(network.stages[i]!, modes[i] === 'hardwired')) {
        fail('E_LOWER', `--lower ${i}:on, but layer ${i} is ${modes[i]} under ${network.stages[i]!.semantics}: only a hardwired xnor layer can be lowered`, undefined, {
          hint: `give it --mode '${i}:hardwired' (and xnor weights), or drop ${i}:on`,
        });
      }
    }
  }
  const layers = network.stages.map((stage, i) =>
    planLayer(stage, folds[i]!, modes[i]!, lower[i]!, i === network.stages.length - 1, i > 0 ? network.stages[i - 1]! : null),
  );
  const fifos: FifoPlan[] = layers.slice(0, -1).map((l) => ({
    after: l.index,
    width: l.beatBits,
    depth: fifoDepth(layers[l.index + 1]!),
    latencyCycles: FIFO_LATENCY,
  }));
  const last = layers[layers.length - 1]!;
  const eb = elementBits(network.input.encoding);
  const first = network.stages[0]!;
  const pixel = first.kind === 'conv';
  const plan: Plan = {
    top: opts.top,
    weights: opts.weights ?? 'auto',
    network,
    layers,
    fifos,
    inputElements: stageInputSize(first),
    inputElementBits: eb,
    inputBits: pixel ? first.inShape[0] * eb : first.in * eb,
    inputBeat: pixel ? 'pixel' : 'vector',
    inputBeatsPerVector: pixel ? first.inShape[1] * first.inShape[2] : 1,
    classes: last.out,
    scoreBits: last.scoreWidth,
    outputBits: last.outBits,
    convTiming: null,
    iiCycles: Math.max(...layers.map((l) => l.iiCycles)),
    latencyCycles: layers.reduce((a, l) => a + l.latencyCycles, 0) + fifos.reduce((a, f) => a + f.latencyCycles, 0),
  };
  if (layers.some((l) => l.window || l.pool)) {
    const t = imageTiming(plan);
    plan.convTiming = t;
    plan.iiCycles = t.iiCycles;
    plan.latencyCycles = t.latencyCycles;
  }
  return plan;
}

/** The window unit of a conv stage, or the gather unit of a dense stage after an image. */
function preUnit(stage: Stage, prev: Stage | null, eb: number): WindowPlan | null {
  if (stage.kind === 'conv') {
    const [c, h, w] = stage.inShape;
    // Zero padding of ±1 activations shifts in the bit 0 (its thresholds are per border class).
    const pad = stage.input.kind === 'uint' ? 0 : stage.padValue;
    const wp = windowPlan('window', c, h, w, stage.kernel, stage.stride, stage.padding, eb, pad > 0 ? 1 : 0, stage.border ? -1 : pad, null);
    return stage.border ? withClasses(wp, stage.border) : wp;
  }
  if (prev?.kind === 'conv') {
    const [c, h, w] = prev.outShape;
    return windowPlan('gather', c, h, w, [h, w], [1, 1], [0, 0], 1, 0, 0, null);
  }
  return null;
}

/** A window unit that also sends each window's border class (class tables per padded row / column). */
function withClasses(wp: WindowPlan, b: StageBorder): WindowPlan {
  const classes = b.rows * b.cols;
  const classWidth = Math.max(1, clog2(classes));
  const rowClassBase = new Array<number>(wp.paddedHeight).fill(0);
  const colClass = new Array<number>(wp.paddedWidth).fill(0);
  for (let oy = 0; oy < wp.oh; oy++) rowClassBase[oy * wp.sh + wp.kh - 1] = b.rowClass[oy]! * b.cols;
  for (let ox = 0; ox < wp.ow; ox++) colClass[ox * wp.sw + wp.kw - 1] = b.colClass[ox]!;
  return { ...wp, classes, classWidth, rowClassBase, colClass, outBits: wp.outBits + classWidth };
}

function windowPlan(
  role: WindowPlan['role'],
  c: number,
  h: number,
  w: number,
  k: [number, number],
  s: [number, number],
  p: [number, number],
  ebw: number,
  padBits: number,
  padElement: number,
  ops: WindowPlan['ops'],
): WindowPlan {
  const paddedHeight = h + 2 * p[0];
  const paddedWidth = w + 2 * p[1];
  const oh = Math.floor((paddedHeight - k[0]) / s[0]) + 1;
  const ow = Math.floor((paddedWidth - k[1]) / s[1]) + 1;
  return {
    role, c, h, w, kh: k[0], kw: k[1], sh: s[0], sw: s[1], ph: p[0], pw: p[1], ebw, padBits, padElement, ops,
    classes: 1, classWidth: 1, rowClassBase: [], colClass: [],
    pixels: h * w, paddedHeight, paddedWidth, bufferPixels: (k[0] - 1) * paddedWidth + k[1],
    oh, ow, positions: oh * ow, inBits: c * ebw, outBits: ops ? c : c * k[0] * k[1] * ebw,
  };
}

function planLayer(stage: Stage, fold: Folding, mode: LayerMode, lower: LowerChoice, isLast: boolean, prev: Stage | null): LayerPlan {
  const nf = stage.out / fold.pe;
  const sf = stage.in / fold.simd;
  if (mode === 'hardwired' && sf !== 1) throw new Error(`hardwired layer ${stage.index} planned with SIMD ${fold.simd} != IN ${stage.in}`);
  if (mode === 'hardwired' && stage.kind === 'conv' && stage.border) {
    fail('E_UNSUPPORTED', `layer ${stage.index} (${stage.name}) zero-pads ±1 activations: hardwired mode has no per border class thresholds yet`, undefined, {
      hint: `plan it folded (--mode '${stage.index}:folded'), or use "padValue": -1 or 1; see docs/numerics.md §9`,
    });
  }
  const inputMode: InputMode = stage.input.kind === 'uint' ? 'uint' : 'bits';
  const eb = elementBits(stage.input);
  const outputMode: OutputMode = isLast ? 'score' : 'threshold';
  // The accumulator width over every channel's range, shifted by its lowering offset.
  const accWidthOf = (lowered: boolean): number => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let c = 0; c < stage.out; c++) {
      const [a, b] = accRange(stage, c);
      const off = accOffset(stage, lowered, c);
      lo = Math.min(lo, a - off);
      hi = Math.max(hi, b - off);
    }
    // Threshold mode also holds thresholds clamped to one step outside [lo, hi].
    return outputMode === 'threshold' ? signedWidth(lo - 1, hi + 1) : signedWidth(lo, hi);
  };
  let slo = Infinity;
  let shi = -Infinity;
  for (let c = 0; c < stage.out; c++) {
    const [sa, sb] = scoreRange(stage, c);
    slo = Math.min(slo, sa);
    shi = Math.max(shi, sb);
  }
  const lowered = decideLowering(stage, mode === 'hardwired', lower, fold.pe, eb, accWidthOf(false));
  const accWidth = accWidthOf(lowered);
  // The score constant B_c (score = A·q − B_c) must fit the score width too
  // (lowered: B_c = 2·K_c − n, within [−n, n]).
  const bMax = inputMode === 'uint' ? 0 : stage.semantics === 'xnor' ? stage.in : Math.max(...stage.ones);
  const scoreWidth = outputMode === 'score' ? signedWidth(slo, Math.max(shi, bMax)) : 0;
  const depth = popcountDepth(fold.simd);
  const outBits = outputMode === 'score' ? stage.out * scoreWidth : stage.out;
  const window = preUnit(stage, prev, eb);
  let pool: WindowPlan | null = null;
  if (stage.kind === 'conv' && stage.pool) {
    const [, oh, ow] = stage.convShape;
    pool = windowPlan('pool', stage.out, oh, ow, stage.pool.kernel, stage.pool.stride, [0, 0], 1, 0, 0, stage.pool.op.slice());
  }
  return {
    index: stage.index,
    name: stage.name,
    stage,
    mode,
    lowered,
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
    outBits,
    iiCycles: nf * sf,
    latencyCycles: mode === 'hardwired' ? nf + depth + HWU_EXTRA_LATENCY : nf * sf + depth + MVU_EXTRA_LATENCY,
    window,
    pool,
    classes: window?.classes ?? 1,
    classWidth: window?.classWidth ?? 1,
    positions: stage.kind === 'conv' ? stage.convShape[1] * stage.convShape[2] : 1,
    beatBits: pool ? pool.outBits : outBits,
  };
}
