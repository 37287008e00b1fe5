/**
 * Folded vs hardwired, `and` vs `xnor`: Yosys resources of one binarized
 * dense layer (the unit alone, without its FIFO) for the digits model and
 * for random layers of fan-in 64..1024 at weight density 0.5 (what SiMaN's
 * binarization gives) and 0.25 / 0.75. `and` and `xnor` always use the same
 * weight bits. Writes docs/results/modes.md (and .json) with the command
 * that made it.
 *
 *   npm run bench:modes [-- --engine native|wasm] [--targets ice40,xilinx] [--pnr] [--quick]
 *   npm run bench:modes -- --render-only [--pnr]
 *
 * --pnr adds iCE40 Fmax from nextpnr (src/estimate/pnr-design.ts) for the
 * designs that fit an hx8k; otherwise Fmax is left blank. --render-only
 * re-renders docs/results/modes.md from modes.json (adding the analytic
 * estimate, and with --pnr the Fmax of the small density-0.5 random layers).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { designFromModel, type DesignFlow } from '../src/flow.js';
import { parseModelText } from '../src/model/load.js';
import { synthDesign } from '../src/estimate/synth-design.js';
import type { SynthTarget } from '../src/tools/yosys-script.js';
import type { YosysEngine } from '../src/tools/yosys.js';
import { createRng } from '../src/testing/rng.js';
import type { Model } from '../src/ir/model.js';
import { estimatePlan } from '../src/estimate/analytic.js';

interface Args {
  engine: YosysEngine;
  targets: SynthTarget[];
  pnr: boolean;
  quick: boolean;
  renderOnly: boolean;
  resume: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { engine: 'native', targets: ['ice40', 'xilinx'], pnr: false, quick: false, renderOnly: false, resume: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    if (k === '--engine') a.engine = argv[++i] as YosysEngine;
    else if (k === '--targets') a.targets = argv[++i]!.split(',') as SynthTarget[];
    else if (k === '--pnr') a.pnr = true;
    else if (k === '--quick') a.quick = true;
    else if (k === '--render-only') a.renderOnly = true;
    else if (k === '--resume') a.resume = true;
    else throw new Error(`usage: bench/modes.ts [--engine native|wasm] [--targets ice40,xilinx] [--pnr] [--quick] (got ${k})`);
  }
  return a;
}

/** A layer under test: n -> out (threshold output), then a small xnor score layer so the layer is a hidden one. */
function randomLayerModel(n: number, out: number, density: number, semantics: 'and' | 'xnor', seed: number): Model {
  const rng = createRng(seed);
  const w0 = Array.from({ length: out }, () => Array.from({ length: n }, () => (rng.float() < density ? 1 : 0)));
  const w1 = Array.from({ length: 2 }, () => Array.from({ length: out }, () => (rng.float() < 0.5 ? 1 : 0)));
  // Thresholds near the middle of each channel's range (the value does not change the structure).
  const t = w0.map((r) => Math.floor((semantics === 'and' ? r.reduce((x: number, y) => x + y, 0) : n) / 2));
  return parseModelText(
    JSON.stringify({
      format: 'siman-hw.model/v1',
      name: `random-${n}x${out}-d${density}-${semantics}`,
      input: { shape: [n], encoding: 'bipolar' },
      layers: [
        { type: 'dense', in: n, out, weight: w0, weightFormat: 'bits', semantics },
        { type: 'threshold', thresholds: t, direction: t.map(() => 'ge') },
        // Always xnor: it reads every channel, so flattened synthesis cannot
        // drop channels of the layer under test that an `and` layer behind
        // it would never read (that would flatter `and`).
        { type: 'dense', in: out, out: 2, weight: w1, weightFormat: 'bits', semantics: 'xnor' },
      ],
    }),
    'bench.json',
    '.',
  );
}

/** The digits model with every dense layer switched to `semantics` (same binarized bits). */
function digitsModel(semantics: 'and' | 'xnor'): Model {
  const path = 'examples/digits/digits-mlp.json';
  const json = JSON.parse(readFileSync(path, 'utf8')) as { layers: Array<{ type: string; semantics?: string }> };
  for (const l of json.layers) if (l.type === 'dense') l.semantics = semantics;
  return parseModelText(JSON.stringify(json), path, 'examples/digits');
}

interface Row {
  design: string;
  layer: number;
  n: number;
  out: number;
  density: number;
  semantics: 'and' | 'xnor';
  mode: 'folded' | 'hardwired';
  /** Hardwired `xnor` lowered onto the AND datapath (`--lower on`); unlowered rows run `--lower off`. */
  lowered?: boolean;
  fold: string;
  target: SynthTarget;
  luts: number;
  ffs: number;
  carries: number;
  brams: number;
  iiCycles: number;
  fmaxMhz: number | null;
  seconds: number;
  /** Analytic estimate of the unit's LUTs. */
  estLuts?: number;
}

const SHAPES: Array<{ n: number; out: number; density: number }> = [
  { n: 64, out: 16, density: 0.5 },
  { n: 256, out: 16, density: 0.5 },
  { n: 256, out: 16, density: 0.25 },
  { n: 256, out: 16, density: 0.75 },
  { n: 1024, out: 8, density: 0.5 },
];
const QUICK_SHAPES = [{ n: 64, out: 16, density: 0.5 }];

/** The design a row was measured on (deterministic: same seeds). */
function rowFlow(design: string, n: number, out: number, density: number, semantics: 'and' | 'xnor', mode: 'folded' | 'hardwired', lowered = false): DesignFlow {
  const lower = lowered ? 'on' : 'off';
  if (design === 'digits') return designFromModel(digitsModel(semantics), { mode, ...(mode === 'hardwired' && semantics === 'xnor' ? { lower } : {}) });
  const k = SHAPES.findIndex((s) => s.n === n && s.out === out && s.density === density);
  const model = randomLayerModel(n, out, density, semantics, 100 + (k < 0 ? 0 : k));
  const fold = mode === 'folded' ? `0:pe=4,simd=${Math.min(64, n)}` : undefined;
  return designFromModel(model, { mode: mode === 'hardwired' ? '0:hardwired' : 'folded', ...(fold ? { fold } : {}), ...(mode === 'hardwired' && semantics === 'xnor' ? { lower: `0:${lower}` } : {}) });
}

/** Unit-only LUT estimate (the estimator's per-layer MVU part, FIFO excluded). */
function estimateUnitLuts(flow: DesignFlow, layer: number, target: string): number | undefined {
  try {
    return estimatePlan(flow.plan, target).layers[layer]!.mvu.luts;
  } catch {
    return undefined;
  }
}

async function measure(label: string, flow: DesignFlow, layers: number[], target: SynthTarget, a: Args, meta: Omit<Row, 'layer' | 'target' | 'luts' | 'ffs' | 'carries' | 'brams' | 'iiCycles' | 'fmaxMhz' | 'seconds' | 'fold' | 'n' | 'out'>): Promise<Row[]> {
  const t0 = Date.now();
  const r = await synthDesign(flow, { target, engine: a.engine, timeoutMs: 900_000 });
  const seconds = (Date.now() - t0) / 1000;
  let fmax: number | null = null;
  if (a.pnr && target === 'ice40' && r.report.total.luts < 7000) {
    try {
      const { pnrDesign } = await import('../src/estimate/pnr-design.js');
      const p = await pnrDesign(flow, { device: 'hx8k', engine: a.engine, timeoutMs: 900_000 });
      fmax = p.report.fmaxMhz;
    } catch (e) {
      process.stderr.write(`  pnr failed for ${label}: ${(e as Error).message.split('\n')[0]}\n`);
    }
  }
  return layers.map((i) => {
    const l = flow.plan.layers[i]!;
    const res = r.report.layers[i]!.mvu;
    const est = estimateUnitLuts(flow, i, target);
    return { ...meta, design: label, layer: i, n: l.in, out: l.out, fold: `pe=${l.pe},simd=${l.simd}`, target, luts: res.luts, ffs: res.ffs, carries: res.carries, brams: res.brams, iiCycles: l.iiCycles, fmaxMhz: fmax, seconds, ...(est !== undefined ? { estLuts: est } : {}) };
  });
}

/** Modes measured per semantics: folded, hardwired, and for `xnor` also hardwired lowered. */
function variants(semantics: 'and' | 'xnor'): Array<['folded' | 'hardwired', boolean]> {
  return semantics === 'xnor' ? [['folded', false], ['hardwired', false], ['hardwired', true]] : [['folded', false], ['hardwired', false]];
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  if (a.renderOnly) {
    // Re-render docs/results/modes.md from modes.json, filling in the analytic estimate.
    const saved = JSON.parse(readFileSync('docs/results/modes.json', 'utf8')) as Saved;
    for (const r of saved.rows) {
      r.estLuts = estimateUnitLuts(rowFlow(r.design, r.n, r.out, r.density, r.semantics, r.mode, r.lowered), r.layer, r.target);
    }
    if (a.pnr) {
      // Fmax for the small random layers at density 0.5 (whole design placed on an iCE40 hx8k).
      const { pnrDesign } = await import('../src/estimate/pnr-design.js');
      for (const r of saved.rows) {
        if (r.target !== 'ice40' || r.fmaxMhz !== null || r.design === 'digits' || r.density !== 0.5 || r.luts >= 7000) continue;
        process.stderr.write(`pnr ${r.design} ${r.semantics} ${r.mode} ...\n`);
        try {
          const p = await pnrDesign(rowFlow(r.design, r.n, r.out, r.density, r.semantics, r.mode, r.lowered), { device: 'hx8k', engine: a.engine, timeoutMs: 600_000 });
          r.fmaxMhz = p.report.fmaxMhz;
        } catch (e) {
          process.stderr.write(`  pnr failed: ${(e as Error).message.split('\n')[0]}\n`);
        }
        writeFileSync('docs/results/modes.json', JSON.stringify(saved, null, 2) + '\n');
      }
    }
    writeFileSync('docs/results/modes.json', JSON.stringify(saved, null, 2) + '\n');
    writeFileSync('docs/results/modes.md', render(saved.rows, saved.command, { ...a, engine: saved.engine }, saved.minutes, saved.complete === false ? { designs: new Set(saved.rows.map((r) => `${r.design}|${r.density}|${r.semantics}|${!!r.lowered}|${r.mode}|${r.target}`)).size, of: saved.plannedDesigns ?? 0 } : null));
    return;
  }
  const started = Date.now();
  // Rows are saved after every design (a partial table says so), and --resume skips the designs
  // a partial docs/results/modes.json already holds: the whole run takes hours on a loaded machine.
  const saved = a.resume && existsSync('docs/results/modes.json') ? (JSON.parse(readFileSync('docs/results/modes.json', 'utf8')) as Saved) : null;
  const rows: Row[] = saved && !saved.complete ? saved.rows : [];
  const priorMinutes = saved && !saved.complete ? saved.minutes : 0;
  const key = (r: Pick<Row, 'design' | 'density' | 'semantics' | 'mode' | 'target'> & { lowered?: boolean }): string => `${r.design}|${r.density}|${r.semantics}|${!!r.lowered}|${r.mode}|${r.target}`;
  const done = new Set(rows.map(key));
  const command = `npm run bench:modes --${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`.replace(' --resume', '');
  const total = a.targets.reduce((n, t) => n + 5 + (a.quick ? QUICK_SHAPES : SHAPES).filter((s) => s.density === 0.5 || t === a.targets[0]).length * 5, 0);
  const save = (complete: boolean): void => {
    const minutes = priorMinutes + (Date.now() - started) / 60000;
    mkdirSync('docs/results', { recursive: true });
    writeFileSync('docs/results/modes.json', JSON.stringify({ command, engine: a.engine, minutes, complete, plannedDesigns: total, rows }, null, 2) + '\n');
    writeFileSync('docs/results/modes.md', render(rows, command, a, minutes, complete ? null : { designs: new Set(rows.map(key)).size, of: total }));
  };
  const run = async (label: string, flow: () => DesignFlow, layers: number[], target: SynthTarget, meta: Parameters<typeof measure>[5]): Promise<void> => {
    if (done.has(key({ ...meta, target }))) return;
    log(`${label} ${meta.semantics}${meta.lowered ? ' lowered' : ''} ${meta.mode} ${target} ...`);
    rows.push(...(await measure(label, flow(), layers, target, a, meta)));
    save(false);
  };
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const shapes = a.quick ? QUICK_SHAPES : SHAPES;
  // Cheapest and most telling first: the density-0.5 layers on every target, then the density
  // sweep (first target), then the digits model (its hardwired layer takes longest).
  const passes: Array<(t: SynthTarget) => Array<(typeof SHAPES)[number]>> = [(t) => shapes.filter((s) => s.density === 0.5), (t) => (t === a.targets[0] ? shapes.filter((s) => s.density !== 0.5) : [])];
  for (const pick of passes) {
    for (const target of a.targets) {
      for (const s of pick(target)) {
        for (const semantics of ['and', 'xnor'] as const) {
          for (const [mode, lowered] of variants(semantics)) {
            // Folded: 64 inputs per cycle, 4 channels per cycle (a mid-size MVU).
            const design = `random ${s.n}x${s.out}`;
            await run(design, () => rowFlow(design, s.n, s.out, s.density, semantics, mode, lowered), [0], target, { design, density: s.density, semantics, mode, lowered });
          }
        }
      }
    }
  }
  for (const target of a.targets) {
    for (const semantics of ['and', 'xnor'] as const) {
      for (const [mode, lowered] of variants(semantics)) {
        await run('digits', () => rowFlow('digits', 0, 0, 0.5, semantics, mode, lowered), [0, 1], target, { design: 'digits', density: 0.5, semantics, mode, lowered });
      }
    }
  }
  save(true);
  log(`wrote docs/results/modes.md (${rows.length} rows)`);
}

interface Saved {
  command: string;
  engine: YosysEngine;
  minutes: number;
  /** False while a run is under way or was cut short (--resume completes it); absent in complete older files. */
  complete?: boolean;
  /** Designs the run measures in all. */
  plannedDesigns?: number;
  rows: Row[];
}

function render(rows: Row[], command: string, a: Args, minutes: number, partial: { designs: number; of: number } | null = null): string {
  const out: string[] = [];
  out.push('# Folded vs hardwired, and vs xnor: measured resources', '');
  if (partial) out.push(`> **Partial:** ${partial.designs} of ${partial.of} designs measured so far; \`${command} --resume\` measures the rest.`, '');
  out.push(`Made by \`${command}\` (Yosys ${a.engine}, ${minutes.toFixed(1)} min), flattened synthesis (what vendor and nextpnr flows do; \`synth\`'s default). Per layer unit (siman_mvu or the hardwired unit), FIFO excluded, split off the flattened netlist by instance prefix (docs/synthesis.md).`);
  out.push('`and` and `xnor` rows of the same design use the same weight bits. vectors/cycle = 1/II; LUT·II = LUTs per (vector/cycle).');
  out.push('Random layers: bipolar input, threshold output (a hidden layer), folded with PE = 4, SIMD = min(64, n). Digits: the shipped model, default folding.', '');
  out.push('## Summary', '');
  for (const target of [...new Set(rows.map((r) => r.target))]) {
    const ratios: number[] = [];
    const lowRatios: number[] = [];
    for (const r of rows.filter((x) => x.target === target && x.mode === 'hardwired' && x.semantics === 'and' && x.density === 0.5)) {
      const [x, xl] = [false, true].map((lowered) => rows.find((y) => y.target === target && y.mode === 'hardwired' && y.semantics === 'xnor' && !!y.lowered === lowered && y.design === r.design && y.layer === r.layer && y.density === r.density));
      if (x) ratios.push(r.luts / x.luts);
      if (xl) lowRatios.push(xl.luts / r.luts);
    }
    const geo = (v: number[]): string => Math.exp(v.reduce((a, x) => a + Math.log(x), 0) / Math.max(1, v.length)).toFixed(3);
    const hw = rows.filter((x) => x.target === target && x.estLuts !== undefined);
    const err = (rs: Row[]): string => (100 * rs.reduce((a, r) => a + Math.abs(r.estLuts! - r.luts) / r.luts, 0) / Math.max(1, rs.length)).toFixed(0);
    out.push(
      `- ${target}: LUT(hardwired and) / LUT(hardwired xnor) at density 0.5, same weights: ${ratios.map((v) => v.toFixed(3)).join(', ')} (geometric mean ${geo(ratios)}); ` +
        `lowered xnor / and: ${lowRatios.map((v) => v.toFixed(3)).join(', ')} (geometric mean ${geo(lowRatios)}). ` +
        `Analytic estimate, mean |est − Yosys| / Yosys: ${err(hw.filter((r) => r.mode === 'hardwired'))} % on hardwired units, ${err(hw.filter((r) => r.mode === 'folded'))} % on folded ones.`,
    );
  }
  out.push(
    '- Yosys does not reduce the xnor layer to the and layer: XNOR with a constant is an inverter, but the popcount still spans every input, while the and layer sums only the ones. The xnor size barely depends on density; the and size scales with it (0.25 / 0.5 / 0.75 rows). The lowered xnor layer (docs/numerics.md §11) sums one side of each channel plus one shared input popcount, so it follows the and layer.',
    '- Fmax: nextpnr-ice40 on an hx8k (whole design placed and routed), filled by `npm run bench:modes -- --render-only --pnr` for the density-0.5 random layers under 7000 LUTs; blank where not run or the design does not fit.',
    '',
  );
  out.push('## and / xnor LUT ratio, hardwired, same weights', '');
  out.push('| design | layer | n → out | density | target | LUT and | LUT xnor | and/xnor | LUT xnor lowered | lowered/xnor | lowered/and |', '|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows.filter((x) => x.mode === 'hardwired' && x.semantics === 'and')) {
    const [x, xl] = [false, true].map((lowered) => rows.find((y) => y.mode === 'hardwired' && y.semantics === 'xnor' && !!y.lowered === lowered && y.design === r.design && y.layer === r.layer && y.target === r.target && y.density === r.density));
    if (!x) continue;
    const low = xl ? `${xl.luts} | ${(xl.luts / x.luts).toFixed(3)} | ${(xl.luts / r.luts).toFixed(3)}` : ' | | ';
    out.push(`| ${r.design} | ${r.layer} | ${r.n} → ${r.out} | ${r.density} | ${r.target} | ${r.luts} | ${x.luts} | ${(r.luts / x.luts).toFixed(3)} | ${low} |`);
  }
  out.push('', '## All rows', '');
  out.push('| design | layer | density | semantics | mode | fold | target | LUT | est. LUT | FF | carry | BRAM | Fmax MHz | vectors/cycle | LUT·II | synth s |', '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    out.push(
      `| ${r.design} | ${r.layer} | ${r.density} | ${r.semantics}${r.lowered ? ' lowered' : ''} | ${r.mode} | ${r.fold} | ${r.target} | ${r.luts} | ${r.estLuts ?? ''} | ${r.ffs} | ${r.carries} | ${r.brams} | ${r.fmaxMhz === null ? '' : r.fmaxMhz.toFixed(1)} | ${(1 / r.iiCycles).toFixed(4)} | ${r.luts * r.iiCycles} | ${r.seconds.toFixed(1)} |`,
    );
  }
  out.push('');
  return out.join('\n');
}

await main();
