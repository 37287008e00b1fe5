/**
 * Closed-form resource estimate of the image units of a conv network
 * (rtl/siman_window.v: a conv layer's sliding window, the max-pool unit
 * behind a conv MVU, the gather unit in front of the first dense layer).
 * Like the MVU estimate (analytic.ts), the counts are non-negative linear
 * combinations of hardware bit counts read from the plan, with per-target
 * coefficients fitted against Yosys by bench/calibrate-window.ts
 * (src/estimate/window-coefficients.ts).
 *
 * The unit is a line buffer: a shift register over the padded pixel
 * stream holding (KH−1)·Wp + KW pixels (Wp = W + 2·PW) of C·EBW bits, with
 * fixed taps for the KH·KW window (no multiplexer over positions), pad
 * pixels injected by the unit (a constant selected at the shift-register
 * input), padded row and column counters with constant per-row/per-column
 * tables (padding, window complete); POOL = 1 reduces each channel's taps
 * with AND/OR.
 */
import { createHash } from 'node:crypto';
import { fail } from '../diagnostics.js';
import type { LayerPlan, WindowPlan } from '../plan/plan.js';
import { clog2 } from '../plan/widths.js';
import { applyCoefs, type Coefs, type EstimateCounts } from './analytic.js';
import { WINDOW_COEFFICIENTS, type WindowTargetCoefficients } from './window-coefficients.js';

/** Features of one siman_window instance; names are the keys of the coefficient tables. */
export interface WindowFeatures {
  /** 1 (intercept). */
  one: number;
  /**
   * Stored bits that stay flip-flops even on a target with shift-register
   * primitives: line-buffer bits × C·EBW minus `srlBits`.
   */
  ffStore: number;
  /**
   * Stored bits a shift-register primitive can take: every run of
   * untapped pixels between two window rows (Wp − KW pixels, KH − 1 runs)
   * plus the tap it feeds (read from the primitive's output), when that
   * chain has at least {@link MIN_SRL_CHAIN} pixels, × C·EBW. Flip-flops on
   * iCE40/ECP5/generic, SRLs on Xilinx.
   */
  srlBits: number;
  /** Shift-register primitives for `srlBits`: one per bit and run, per {@link SRL_DEPTH} bits. */
  srlRuns: number;
  /** Window taps C·KH·KW·EBW (the window presented to the MVU; the pool unit's reduction inputs are `poolIn`). */
  tapBits: number;
  /** Shift-register input bits C·EBW of a unit that pads (PH or PW > 0: a constant pad pixel is selected there), else 0. */
  padBits: number;
  /** Shift-register input bits C·EBW of a unit that does not pad, else 0 (the input maps differently without a pad select). */
  plainBits: number;
  /** Pool reduction inputs C·KH·KW (POOL = 1), else 0. */
  poolIn: number;
  /** Counter bits: padded row and column counters (with border classes also the two class registers and their adder, 2·CLS_W). */
  ctr: number;
  /**
   * Entries of the constant row and column tables (Hp + Wp; each entry is
   * the pad and the window-complete bit). With border classes the CLS_W-bit
   * ROW_CLS / COL_CLS tables add (Hp + Wp)·CLS_W / 2 entries' worth of bits.
   */
  tables: number;
}

export const WINDOW_FEATURE_KEYS: readonly (keyof WindowFeatures)[] = ['one', 'plainBits', 'ffStore', 'srlBits', 'srlRuns', 'tapBits', 'padBits', 'poolIn', 'ctr', 'tables'];

/** Shortest chain of flip-flops Yosys maps to a shift-register primitive (synth_xilinx: shregmap -minlen 3): an untapped run plus the tap it feeds. */
export const MIN_SRL_CHAIN = 3;

/** Depth of one shift-register primitive (SRLC32E). */
export const SRL_DEPTH = 32;

/** Estimated counts of one unit; `lutrams`: shift-register / distributed-RAM cells (Xilinx SRLs), separate from LUTs as in `synth`. */
export interface WindowCounts extends EstimateCounts {
  lutrams: number;
}

/** Register width of a counter over n values (at least 1, as in the RTL). */
const counterBits = (n: number): number => Math.max(1, clog2(n));

export function windowFeatures(wp: WindowPlan): WindowFeatures {
  const pix = wp.c * wp.ebw;
  const taps = wp.c * wp.kh * wp.kw;
  const pool = wp.ops !== null;
  const { paddedHeight, paddedWidth, bufferPixels } = wp;
  // Untapped pixels between the last tap of one window row and the first of the next.
  const gap = paddedWidth - wp.kw;
  const srl = gap > 0 && gap + 1 >= MIN_SRL_CHAIN;
  const srlPixels = srl ? (wp.kh - 1) * (gap + 1) : 0;
  return {
    one: 1,
    ffStore: (bufferPixels - srlPixels) * pix,
    srlBits: srlPixels * pix,
    srlRuns: srl ? (wp.kh - 1) * pix * Math.ceil((gap + 1) / SRL_DEPTH) : 0,
    tapBits: pool ? 0 : taps * wp.ebw,
    padBits: wp.ph + wp.pw > 0 ? pix : 0,
    plainBits: wp.ph + wp.pw > 0 ? 0 : pix,
    poolIn: pool ? taps : 0,
    ctr: counterBits(paddedHeight) + counterBits(paddedWidth) + (wp.classes > 1 ? 2 * wp.classWidth : 0),
    tables: (paddedHeight + paddedWidth) * (wp.classes > 1 ? 1 + wp.classWidth / 2 : 1),
  };
}

export function windowCoefficientsFor(target: string): WindowTargetCoefficients {
  const c = WINDOW_COEFFICIENTS[target];
  if (!c) {
    fail('E_UNSUPPORTED', `no window-unit estimator coefficients for target '${target}'`, undefined, {
      hint: `calibrated targets: ${Object.keys(WINDOW_COEFFICIENTS).join(', ') || 'none'}; add one with 'npx tsx bench/calibrate-window.ts --target ${target}'`,
    });
  }
  return c;
}

/** Counts of one unit from its features. */
export function windowCounts(f: WindowFeatures, c: WindowTargetCoefficients): WindowCounts {
  const r = (coefs: Coefs<WindowFeatures>): number => Math.round(applyCoefs(coefs, f));
  return { luts: r(c.luts), ffs: r(c.ffs), carries: r(c.carries), brams: 0, lutrams: r(c.lutrams) };
}

export interface UnitEstimate {
  role: WindowPlan['role'];
  counts: WindowCounts;
  features: WindowFeatures;
}

/** The window/gather unit in front of a layer's MVU and the pool unit behind it (null where the layer has none). */
export function estimateLayerUnits(l: LayerPlan, target: string): { window: UnitEstimate | null; pool: UnitEstimate | null } {
  if (!l.window && !l.pool) return { window: null, pool: null };
  const c = windowCoefficientsFor(target);
  const unit = (wp: WindowPlan | null): UnitEstimate | null => {
    if (!wp) return null;
    const features = windowFeatures(wp);
    return { role: wp.role, counts: windowCounts(features, c), features };
  };
  return { window: unit(l.window), pool: unit(l.pool) };
}

/** Short hash of a siman_window.v text: the coefficients record the RTL they were fitted on. */
export function windowRtlHash(verilog: string): string {
  return createHash('sha256').update(verilog).digest('hex').slice(0, 16);
}
