/**
 * Calibrate the analytic estimator for one target: synthesise a seeded grid
 * of small two-layer designs (every MVU and FIFO is a data point), store
 * the measurements in docs/results/calibration-<target>.json, fit the
 * coefficients by least squares and rewrite src/estimate/coefficients.ts.
 *
 *   npx tsx bench/calibrate.ts --target ice40|ecp5|xilinx|generic [--yosys native|wasm] [--runs N (32)] [--hierarchy flat|keep] [--fit-only]
 *   npx tsx bench/calibrate.ts --target T --extend [--ext-runs N (16)]
 *   npx tsx bench/calibrate.ts --list        # both grids' shapes and folds
 *
 * --fit-only refits from the stored measurements without running Yosys; --points also
 * prints every hardwired point's measured and fitted LUTs.
 * --extend keeps the stored measurements and synthesises only the points of
 * both grids (the second: non-power-of-two fan-ins, SIMD and bit widths, and
 * wide layers) that are not stored yet, then refits on both. After an RTL
 * change that affects some shapes only, delete their records and --extend. The
 * measurements are saved after every design, so a cut-short run can be
 * refitted. Each run rewrites coefficients.ts from the table it loaded: after
 * measuring two targets in parallel, refit them one after the other with
 * --fit-only.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InputEncoding, Semantics } from '../src/ir/model.js';
import { designFromModel, type DesignFlow } from '../src/flow.js';
import { shapeModel } from '../src/estimate/shape-model.js';
import { synthDesign, type SynthHierarchy } from '../src/estimate/synth-design.js';
import { fifoFeatures, mvuFeatures } from '../src/estimate/analytic.js';
import { hardwiredFeatures } from '../src/estimate/hardwired-features.js';
import type { LayerPlan } from '../src/plan/plan.js';
import { COEFFICIENTS, type BramRule, type TargetCoefficients } from '../src/estimate/coefficients.js';
import { errorStats, fitLinear, type FitRow } from '../src/estimate/fit.js';
import { divisors } from '../src/plan/folding.js';
import { createRng, type Rng } from '../src/testing/rng.js';
import type { SynthTarget } from '../src/tools/yosys-script.js';
import { calibrationArgs, rewriteTable } from './calibration-cli.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Block RAM shapes [depth, width] per target (vendor primitives). */
const BRAM_CONFIGS: Record<string, Array<[number, number]>> = {
  ice40: [[256, 16], [512, 8], [1024, 4], [2048, 2]],
  ecp5: [[512, 36], [1024, 18], [2048, 9], [4096, 4], [8192, 2], [16384, 1]],
  // RAMB18E1 shapes; RAMB36E1 below as the wide block.
  xilinx: [[512, 36], [1024, 18], [2048, 9], [4096, 4], [8192, 2], [16384, 1]],
};

/**
 * Rules measured by bench/bram-sweep.ts on flattened synthesis (the MVU grid
 * holds too few ROMs in the block-RAM regime to read them off): Xilinx maps a
 * ROM to RAMB18/RAMB36 once it would cost at least ~132 LUT6 per RAMB18-sized
 * unit in logic (docs/results/bram-sweep-xilinx.json: 128 stays in logic,
 * 136.5 goes to block RAM), whatever its depth or bit count.
 */
const BRAM_EXTRA: Record<string, Pick<BramRule, 'wideConfigs' | 'logicPerUnit'>> = {
  // iCE40, read off the flattened grids: a ROM stays in logic up to 64 LUT4s (width x
  // ceil(stored words / 16)) per 4-kbit block it would need, and goes to block RAM from 80 on
  // (256 x 4 and 64 x 32 stay in logic, 72 x 10 and 256 x 8 go to block RAM).
  ice40: { logicPerUnit: { lutDepth: 16, min: 72 } },
  xilinx: { wideConfigs: [[512, 72], [1024, 36], [2048, 18], [4096, 9], [8192, 4], [16384, 2], [32768, 1]], logicPerUnit: { lutDepth: 64, min: 132 } },
};

export const LUT_KEYS = ['one', 'popLanes', 'addBits', 'negBits', 'negWide', 'popTree', 'addTree', 'addTreeX', 'addTreeXn', 'romLuts', 'romLuts64', 'romAddr', 'bramGate', 'inMux', 'inMuxAo', 'acc', 'score', 'constRom', 'ctr', 'outRegs'];
export const FF_KEYS = ['one', 'inBuf', 'xq', 'romRegs', 'romRegsTiny', 'treeRegs', 'acc', 'accScore', 'outRegs', 'constRom', 'ctr'];
export const CARRY_KEYS = ['one', 'popLanes', 'addBits', 'negBits', 'negWide', 'popTree', 'addTree', 'addTreeX', 'addTreeXn', 'acc', 'score', 'ctr'];
export const FIFO_KEYS = ['one', 'width', 'bits', 'ram', 'ramWidth'];
/** Hardwired units: no weight ROM, slice select or x_q register; `romLuts` counts the per-fold mask functions. */
// Fewer terms than the folded fit: on the carry-in tree popTree is nearly popLanes, and the hardwired
// grid (27 points) cannot separate collinear terms, so each structure gets one cost.
export const HW_LUT_KEYS = ['popLanes', 'negBits', 'addTree', 'addTreeX', 'romLuts', 'acc', 'score', 'constRom', 'outRegs'];
export const HW_FF_KEYS = ['one', 'inBuf', 'treeRegs', 'acc', 'outRegs', 'constRom', 'ctr'];
export const HW_CARRY_KEYS = ['one', 'popLanes', 'addBits', 'negBits', 'negWide', 'popTree', 'addTree', 'addTreeX', 'addTreeXn', 'acc', 'score', 'ctr'];

interface Shape {
  in: number;
  out: number;
  next: number;
  input: InputEncoding;
  semantics: Semantics;
  density: number;
  fold: string;
  seed: number;
  /** `--mode` of the design (absent = folded); the hardwired grid hardwires layer 0. */
  mode?: string;
  /** `--lower` of the design (absent = auto). */
  lower?: string;
}

interface Measured {
  luts: number;
  ffs: number;
  carries: number;
  brams: number;
}

export interface CalibrationData {
  target: string;
  /** The grid: calibrationGrid(runs, seed); features are recomputed from it at fit time. */
  grid: { runs: number; seed: number };
  /** The extension grid, when measured: extensionGrid(runs, seed). */
  extension?: { runs: number; seed: number };
  /** The scale grid (folded layers of 10^4-10^6 weights), when measured: scaleGrid(seed). */
  scale?: { seed: number };
  /** The hardwired grid, when measured: hardwiredGrid(runs, seed). */
  hardwired?: { runs: number; seed: number };
  engine: string;
  yosysVersion: string;
  /**
   * How the points were synthesised; absent = `keep` (the stored tables
   * predate flattened synthesis). --extend measures new points the same
   * way, so one table never mixes the two.
   */
  hierarchy?: SynthHierarchy;
  mvus: Array<{ shape: string; layer: number; pe: number; simd: number; nf: number; sf: number; features: Record<string, number>; measured: Measured; romBits: number }>;
  fifos: Array<{ shape: string; width: number; depth: number; features: Record<string, number>; measured: Measured }>;
}

/** Choices of one seeded grid; shapes are drawn from them in a fixed order, so a seed always gives the same grid. */
interface GridChoices {
  ins: number[];
  outs: number[];
  /** Largest first-layer PE. */
  peMax: number;
  /** Whether d may be the first layer's SIMD. */
  simdOk: (d: number, inW: number, pe: number) => boolean;
  nexts: number[];
  /** Largest second-layer SIMD. */
  simd1Max: number;
  inputs: InputEncoding[];
  densities: number[];
}

/** Draw `runs` two-layer shapes (first-layer fan-in × fan-out at most 8192) from `rng`. */
function drawGrid(rng: Rng, runs: number, g: GridChoices): Shape[] {
  const shapes: Shape[] = [];
  while (shapes.length < runs) {
    const inW = rng.pick(g.ins);
    const out = rng.pick(g.outs);
    if (inW * out > 8192) continue;
    const pe = rng.pick(divisors(out).filter((d) => d <= g.peMax));
    const simd = rng.pick(divisors(inW).filter((d) => g.simdOk(d, inW, pe)));
    if (simd === undefined) continue;
    const next = rng.pick(g.nexts);
    const pe1 = rng.pick(divisors(next));
    const simd1 = rng.pick(divisors(out).filter((d) => d <= g.simd1Max));
    const input = rng.pick(g.inputs);
    shapes.push({
      in: inW,
      out,
      next,
      input,
      semantics: rng.pick(['and', 'xnor'] as const),
      density: rng.pick(g.densities),
      fold: `0:pe=${pe},simd=${simd};1:pe=${pe1},simd=${simd1}`,
      seed: rng.u32(),
    });
  }
  return shapes;
}

/** The seeded grid: sizes that keep each Yosys run within seconds. */
const GRID_SEED = 2024;

export function calibrationGrid(runs: number, seed = GRID_SEED): Shape[] {
  return drawGrid(createRng(seed), runs, {
    ins: [16, 24, 32, 64, 128, 256],
    outs: [4, 8, 16, 32, 64],
    peMax: 16,
    simdOk: (d, _inW, pe) => d <= 64 && d * pe <= 256,
    nexts: [2, 4, 6],
    simd1Max: 32,
    inputs: [{ kind: 'bipolar' }, { kind: 'bipolar' }, { kind: 'uint', bits: 2 }, { kind: 'uint', bits: 4 }, { kind: 'uint', bits: 8 }],
    densities: [0.5, 0.5, 0.5, 0.2, 0.9, 0],
  });
}

/**
 * Second grid: what the first one lacks. Fan-ins, SIMD and element widths
 * that are not powers of two (the slice select and the adder trees map
 * differently there), and a few wide layers (PE·SIMD 768-1024, SF = 1).
 * Fan-ins avoid the held-back shapes' 40/48/80/88/96/104
 * (bench/estimate.bench.ts).
 */
const EXT_SEED = 2025;

export function extensionGrid(runs: number, seed = EXT_SEED): Shape[] {
  const rng = createRng(seed);
  const shapes = drawGrid(rng, runs, {
    ins: [20, 36, 60, 72, 100, 112, 120, 144, 192],
    outs: [6, 10, 12, 24, 36, 64],
    peMax: 12,
    simdOk: (d, inW, pe) => d > 1 && d < inW && d * pe <= 256,
    nexts: [3, 4, 5],
    simd1Max: 36,
    inputs: [{ kind: 'bipolar' }, { kind: 'uint', bits: 3 }, { kind: 'uint', bits: 5 }, { kind: 'uint', bits: 6 }, { kind: 'uint', bits: 7 }],
    densities: [0.5, 0.5, 0.3, 0.8],
  });
  // Wide, fully parallel layers (as in the digits example's first layer).
  const wide: Array<[number, number, InputEncoding, Semantics, number, number]> = [
    [64, 32, { kind: 'uint', bits: 5 }, 'and', 16, 64],
    [128, 32, { kind: 'bipolar' }, 'xnor', 8, 128],
    [72, 24, { kind: 'uint', bits: 3 }, 'xnor', 12, 72],
    [192, 16, { kind: 'bipolar' }, 'and', 4, 192],
  ];
  for (const [inW, out, input, semantics, pe, simd] of wide) {
    shapes.push({ in: inW, out, next: 4, input, semantics, density: 0.5, fold: `0:pe=${pe},simd=${simd};1:pe=2,simd=${out / 2}`, seed: rng.u32() });
  }
  return shapes;
}

/**
 * Third grid: folded layers at the sizes real networks have, 10^4 to 10^6
 * weights (MLP layers, conv layers as im2col rows), with ROMs deep enough
 * for block RAM. A fixed list (the sizes are chosen, not drawn); the seed
 * gives the weights. Fan-ins and shapes avoid the held-back large shapes
 * of bench/estimate.bench.ts (784-256, 1024-128, 2304-256, 512-512).
 */
const SCALE_SEED = 2026;

export function scaleGrid(seed = SCALE_SEED): Shape[] {
  const rng = createRng(seed);
  const b: InputEncoding = { kind: 'bipolar' };
  const u = (bits: number): InputEncoding => ({ kind: 'uint', bits });
  // [in, out, input, semantics, density, pe, simd]
  const rows: Array<[number, number, InputEncoding, Semantics, number, number, number]> = [
    [256, 64, b, 'xnor', 0.5, 4, 32],
    [512, 64, b, 'and', 0.5, 8, 64],
    [512, 128, u(4), 'and', 0.5, 4, 16],
    [1024, 64, b, 'xnor', 0.5, 2, 64],
    [768, 256, b, 'and', 0.5, 16, 48],
    [1024, 256, b, 'xnor', 0.5, 8, 32],
    [1024, 1024, b, 'xnor', 0.5, 16, 64],
    [576, 64, u(2), 'xnor', 0.5, 8, 36],
    [1152, 128, b, 'xnor', 0.5, 8, 72],
    [4608, 256, b, 'xnor', 0.5, 4, 64],
    [300, 100, b, 'and', 0.3, 10, 30],
    [640, 128, u(8), 'and', 0.5, 2, 32],
    [2048, 64, b, 'and', 0.5, 32, 64],
    [384, 192, b, 'xnor', 0.5, 64, 16],
    // Wide popcounts (SIMD 448-640), the regime of fast designs such as FINN's SFC at II 16.
    [640, 64, b, 'and', 0.5, 8, 640],
    [1536, 32, b, 'xnor', 0.5, 2, 512],
    [896, 48, b, 'xnor', 0.5, 4, 448],
    // Wide uint first layers whose 8-16-word ROM columns each gate an EB-bit operand.
    [96, 128, u(4), 'and', 0.5, 16, 96],
    [48, 256, u(6), 'xnor', 0.5, 16, 48],
  ];
  return rows.map(([inW, out, input, semantics, density, pe, simd]) => ({
    in: inW,
    out,
    next: 4,
    input,
    semantics,
    density,
    fold: `0:pe=${pe},simd=${simd};1:pe=2,simd=${Math.max(...divisors(out).filter((d) => d <= 32))}`,
    seed: rng.u32(),
  }));
}

/**
 * Fourth grid: hardwired first layers (siman_hwu; the second layer stays a
 * folded `xnor` layer, which reads every channel, so none is optimised
 * away): fan-ins 16-1024, channels folded NF = 1-8 ways, every input
 * encoding, `and` and `xnor`, lowered (`--lower on`) and not, densities
 * 0.2-0.8, plus three layers of ~16k weights and three of many
 * shared tree nodes. Fan-ins avoid the held-back
 * hardwired shapes (96, 160, 80).
 */
const HW_SEED = 2027;

export function hardwiredGrid(runs: number, seed = HW_SEED): Shape[] {
  const rng = createRng(seed);
  const shapes: Shape[] = [];
  while (shapes.length < runs) {
    const inW = rng.pick([16, 24, 32, 48, 64, 128, 200, 256]);
    const out = rng.pick([4, 6, 8, 12, 16, 32]);
    if (inW * out > 8192) continue;
    const pe = rng.pick(divisors(out).filter((d) => out / d <= 8));
    const input = rng.pick<InputEncoding>([{ kind: 'bipolar' }, { kind: 'bipolar' }, { kind: 'uint', bits: 2 }, { kind: 'uint', bits: 4 }, { kind: 'uint', bits: 8 }]);
    // Cycle through `and`, lowered `xnor` and plain `xnor`, so each gets a third of the points.
    const kind = shapes.length % 3;
    const semantics: Semantics = kind === 0 ? 'and' : 'xnor';
    const lower = kind === 0 ? undefined : kind === 1 ? 'on' : 'off';
    const shape: Shape = {
      in: inW,
      out,
      next: 4,
      input,
      semantics,
      density: rng.pick([0.5, 0.5, 0.2, 0.8]),
      fold: `0:pe=${pe},simd=${inW};1:pe=2,simd=${Math.max(...divisors(out).filter((d) => d <= 16))}`,
      seed: rng.u32(),
      mode: '0:hardwired',
      ...(lower ? { lower } : {}),
    };
    if (!shapes.some((x) => shapeLabel(x) === shapeLabel(shape))) shapes.push(shape);
  }
  // Large layers, and layers of many lanes over few inputs or plain `xnor` at NF = 1, where
  // flattening merges the lanes' identical tree nodes (src/estimate/shared-trees.ts).
  const big: Array<[number, number, Semantics, string | undefined, InputEncoding]> = [
    [256, 64, 'and', undefined, { kind: 'bipolar' }],
    [512, 32, 'xnor', 'on', { kind: 'bipolar' }],
    [1024, 16, 'and', undefined, { kind: 'bipolar' }],
    [128, 24, 'xnor', 'off', { kind: 'bipolar' }],
    [384, 12, 'xnor', 'off', { kind: 'bipolar' }],
    [48, 96, 'and', undefined, { kind: 'uint', bits: 4 }],
  ];
  for (const [inW, out, semantics, lower, input] of big) {
    shapes.push({ in: inW, out, next: 4, input, semantics, density: 0.5, fold: `0:pe=${out},simd=${inW};1:pe=2,simd=${Math.max(...divisors(out).filter((d) => d <= 16))}`, seed: rng.u32(), mode: '0:hardwired', ...(lower ? { lower } : {}) });
  }
  return shapes;
}

/** Every shape of the stored grids, by label. */
function storedShapes(data: CalibrationData): Shape[] {
  return [
    ...calibrationGrid(data.grid.runs, data.grid.seed),
    ...(data.extension ? extensionGrid(data.extension.runs, data.extension.seed) : []),
    ...(data.scale ? scaleGrid(data.scale.seed) : []),
    ...(data.hardwired ? hardwiredGrid(data.hardwired.runs, data.hardwired.seed) : []),
  ];
}

function shapeFlow(s: Shape): DesignFlow {
  const model = shapeModel({
    input: s.input,
    seed: s.seed,
    layers: [
      { in: s.in, out: s.out, semantics: s.semantics, density: s.density },
      { in: s.out, out: s.next, semantics: 'xnor', density: 0.5 },
    ],
  });
  return designFromModel(model, { fold: s.fold, ...(s.mode ? { mode: s.mode } : {}), ...(s.lower ? { lower: s.lower } : {}) });
}

function shapeLabel(s: Shape): string {
  const enc = s.input.kind === 'uint' ? `u${s.input.bits}` : 'b';
  const mode = s.mode ? ` mode=${s.mode}` : '';
  const lower = s.lower ? ` lower=${s.lower}` : '';
  return `${s.in}-${s.out}-${s.next} ${enc} ${s.semantics} d=${s.density} ${s.fold}${mode}${lower}`;
}

/**
 * Synthesise the shapes of `grid` that `data` has no measurement of, appending
 * to `data`; it is saved after every design (`onPoint`), so a cut-short run can
 * still be fitted.
 */
async function measure(target: SynthTarget, engine: 'wasm' | 'native', data: CalibrationData, grid: Shape[], onPoint: (d: CalibrationData) => void): Promise<CalibrationData> {
  const done = new Set(data.mvus.map((m) => m.shape));
  const todo = grid.filter((s) => !done.has(shapeLabel(s)));
  for (const [i, s] of todo.entries()) {
    const flow = shapeFlow(s);
    const t = Date.now();
    const res = await synthDesign(flow, { target, engine, hierarchy: data.hierarchy ?? 'keep' });
    data.yosysVersion = res.report.yosysVersion;
    const label = shapeLabel(s);
    const noBram = { ...placeholder(target), bram: null };
    for (const l of flow.plan.layers) {
      const m = res.report.layers[l.index]!.mvu;
      data.mvus.push({
        shape: label,
        layer: l.index,
        pe: l.pe,
        simd: l.simd,
        nf: l.nf,
        sf: l.sf,
        romBits: l.nf * l.sf * l.pe * l.simd,
        features: unitFeatures(l, noBram),
        measured: { luts: m.luts, ffs: m.ffs, carries: m.carries, brams: m.brams },
      });
    }
    for (const f of flow.plan.fifos) {
      const m = res.report.layers[f.after]!.fifo!;
      data.fifos.push({
        shape: label,
        width: f.width,
        depth: f.depth,
        features: fifoFeatures(f.width, f.depth) as unknown as Record<string, number>,
        measured: { luts: m.luts, ffs: m.ffs, carries: m.carries, brams: m.brams },
      });
    }
    const l0 = res.report.layers[0]!.mvu;
    console.error(`[${i + 1}/${todo.length}] ${label}: ${l0.luts} LUT ${l0.ffs} FF ${l0.carries} C ${l0.brams} BRAM (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    onPoint(data);
  }
  return data;
}

/** Features of a layer's unit: the folded MVU's, or a hardwired unit's. */
function unitFeatures(l: LayerPlan, c: TargetCoefficients): Record<string, number> {
  return (l.mode === 'hardwired' ? hardwiredFeatures(l) : mvuFeatures(l, c)) as unknown as Record<string, number>;
}

function placeholder(target: string): TargetCoefficients {
  return {
    yosysVersion: '',
    engine: '',
    points: { mvu: 0, fifo: 0 },
    mvu: { luts: {}, ffs: {}, carries: {} },
    fifo: { luts: {}, ffs: {}, carries: {} },
    bram: BRAM_CONFIGS[target] ? { minBits: 1e9, minWords: 1e9, configs: BRAM_CONFIGS[target]!, ...BRAM_EXTRA[target] } : null,
  };
}

function summary(name: string, rows: FitRow[], coefs: Record<string, number>): string {
  // Reported as plain relative errors whatever the fit's weighting.
  const e = errorStats(rows, coefs);
  return `${name}: mean |err| ${(e.mean * 100).toFixed(1)} %, max ${(e.max * 100).toFixed(1)} %, ${rows.length} points`;
}

/** Targets whose Yosys flow can put a FIFO into LUT-RAM (xc7 RAM32M, ECP5 TRELLIS_DPR16X4). */
const LUT_RAM_TARGETS = new Set(['xilinx', 'ecp5']);

/** Row weight 1/y^p of the MVU LUT and carry fits (1 = relative error, 0 = absolute). */
const MVU_REL_POWER = 0.5;

/** Fit from measurements: points whose ROM went to BRAM use features recomputed with the BRAM rule. */
export function fit(data: CalibrationData, opts: { points?: boolean } = {}): TargetCoefficients {
  const c = placeholder(data.target);
  // Recompute the features from the grid, so a feature change needs no new synthesis.
  const flows = new Map(storedShapes(data).map((s) => [shapeLabel(s), shapeFlow(s)]));
  const noBram = { ...placeholder(data.target), bram: null };
  const hardwired = new Set<CalibrationData['mvus'][number]>();
  for (const m of data.mvus) {
    const flow = flows.get(m.shape);
    if (!flow) throw new Error(`calibration point '${m.shape}' is not in the grid`);
    const l = flow.plan.layers[m.layer]!;
    m.features = unitFeatures(l, noBram);
    if (l.mode === 'hardwired') hardwired.add(m);
  }
  // An `and` layer with every weight 0 has constant outputs: flattened synthesis removes it and
  // simplifies the next layer around its constant input, which no feature describes (a model
  // never holds such a layer). Its points are measured but not fitted.
  const constant = new Set(storedShapes(data).filter((s) => s.semantics === 'and' && s.density === 0).map(shapeLabel));
  const fitted = data.mvus.filter((m) => !(data.hierarchy === 'flat' && constant.has(m.shape)));
  const folded = fitted.filter((m) => !hardwired.has(m));
  // BRAM threshold: midway between the largest ROM kept in logic and the smallest mapped
  // (constant ROMs, e.g. all-zero weights, vanish and say nothing).
  const inBram = folded.filter((m) => m.measured.brams > 0).map((m) => m.romBits);
  const inLogic = folded.filter((m) => m.measured.brams === 0 && m.nf * m.sf > 1 && m.features.romRegs! > 0).map((m) => m.romBits);
  if (c.bram?.logicPerUnit) {
    // The measured logic-per-block rule decides; no size floor.
    c.bram.minBits = 0;
    c.bram.minWords = 0;
  } else if (c.bram) {
    const lo = Math.max(0, ...inLogic.filter((b) => b < Math.min(...inBram)));
    c.bram.minBits = inBram.length ? Math.round((lo + Math.min(...inBram)) / 2) : 1e9;
    // Depth: the shallowest ROM Yosys put in BRAM (wide shallow ROMs stay in logic).
    const words = folded.filter((m) => m.measured.brams > 0).map((m) => m.nf * m.sf);
    c.bram.minWords = words.length ? Math.min(...words) : 1e9;
  }
  const rowsFor = (key: keyof Measured, points = folded): FitRow[] =>
    points.map((m) => {
      const f = { ...m.features };
      if (m.measured.brams > 0) {
        f.romLuts = 0;
        f.romLuts64 = 0;
        f.romAddr = 0;
        f.romRegs = 0;
        f.romRegsTiny = 0;
        f.bramGate = (f.popLanes ?? 0) + (f.addBits ?? 0);
      }
      return { features: f, y: m.measured[key] };
    });
  // LUTs and carries: weights between relative and absolute error, so the large layers that
  // dominate a design's total are fitted closely while small ones still count.
  c.mvu.luts = fitLinear(rowsFor('luts'), LUT_KEYS, undefined, MVU_REL_POWER);
  c.mvu.ffs = fitLinear(rowsFor('ffs'), FF_KEYS);
  c.mvu.carries = fitLinear(rowsFor('carries'), CARRY_KEYS, undefined, MVU_REL_POWER);
  const hw = [...hardwired];
  if (hw.length > 0) {
    c.hw = {
      luts: fitLinear(rowsFor('luts', hw), HW_LUT_KEYS, undefined, MVU_REL_POWER),
      ffs: fitLinear(rowsFor('ffs', hw), HW_FF_KEYS),
      carries: fitLinear(rowsFor('carries', hw), HW_CARRY_KEYS, undefined, MVU_REL_POWER),
    };
    c.hwPoints = hw.length;
  }
  c.fifoRam = fifoRamRule(data.target, data.fifos);
  for (const f of data.fifos) f.features = fifoFeatures(f.width, f.depth, c) as unknown as Record<string, number>;
  const frows = (key: keyof Measured): FitRow[] => data.fifos.map((f) => ({ features: f.features, y: f.measured[key] }));
  c.fifo.luts = fitLinear(frows('luts'), FIFO_KEYS);
  c.fifo.ffs = fitLinear(frows('ffs'), FIFO_KEYS);
  c.fifo.carries = fitLinear(frows('carries'), FIFO_KEYS);
  c.yosysVersion = data.yosysVersion;
  c.engine = data.engine;
  c.hierarchy = data.hierarchy ?? 'keep';
  c.points = { mvu: folded.length, fifo: data.fifos.length };
  console.error(summary('MVU LUTs', rowsFor('luts'), c.mvu.luts));
  console.error(summary('MVU FFs', rowsFor('ffs'), c.mvu.ffs));
  if (c.hw) {
    console.error(summary('hardwired LUTs', rowsFor('luts', hw), c.hw.luts));
    console.error(summary('hardwired FFs', rowsFor('ffs', hw), c.hw.ffs));
    if (opts.points) printPoints(hw, rowsFor('luts', hw), c.hw.luts);
  }
  console.error(summary('FIFO LUTs', frows('luts'), c.fifo.luts));
  console.error(summary('FIFO FFs', frows('ffs'), c.fifo.ffs));
  return c;
}

/** One line per point: measured and fitted LUTs (`--points`, to see where a fit misses). */
function printPoints(points: CalibrationData['mvus'], rows: FitRow[], coefs: Record<string, number>): void {
  for (const [i, m] of points.entries()) {
    const est = Object.entries(coefs).reduce((a, [k, v]) => a + v * (rows[i]!.features[k] ?? 0), 0);
    console.error(`  ${m.shape} L${m.layer}: ${m.measured.luts} LUT, fit ${est.toFixed(0)} (${(((est - m.measured.luts) / m.measured.luts) * 100).toFixed(0)} %)`);
  }
}

/**
 * FIFO storage rule: a FIFO with fewer flip-flops than data bits keeps its
 * data in LUT-RAM. The rule is the smallest such width; a flip-flop FIFO at
 * or above it (Yosys' choice is not a clean threshold) is reported.
 */
function fifoRamRule(target: string, fifos: CalibrationData['fifos']): { minWidth: number } | null {
  if (!LUT_RAM_TARGETS.has(target)) return null;
  // Fewer flip-flops than one word: the data cannot be in flip-flops. (Fewer than width × depth is
  // not enough: flattened synthesis removes the FIFO bits the next layer never reads.)
  const inRam = fifos.filter((f) => f.measured.ffs < f.width);
  if (inRam.length === 0) return null;
  const minWidth = Math.min(...inRam.map((f) => f.width));
  const odd = fifos.filter((f) => f.width >= minWidth && f.measured.ffs >= f.width);
  if (odd.length) console.error(`FIFO LUT-RAM rule (width >= ${minWidth}) misses ${odd.length} flip-flop FIFO(s): widths ${[...new Set(odd.map((f) => f.width))].join(', ')}`);
  return { minWidth };
}



async function main(): Promise<void> {
  const { argv, arg, target, engine, runs } = calibrationArgs(32);
  if (argv.includes('--list')) {
    for (const s of [...calibrationGrid(runs), ...extensionGrid(Number(arg('--ext-runs') ?? 16)), ...scaleGrid(), ...hardwiredGrid(Number(arg('--hw-runs') ?? 24))]) {
      const f = shapeFlow(s);
      console.log(shapeLabel(s), f.plan.layers.map((l) => `nf=${l.nf} sf=${l.sf} depth=${l.depth}`).join(' | '));
    }
    return;
  }
  const dataPath = `${ROOT}docs/results/calibration-${target}.json`;
  const stored = (): CalibrationData => {
    if (!existsSync(dataPath)) throw new Error(`no measurements at ${dataPath}; run without --fit-only / --extend first`);
    return JSON.parse(readFileSync(dataPath, 'utf8')) as CalibrationData;
  };
  const save = (d: CalibrationData): void => writeFileSync(dataPath, JSON.stringify(d, null, 1) + '\n');
  let data: CalibrationData;
  if (argv.includes('--fit-only')) {
    data = stored();
  } else if (argv.includes('--extend')) {
    data = stored();
    if (data.engine !== engine) throw new Error(`stored measurements are from ${data.engine} Yosys; extend with --yosys ${data.engine}`);
    data.extension = { runs: Number(arg('--ext-runs') ?? 16), seed: EXT_SEED };
    // Without block RAM every deep ROM is logic (generic: a 4608 x 256 ROM is ~70k LUT4s, hours of
    // synthesis): the scale grid is for targets that have block RAM.
    if (BRAM_CONFIGS[target]) data.scale = { seed: SCALE_SEED };
    data.hardwired = { runs: Number(arg('--hw-runs') ?? 24), seed: HW_SEED };
    data = await measure(target, engine, data, storedShapes(data), save);
    console.error(`wrote ${dataPath}`);
  } else {
    // A fresh table is measured flattened unless --hierarchy keep asks otherwise.
    const hierarchy: SynthHierarchy = arg('--hierarchy') === 'keep' ? 'keep' : 'flat';
    const fresh: CalibrationData = { target, engine, hierarchy, grid: { runs, seed: GRID_SEED }, yosysVersion: '', mvus: [], fifos: [] };
    data = await measure(target, engine, fresh, calibrationGrid(runs, GRID_SEED), save);
    console.error(`wrote ${dataPath}`);
  }
  rewriteTable(`${ROOT}src/estimate/coefficients.ts`, 'COEFFICIENTS', 'Record<string, TargetCoefficients>', { ...COEFFICIENTS, [target]: fit(data, { points: argv.includes('--points') }) });
  console.error(`updated src/estimate/coefficients.ts for ${target}`);
}

// Run only as a script, so the grids and the fit can be imported.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
