/**
 * Closed-form resource estimate per layer, read from the plan only
 * (STYLE §6): every quantity below is a count of hardware bits or lanes of
 * the MVU (docs/architecture.md), and the number of LUTs / FFs / carries is
 * a linear combination of them with per-target coefficients fitted against
 * flattened Yosys synthesis by bench/calibrate.ts (src/estimate/coefficients.ts;
 * hardwired units have coefficients of their own). Block RAM is a rule, not a
 * fit (read off the calibration data and bench/bram-sweep.ts), in as many
 * blocks as the ROM's stored shape needs. Runs in microseconds.
 *
 * Weight density enters through the weight image itself: an `and` lane
 * (PE·SIMD position) whose weight is 0 in every word has no logic, and a
 * ROM column that is constant over all words costs no LUTs.
 */
import { fail } from '../diagnostics.js';
import type { LayerPlan, Plan } from '../plan/plan.js';
import { clog2 } from '../plan/widths.js';
import { COEFFICIENTS, type TargetCoefficients } from './coefficients.js';
import { hardwiredFeatures } from './hardwired-features.js';
import { consumedChannels } from './liveness.js';
import { laneTreeSize } from './structure-features.js';

/** Features of one MVU; names are the keys of the coefficient tables. */
export interface MvuFeatures {
  /** 1 (intercept). */
  one: number;
  /** Bits input: popcount lanes with logic (an `and` lane whose weight is 0 in every word has none). */
  popLanes: number;
  /** Uint input: adder-tree operand bits PE·SIMD·EB (the weight gate does not remove lanes here). */
  addBits: number;
  /** Uint input with xnor (conditional negate): PE·SIMD·EB, else 0. */
  negBits: number;
  /**
   * Uint input with xnor, operands of more than 4 bits (EB + 1 > 4): PE·SIMD·(EB+1), else 0.
   * ECP5 puts such a leaf's negation (an EB+1-bit increment) on a carry chain and
   * spends about 2·EB+1 LUT4s on its select; narrower negations fold into LUTs.
   */
  negWide: number;
  /** Bits input: popcount adder bits, PE × Σ adder widths of a SIMD-leaf tree, scaled by the live-lane fraction. */
  popTree: number;
  /**
   * Uint input, `and`: adder-tree adder bits, PE × Σ adder widths of a SIMD-leaf tree of EB-bit operands.
   * Unsigned adder chains are merged into multi-operand adders (Yosys `alumacc`), which ECP5 maps to LUTs.
   */
  addTree: number;
  /** Uint input, `xnor`: the same for the signed tree of (EB+1)-bit operands, adders wider than 4 bits (carry chains). */
  addTreeX: number;
  /** ... and its adders of at most 4 bits (ECP5 builds these from LUTs). */
  addTreeXn: number;
  /** Weight ROM in LUTs: non-constant columns × ceil(words/16) (LUT4 granularity); 0 when in BRAM. */
  romLuts: number;
  /** The same at LUT6 granularity: non-constant columns × ceil(words/64); 0 when in BRAM. */
  romLuts64: number;
  /**
   * Weight ROM in logic: non-constant columns × address bits clog2(words) × EB. Flattened, a
   * column of few words merges with its product into the popcount's (adder tree's) first LUTs;
   * from about 4 address bits on (16 words) the column and its gate need LUTs of their own, one
   * per operand bit of a uint lane.
   */
  romAddr: number;
  /**
   * Weight ROM in block RAM: the product gates, PE·SIMD live bits lanes (PE·SIMD·EB operand bits
   * for uint), else 0. A block RAM's registered data output does not merge with the gate into the
   * popcount's first LUTs as a logic ROM column does, so the gates are LUTs of their own (xc7 maps a
   * 512-input PE of block-RAM weights with ~500 LUT2s).
   */
  bramGate: number;
  /** Weight ROM output register bits (non-constant columns; 0 when in BRAM) of a ROM of more than 8 words. */
  romRegs: number;
  /** The same for a ROM of at most 8 words (Yosys mostly registers its few address bits instead). */
  romRegsTiny: number;
  /** Input-slice select, SF > 1, SIMD·EB a power of two (indexed part-select): (IN − SIMD)·EB. */
  inMux: number;
  /** The same for other SIMD·EB, where rtl/siman_mvu.v selects with a one-hot AND-OR: (IN − SIMD)·EB. */
  inMuxAo: number;
  /** Input buffer bits IN·EB. */
  inBuf: number;
  /** Slice register bits SIMD·EB. */
  xq: number;
  /** Pipeline register bits inside the PE trees (registered levels and output delay, {@link sumtreeSize}). */
  treeRegs: number;
  /** Threshold layer: accumulators PE·ACC_W (adder + threshold compare); 0 in score mode. */
  acc: number;
  /**
   * Score layer: accumulator register bits PE·ACC_W (flip-flop fit only; its LUTs go with
   * `score`, which equals it on every calibration point, so a separate LUT term cannot be fitted).
   */
  accScore: number;
  /** Score layer: accumulator and score arithmetic PE·SW. */
  score: number;
  /** Output collect + m_tdata bits. */
  outRegs: number;
  /** Constant ROM bits per word × ceil(words/16), words = NF (classes·NF with border classes), when words > 1 and not in BRAM. */
  constRom: number;
  /** Counter bits: clog2(NF) + clog2(SF) + clog2(NF·SF). */
  ctr: number;
}

/**
 * Features of one FIFO. Its storage is either flip-flops (`one`, `width`,
 * `bits`) or, on targets with LUT-RAM from the calibrated minimum width on,
 * LUT-RAM (`ram`, `ramWidth`; the RAM cells themselves are not LUTs); the
 * other group is 0.
 */
export interface FifoFeatures {
  /** 1 for a flip-flop FIFO. */
  one: number;
  /** Data width (flip-flop FIFO). */
  width: number;
  /** Data bits stored, width × depth (flip-flop FIFO). */
  bits: number;
  /** 1 for a LUT-RAM FIFO. */
  ram: number;
  /** Data width of a LUT-RAM FIFO. */
  ramWidth: number;
}

export type Coefs<F> = Partial<Record<keyof F, number>>;

export interface EstimateCounts {
  luts: number;
  ffs: number;
  carries: number;
  brams: number;
}

export interface LayerEstimate {
  index: number;
  name: string;
  mvu: EstimateCounts;
  fifo: EstimateCounts | null;
  /** mvu + fifo (same split as the `synth` report). */
  total: EstimateCounts;
  features: MvuFeatures;
}

export interface AnalyticEstimate {
  target: string;
  /** The Yosys version and engine the coefficients were fitted against. */
  calibratedWith: string;
  layers: LayerEstimate[];
  total: EstimateCounts;
}


/** Block RAMs for a ROM of `words` × `width`, or 0 when it stays in logic. */
export function romBrams(romWords: number, width: number, c: TargetCoefficients): number {
  const b = c.bram;
  if (!b || romWords < b.minWords || romWords * width < b.minBits) return 0;
  // siman_rom stores 2^ceil(log2 DEPTH) words (the ones above DEPTH uninitialised), and the
  // block-RAM mapper covers all of them (iCE40, 4608 words x 256: 512 blocks, not 384).
  const words = 2 ** clog2(romWords);
  // Widest aspect ratio whose depth covers the ROM, else the deepest one cascaded.
  const blocks = (configs: Array<[number, number]>): number => {
    const fit = configs.find(([d]) => d >= words) ?? configs[configs.length - 1]!;
    return Math.ceil(width / fit[1]) * Math.ceil(words / fit[0]);
  };
  let cells = blocks(b.configs);
  let units = cells;
  if (b.wideConfigs) {
    const wide = blocks(b.wideConfigs);
    if (2 * wide <= units) [cells, units] = [wide, 2 * wide];
  }
  if (b.logicPerUnit && (width * Math.ceil(words / b.logicPerUnit.lutDepth)) / units < b.logicPerUnit.min) return 0;
  return cells;
}

/** Block RAMs of a folded layer's weight ROM (`varying` non-constant columns; a constant ROM is logic-free, never BRAM). */
function weightRomBrams(l: LayerPlan, varying: number, c: TargetCoefficients): number {
  return varying > 0 ? romBrams(l.nf * l.sf, l.pe * l.simd, c) : 0;
}

/** Lanes with logic and non-constant ROM columns, from the weight image. */
export function weightLanes(l: LayerPlan): { live: number; varying: number } {
  const bits = l.stage.bits;
  let live = 0;
  let varying = 0;
  for (let p = 0; p < l.pe; p++) {
    for (let s = 0; s < l.simd; s++) {
      // A lane only needs to know whether it holds a 1 and a 0: stop at the
      // first word that shows both (random weights stop after a few words).
      let sawOne = false;
      let sawZero = false;
      scan: for (let nf = 0; nf < l.nf; nf++) {
        const row = (nf * l.pe + p) * l.in + s;
        for (let sf = 0; sf < l.sf; sf++) {
          if (bits[row + sf * l.simd]) sawOne = true;
          else sawZero = true;
          if (sawOne && sawZero) break scan;
        }
      }
      if (sawOne || l.semantics === 'xnor' || l.inputMode === 'uint') live++;
      if (sawOne && sawZero) varying++;
    }
  }
  return { live, varying };
}

const isPow2 = (x: number): boolean => (x & (x - 1)) === 0;

/** Features of a folded layer's MVU; `lanes` is {@link weightLanes}(l), passed in when the caller needs it too. */
export function mvuFeatures(l: LayerPlan, c: TargetCoefficients, lanes = weightLanes(l)): MvuFeatures {
  const words = l.nf * l.sf;
  const { live, varying } = lanes;
  const romInBram = weightRomBrams(l, varying, c) > 0;
  const ob = l.outputMode === 'score' ? l.scoreWidth : 1;
  const cfw = l.outputMode === 'score' ? l.scoreWidth : l.accWidth + 1;
  // Border classes (zero padding of ±1 activations): classes·NF constant words, and the class index held
  // beside in_buf and carried with the fold number down the tree pipeline.
  const cwords = l.nf * l.classes;
  const clsBits = l.classes > 1 ? l.classWidth : 0;
  const constInBram = romBrams(cwords, l.pe * cfw, c) > 0;
  const uint = l.inputMode === 'uint';
  // The PE trees as the RTL builds them: carry-in popcount of 1-bit products, or sum of gated EB(+1)-bit operands.
  const tree = laneTreeSize(l.simd, !uint, l.eb + (l.semantics === 'xnor' ? 1 : 0), l.depth);
  const xw = l.simd * l.eb;
  const romInLogic = !romInBram && words > 1;
  return {
    one: 1,
    popLanes: uint ? 0 : live,
    addBits: uint ? l.pe * l.simd * l.eb : 0,
    negBits: uint && l.semantics === 'xnor' ? l.pe * l.simd * l.eb : 0,
    negWide: uint && l.semantics === 'xnor' && l.eb + 1 > 4 ? l.pe * l.simd * (l.eb + 1) : 0,
    popTree: uint ? 0 : (tree.adderBits * live) / l.simd,
    addTree: uint && l.semantics === 'and' ? l.pe * tree.adderBits : 0,
    addTreeX: uint && l.semantics === 'xnor' ? l.pe * (tree.adderBits - tree.narrowBits) : 0,
    addTreeXn: uint && l.semantics === 'xnor' ? l.pe * tree.narrowBits : 0,
    romLuts: romInLogic ? varying * Math.ceil(words / 16) : 0,
    romLuts64: romInLogic ? varying * Math.ceil(words / 64) : 0,
    romAddr: romInLogic ? varying * clog2(words) * l.eb : 0,
    bramGate: romInBram ? (uint ? l.pe * l.simd * l.eb : live) : 0,
    romRegs: romInBram || words <= 8 ? 0 : varying,
    romRegsTiny: romInBram || words > 8 ? 0 : varying,
    inMux: l.sf > 1 && isPow2(xw) ? (l.in - l.simd) * l.eb : 0,
    inMuxAo: l.sf > 1 && !isPow2(xw) ? (l.in - l.simd) * l.eb : 0,
    inBuf: l.in * l.eb + clsBits,
    xq: xw + clsBits,
    treeRegs: l.pe * tree.regBits + l.depth * clsBits,
    acc: l.outputMode === 'score' ? 0 : l.pe * l.accWidth,
    accScore: l.outputMode === 'score' ? l.pe * l.accWidth : 0,
    score: l.outputMode === 'score' ? l.pe * l.scoreWidth : 0,
    outRegs: l.out * ob + (l.nf - 1) * l.pe * ob,
    constRom: cwords > 1 && !constInBram ? l.pe * cfw * Math.ceil(cwords / 16) : 0,
    ctr: clog2(l.nf) + clog2(l.sf) + clog2(words),
  };
}

/**
 * FIFO features; with `c`, a FIFO at least `c.fifoRam.minWidth` bits wide
 * counts as LUT-RAM (without `c`, or on targets without LUT-RAM, as flip-flops).
 */
export function fifoFeatures(width: number, depth: number, c?: TargetCoefficients): FifoFeatures {
  const ram = !!c?.fifoRam && width >= c.fifoRam.minWidth;
  return ram ? { one: 0, width: 0, bits: 0, ram: 1, ramWidth: width } : { one: 1, width, bits: width * depth, ram: 0, ramWidth: 0 };
}

/** Σ coef × feature, clamped at 0. */
export function applyCoefs<F extends object>(coefs: Coefs<F>, f: F): number {
  let s = 0;
  for (const [k, v] of Object.entries(coefs) as Array<[keyof F, number]>) s += v * (f[k] as number);
  return Math.max(0, s);
}

export function coefficientsFor(target: string): TargetCoefficients {
  const c = COEFFICIENTS[target];
  if (!c) {
    fail('E_UNSUPPORTED', `no estimator coefficients for target '${target}'`, undefined, {
      hint: `calibrated targets: ${Object.keys(COEFFICIENTS).join(', ')}; add one with 'npx tsx bench/calibrate.ts --target ${target}'`,
    });
  }
  return c;
}

const add = (a: EstimateCounts, b: EstimateCounts): EstimateCounts => ({
  luts: a.luts + b.luts,
  ffs: a.ffs + b.ffs,
  carries: a.carries + b.carries,
  brams: a.brams + b.brams,
});

/** Estimate every layer of a plan for one target. */
export function estimatePlan(plan: Plan, target: string): AnalyticEstimate {
  const c = coefficientsFor(target);
  const layers = plan.layers.map((l): LayerEstimate => {
    const lanes = l.mode === 'hardwired' ? null : weightLanes(l);
    const consumed = consumedChannels(plan, l);
    const f = lanes ? mvuFeatures(l, c, lanes) : hardwiredFeatures(l, consumed);
    const cfw = l.outputMode === 'score' ? l.scoreWidth : l.accWidth + 1;
    const k = lanes ? c.mvu : (c.hw ?? c.mvu);
    const mvu: EstimateCounts = {
      luts: Math.round(applyCoefs(k.luts, f)),
      ffs: Math.round(applyCoefs(k.ffs, f)),
      carries: Math.round(applyCoefs(k.carries, f)),
      brams: lanes ? weightRomBrams(l, lanes.varying, c) + romBrams(l.nf * l.classes, l.pe * cfw, c) : 0,
    };
    const fp = plan.fifos.find((x) => x.after === l.index);
    let fifo: EstimateCounts | null = null;
    if (fp) {
      // Bits of channels the next layer never reads are removed with their registers.
      const width = consumed ? Math.round((fp.width * consumed.reduce((a, x) => a + x, 0)) / l.out) : fp.width;
      const ff = fifoFeatures(width, fp.depth, c);
      fifo = {
        luts: Math.round(applyCoefs(c.fifo.luts, ff)),
        ffs: Math.round(applyCoefs(c.fifo.ffs, ff)),
        carries: Math.round(applyCoefs(c.fifo.carries, ff)),
        brams: 0,
      };
    }
    return { index: l.index, name: l.name, mvu, fifo, total: fifo ? add(mvu, fifo) : mvu, features: f };
  });
  const total = layers.reduce((a, l) => add(a, l.total), { luts: 0, ffs: 0, carries: 0, brams: 0 });
  const uncal = !c.hw && plan.layers.some((l) => l.mode === 'hardwired') ? '; hardwired layers UNCALIBRATED (folded-unit coefficients on wired-input counts)' : '';
  return { target, calibratedWith: `Yosys ${c.yosysVersion} (${c.engine}, ${c.hierarchy === 'flat' ? 'flattened' : 'hierarchy kept'})${uncal}`, layers, total };
}
