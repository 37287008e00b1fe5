/**
 * Calibrate the window-unit estimator (src/estimate/window-estimate.ts) for
 * one target: synthesise standalone rtl/siman_window.v instances over a
 * seeded grid of shapes (conv windows with stride and padding, uint and
 * bit elements; max-pool units; gather units), with the synthesis script
 * of every design (src/tools/yosys-script.ts), store the measurements in
 * docs/results/calibration-window-<target>.json, fit the coefficients by
 * least squares (src/estimate/fit.ts) and rewrite
 * src/estimate/window-coefficients.ts. Then measure held-back shapes (the
 * units of the digits CNN and a few odd shapes, none in the grid) and
 * report the estimate's error on them.
 *
 *   npx tsx bench/calibrate-window.ts --target ice40|ecp5|xilinx|generic [--yosys native|wasm] [--runs N (40)] [--fit-only]
 *
 * --fit-only refits from the stored measurements without running Yosys
 * (features are recomputed from the stored shapes, so a feature change
 * needs no new synthesis). Measurements are saved after every unit. Each
 * run rewrites window-coefficients.ts from the table it loaded: after
 * measuring targets in parallel, refit them one after the other with
 * --fit-only.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { calibrationArgs, rewriteTable } from './calibration-cli.js';
import type { SynthTarget } from '../src/tools/yosys-script.js';
import { errorStats, fitLinear, type FitRow } from '../src/estimate/fit.js';
import { WINDOW_FEATURE_KEYS, windowCounts, windowFeatures, windowRtlHash, type WindowFeatures } from '../src/estimate/window-estimate.js';
import { WINDOW_COEFFICIENTS, type WindowTargetCoefficients } from '../src/estimate/window-coefficients.js';
import { createRng } from '../src/testing/rng.js';
import { measureUnit, shapePlan, type UnitMeasured, type UnitShape } from '../src/estimate/window-synth.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RTL = `${ROOT}rtl/siman_window.v`;
const GRID_SEED = 4242;

interface Point {
  label: string;
  shape: UnitShape;
  measured: UnitMeasured;
  seconds: number;
}

interface WindowCalibrationData {
  target: string;
  grid: { runs: number; seed: number };
  engine: string;
  yosysVersion: string;
  /** windowRtlHash of the siman_window.v measured. */
  rtlHash: string;
  points: Point[];
  heldBack: Point[];
  /** Estimate vs Yosys on the held-back units (written by the fit). */
  heldBackError?: Record<'luts' | 'ffs', { mean: number; max: number; total: number }>;
}

function label(s: UnitShape): string {
  const k = `${s.kh}x${s.kw}`;
  return `${s.role} c${s.c} ${s.h}x${s.w} k${k} s${s.sh}x${s.sw} p${s.ph}x${s.pw} e${s.ebw}${s.pad ? ' pad1' : ''}${s.ops ? ` ops${s.ops.join('')}` : ''}`;
}

/** Size limits that keep one Yosys run within seconds on every target. */
function affordable(s: UnitShape): boolean {
  const f = windowFeatures(shapePlan(s));
  return f.ffStore + f.srlBits <= 4096 && f.tapBits <= 2304 && f.poolIn <= 2304;
}

/** The seeded grid: conv windows (half of it), pool units, gather units. */
export function windowGrid(runs: number, seed = GRID_SEED): UnitShape[] {
  const rng = createRng(seed);
  const out: UnitShape[] = [];
  const seen = new Set<string>();
  while (out.length < runs) {
    const kind = rng.pick(['window', 'window', 'window', 'pool', 'pool', 'gather'] as const);
    const c = rng.pick([1, 2, 3, 4, 6, 8, 16, 24, 32, 64]);
    let s: UnitShape;
    if (kind === 'window') {
      const ebw = c <= 3 ? rng.pick([1, 1, 2, 3, 5, 8]) : 1;
      const ph = rng.pick([0, 0, 1, 1, 2]);
      const pw = rng.bool(0.8) ? ph : rng.pick([0, 1, 2]);
      const h = rng.int(3, 12);
      const w = rng.bool(0.7) ? h : rng.int(3, 12);
      const kh = Math.min(rng.int(1, 5), h + 2 * ph);
      const kw = rng.bool(0.8) ? Math.min(kh, w + 2 * pw) : Math.min(rng.int(1, 5), w + 2 * pw);
      const sh = rng.pick([1, 1, 1, 2, 3]);
      const sw = rng.bool(0.8) ? sh : rng.pick([1, 2]);
      // A uint image pads with 0; a bit image with the pad bit.
      const pad: 0 | 1 = ebw === 1 && ph + pw > 0 && rng.bool(0.5) ? 1 : 0;
      s = { role: 'window', c, h, w, kh, kw, sh, sw, ph, pw, ebw, pad, ops: null };
    } else if (kind === 'pool') {
      const h = rng.int(2, 12);
      const w = rng.bool(0.7) ? h : rng.int(2, 12);
      const kh = Math.min(rng.pick([2, 2, 3]), h);
      const kw = rng.bool(0.8) ? Math.min(kh, w) : Math.min(rng.pick([1, 2, 3]), w);
      const sh = rng.pick([1, 2, 2, 3]);
      const sw = rng.bool(0.8) ? sh : rng.pick([1, 2, 3]);
      const ops = Array.from({ length: c }, () => (rng.bool(0.3) ? 1 : 0));
      s = { role: 'pool', c, h, w, kh, kw, sh, sw, ph: 0, pw: 0, ebw: 1, pad: 0, ops };
    } else {
      const h = rng.int(1, 6);
      const w = rng.bool(0.7) ? h : rng.int(1, 6);
      s = { role: 'gather', c, h, w, kh: h, kw: w, sh: 1, sw: 1, ph: 0, pw: 0, ebw: 1, pad: 0, ops: null };
    }
    // Held-back units stay out of the grid.
    if (!affordable(s) || seen.has(label(s)) || HELD_BACK.some((h) => label(h) === label(s))) continue;
    seen.add(label(s));
    out.push(s);
  }
  return out;
}

/**
 * Held-back units (not in the grid): the five units of the digits CNN
 * (examples/digits-cnn) and odd shapes (non-square kernel and stride,
 * 4-bit elements with padding 2, a 1-channel pool, a gather of 5x3).
 */
export const HELD_BACK: UnitShape[] = [
  { role: 'window', c: 1, h: 8, w: 8, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, ebw: 5, pad: 0, ops: null },
  { role: 'pool', c: 64, h: 8, w: 8, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, ebw: 1, pad: 0, ops: Array.from({ length: 64 }, (_, i) => (i % 5 === 0 ? 1 : 0)) },
  { role: 'window', c: 64, h: 4, w: 4, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, ebw: 1, pad: 0, ops: null },
  { role: 'pool', c: 64, h: 4, w: 4, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, ebw: 1, pad: 0, ops: Array.from({ length: 64 }, (_, i) => (i % 16 === 3 ? 1 : 0)) },
  { role: 'gather', c: 64, h: 2, w: 2, kh: 2, kw: 2, sh: 1, sw: 1, ph: 0, pw: 0, ebw: 1, pad: 0, ops: null },
  { role: 'window', c: 5, h: 9, w: 7, kh: 2, kw: 4, sh: 1, sw: 2, ph: 0, pw: 1, ebw: 1, pad: 1, ops: null },
  { role: 'window', c: 2, h: 6, w: 6, kh: 5, kw: 5, sh: 1, sw: 1, ph: 2, pw: 2, ebw: 4, pad: 0, ops: null },
  { role: 'pool', c: 1, h: 10, w: 10, kh: 3, kw: 3, sh: 3, sw: 3, ph: 0, pw: 0, ebw: 1, pad: 0, ops: [1] },
  { role: 'gather', c: 12, h: 5, w: 3, kh: 5, kw: 3, sh: 1, sw: 1, ph: 0, pw: 0, ebw: 1, pad: 0, ops: null },
];


async function measure(target: SynthTarget, engine: 'wasm' | 'native', runs: number, save: (d: WindowCalibrationData) => void): Promise<WindowCalibrationData> {
  const rtl = readFileSync(RTL, 'utf8');
  const data: WindowCalibrationData = { target, engine, grid: { runs, seed: GRID_SEED }, yosysVersion: '', rtlHash: windowRtlHash(rtl), points: [], heldBack: [] };
  const grid = windowGrid(runs);
  const all = [...grid.map((s) => ['grid', s] as const), ...HELD_BACK.map((s) => ['held-back', s] as const)];
  for (const [i, [kind, s]] of all.entries()) {
    const m = await measureUnit(s, target, engine, rtl);
    data.yosysVersion = m.version;
    const p: Point = { label: label(s), shape: s, measured: m.measured, seconds: m.seconds };
    (kind === 'grid' ? data.points : data.heldBack).push(p);
    console.error(`[${i + 1}/${all.length}] ${kind} ${p.label}: ${m.measured.luts} LUT ${m.measured.ffs} FF ${m.measured.carries} C ${m.measured.lutrams} LUTRAM (${m.seconds.toFixed(1)} s)`);
    save(data);
  }
  return data;
}

type Key = keyof UnitMeasured;

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** Fit from measurements; features are recomputed from the stored shapes. */
export function fitWindow(data: WindowCalibrationData): WindowTargetCoefficients {
  const feats = (s: UnitShape): WindowFeatures => windowFeatures(shapePlan(s));
  const rows = (points: Point[], key: Key): FitRow[] => points.map((p) => ({ features: { ...feats(p.shape) }, y: p.measured[key] }));
  const keys = WINDOW_FEATURE_KEYS as readonly string[];
  const c: WindowTargetCoefficients = {
    yosysVersion: data.yosysVersion,
    engine: data.engine,
    rtlHash: data.rtlHash,
    points: data.points.length,
    luts: fitLinear(rows(data.points, 'luts'), keys),
    ffs: fitLinear(rows(data.points, 'ffs'), keys),
    carries: fitLinear(rows(data.points, 'carries'), keys),
    lutrams: fitLinear(rows(data.points, 'lutrams'), keys),
  };
  for (const key of ['luts', 'ffs', 'carries', 'lutrams'] as const) {
    const e = errorStats(rows(data.points, key), c[key]);
    console.error(`fit ${key}: mean |err| ${pct(e.mean)}, max ${pct(e.max)}, ${data.points.length} units`);
  }
  if (data.heldBack.length) {
    data.heldBackError = {} as NonNullable<WindowCalibrationData['heldBackError']>;
    for (const key of ['luts', 'ffs'] as const) {
      const e = errorStats(rows(data.heldBack, key), c[key]);
      const est = data.heldBack.reduce((a, p) => a + windowCounts(feats(p.shape), c)[key], 0);
      const got = data.heldBack.reduce((a, p) => a + p.measured[key], 0);
      data.heldBackError[key] = { mean: Number(e.mean.toFixed(4)), max: Number(e.max.toFixed(4)), total: Number(((est - got) / Math.max(1, got)).toFixed(4)) };
      console.error(`held-back ${key}: mean |err| ${pct(e.mean)}, max ${pct(e.max)}, sum of ${data.heldBack.length} units ${pct((est - got) / Math.max(1, got))}`);
    }
    for (const p of data.heldBack) {
      const e = windowCounts(feats(p.shape), c);
      console.error(`  ${p.label}: LUTs ${e.luts} / ${p.measured.luts}, FFs ${e.ffs} / ${p.measured.ffs}, carries ${e.carries} / ${p.measured.carries}, LUTRAM ${e.lutrams} / ${p.measured.lutrams}`);
    }
  }
  return c;
}

/** Rewrite window-coefficients.ts with the targets in name order. */
function writeCoefficients(all: Record<string, WindowTargetCoefficients>): void {
  const sorted = Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]!]));
  rewriteTable(`${ROOT}src/estimate/window-coefficients.ts`, 'WINDOW_COEFFICIENTS', 'Record<string, WindowTargetCoefficients>', sorted);
}

async function main(): Promise<void> {
  const { argv, arg, target, engine, runs } = calibrationArgs(40);
  const dataPath = `${ROOT}docs/results/calibration-window-${target}.json`;
  const save = (d: WindowCalibrationData): void => writeFileSync(dataPath, JSON.stringify(d, null, 1) + '\n');
  let data: WindowCalibrationData;
  if (argv.includes('--fit-only')) {
    if (!existsSync(dataPath)) throw new Error(`no measurements at ${dataPath}; run without --fit-only first`);
    data = JSON.parse(readFileSync(dataPath, 'utf8')) as WindowCalibrationData;
    const now = windowRtlHash(readFileSync(RTL, 'utf8'));
    if (data.rtlHash !== now) console.error(`WARNING: the measurements are of siman_window.v ${data.rtlHash}, the tree has ${now}: re-measure`);
  } else {
    data = await measure(target, engine, runs, save);
    console.error(`wrote ${dataPath}`);
  }
  const coefs = fitWindow(data);
  save(data);
  writeCoefficients({ ...WINDOW_COEFFICIENTS, [target]: coefs });
  console.error(`updated src/estimate/window-coefficients.ts for ${target}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
