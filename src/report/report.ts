/**
 * The design report: one JSON object (report.json) rendered as Markdown
 * (report.md) and as a self-contained HTML page with inline SVG charts
 * (report.html): resources per layer, cycles per layer with the
 * bottleneck, the power estimate, and accuracy on the given inputs from the
 * bit-packed reference. A layer of a conv network also lists its units
 * (window or gather, MVU, pool, FIFO) on their own rows.
 */
import { layerCycles, type DesignEstimate, type DesignLayerEstimate, type LayerCycles } from '../estimate/design-estimate.js';
import type { UnitEstimate } from '../estimate/window-estimate.js';
import type { SynthReport } from '../estimate/synth-design.js';
import type { ExplorePoint, ExploreResult } from '../estimate/explore.js';
import type { LayerWeightStats } from '../passes/weight-stats.js';
import { barChartSvg, escapeXml, scatterChartSvg, type BarChart, type ScatterChart } from './svg.js';

export interface ReportCounts {
  luts: number;
  ffs: number;
  carries: number;
  brams: number;
}

/** One unit of a layer: 'window' or 'gather' (in front of the MVU), 'mvu', 'pool' (behind it), 'fifo' (after the layer). */
export interface ReportPart extends ReportCounts {
  unit: 'window' | 'gather' | 'mvu' | 'pool' | 'fifo';
}

export interface ReportLayer extends ReportCounts, LayerCycles {
  /** The layer's units in pipeline order; their counts add up to the layer's. */
  parts: ReportPart[];
  powerMw: number;
  activity: number;
}

export interface Report {
  format: 'siman-hw.report/v1';
  model: string;
  target: string;
  fold: string;
  /** Where the resource numbers come from. */
  resourceSource: string;
  iiCycles: number;
  latencyCycles: number;
  clockMhz: number;
  throughputVectorsPerSec: number;
  layers: ReportLayer[];
  total: { luts: number; ffs: number; carries: number; brams: number };
  power: DesignEstimate['power'];
  accuracy: { vectors: number; correct: number | null; accuracy: number | null; perClass: Array<{ class: number; count: number; correct: number }> | null };
  /** Per weighted layer of the model as given: bit entropy and, for float weights, the latent histogram and fits. */
  weights: LayerWeightStats[];
  /** The design-space front (`siman-hw explore`) at the report's target and clock, and where this design sits. */
  front: {
    target: string;
    clockMhz: number;
    /** Fastest first; LUTs are the analytic estimate. */
    points: ReportFrontPoint[];
    /** This design's folding, planned and estimated the same way. */
    design: ReportFrontPoint & { onFront: boolean };
  };
}

/** One folding on the front: its fold spec, estimated LUTs, exact II and latency. */
export interface ReportFrontPoint {
  fold: string;
  /** Weight mode per layer, `--mode` syntax. */
  mode: string;
  luts: number;
  vectorsPerSecond: number;
  iiCycles: number;
  latencyCycles: number;
}

const samePoint = (a: { fold: string; mode: string }, b: { fold: string; mode: string }): boolean => a.fold === b.fold && a.mode === b.mode;

const frontPoint = (p: ExplorePoint): ReportFrontPoint => ({
  fold: p.fold,
  mode: p.mode,
  luts: p.resources.luts,
  vectorsPerSecond: p.vectorsPerSecond,
  iiCycles: p.iiCycles,
  latencyCycles: p.latencyCycles,
});

export function buildReport(args: {
  model: string;
  estimate: DesignEstimate;
  synth: SynthReport | null;
  predictions: Int32Array;
  labels: Int32Array | null;
  classes: number;
  /** exploreFoldings at the report's target and clock, and the design's own folding estimated the same way. */
  front: ExploreResult;
  design: ExplorePoint;
  /** modelWeightStats of the model as given. */
  weights: LayerWeightStats[];
}): Report {
  const e = args.estimate;
  const s = args.synth;
  const layers: ReportLayer[] = e.layers.map((l) => {
    const parts = s ? synthParts(s.layers[l.index]!) : estimateParts(e.resources.layers[l.index]!);
    const r = s ? s.layers[l.index]!.total : e.resources.layers[l.index]!.total;
    const p = e.power.layers[l.index]!;
    return {
      ...layerCycles(l),
      ...counts(r),
      parts,
      powerMw: p.dynamic,
      activity: p.activity,
    };
  });
  const total = counts(s ? s.total : e.resources.total);
  let accuracy: Report['accuracy'] = { vectors: args.predictions.length, correct: null, accuracy: null, perClass: null };
  if (args.labels) {
    const perClass = Array.from({ length: args.classes }, (_, c) => ({ class: c, count: 0, correct: 0 }));
    let correct = 0;
    args.labels.forEach((y, r) => {
      const ok = args.predictions[r] === y;
      if (ok) correct++;
      const pc = perClass[y];
      if (pc) {
        pc.count++;
        if (ok) pc.correct++;
      }
    });
    accuracy = { vectors: args.labels.length, correct, accuracy: args.labels.length ? correct / args.labels.length : null, perClass };
  }
  return {
    format: 'siman-hw.report/v1',
    model: args.model,
    target: e.target,
    fold: e.fold,
    resourceSource: s ? `Yosys ${s.yosysVersion} (${s.engine}) synthesis for ${s.target}` : `analytic estimate (${e.resources.calibratedWith} calibration)`,
    iiCycles: e.iiCycles,
    latencyCycles: e.latencyCycles,
    clockMhz: e.power.clockMhz,
    throughputVectorsPerSec: (e.power.clockMhz * 1e6) / e.iiCycles,
    layers,
    total,
    power: e.power,
    accuracy,
    weights: args.weights,
    front: {
      target: args.front.target,
      clockMhz: args.front.clockMhz,
      points: args.front.front.map(frontPoint),
      design: { ...frontPoint(args.design), onFront: args.front.front.some((p) => samePoint(p, args.design)) },
    },
  };
}

/** Report counts; LUT-RAM / shift-register cells (Xilinx SRLs) are LUT sites and count as LUTs here. */
const counts = (c: ReportCounts & { lutrams?: number }): ReportCounts => ({ luts: c.luts + (c.lutrams ?? 0), ffs: c.ffs, carries: c.carries, brams: c.brams });

function synthParts(l: SynthReport['layers'][number]): ReportPart[] {
  const out: ReportPart[] = [];
  if (l.window) out.push({ unit: l.windowRole ?? 'window', ...counts(l.window) });
  out.push({ unit: 'mvu', ...counts(l.mvu) });
  if (l.pool) out.push({ unit: 'pool', ...counts(l.pool) });
  if (l.fifo) out.push({ unit: 'fifo', ...counts(l.fifo) });
  return out;
}

function estimateParts(l: DesignLayerEstimate): ReportPart[] {
  const out: ReportPart[] = [];
  const unit = (u: UnitEstimate): ReportCounts => counts(u.counts);
  if (l.window) out.push({ unit: l.window.role === 'gather' ? 'gather' : 'window', ...unit(l.window) });
  out.push({ unit: 'mvu', ...counts(l.mvu) });
  if (l.pool) out.push({ unit: 'pool', ...unit(l.pool) });
  if (l.fifo) out.push({ unit: 'fifo', ...counts(l.fifo) });
  return out;
}

/** Whether the report has image units (conv network): cycles are then per image and units get their own rows. */
const isConv = (r: Report): boolean => r.layers.some((l) => l.parts.some((p) => p.unit === 'window' || p.unit === 'gather' || p.unit === 'pool'));

const UNIT_LABEL: Record<ReportPart['unit'], string> = { window: 'window unit', gather: 'gather unit', mvu: 'MVU', pool: 'pool unit', fifo: 'FIFO' };

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(2)} %`);

export function reportMarkdown(r: Report): string {
  const L: string[] = [
    `# siman-hw report: ${r.model}`,
    '',
    `- target: ${r.target}; fold: \`${r.fold}\``,
    `- resources: ${r.resourceSource}`,
    `- II ${r.iiCycles} cycles/${perWhat(r)}, latency ${r.latencyCycles} cycles; at ${r.clockMhz} MHz: ${r.throughputVectorsPerSec.toFixed(0)} ${perWhat(r)}s/s`,
    `- accuracy: ${r.accuracy.accuracy === null ? `no labels (${r.accuracy.vectors} vectors)` : `${pct(r.accuracy.accuracy)} (${r.accuracy.correct}/${r.accuracy.vectors}, bit-packed reference)`}`,
    '',
    '## Layers',
    '',
    ...layerTable(r).map((row) => `| ${row.join(' | ')} |`),
    '',
    layerNote(r),
    '',
    '## Design-space front',
    '',
    frontNote(r),
    '',
    '| fold | LUTs (estimate) | vectors/s | II (cycles) | latency (cycles) |',
    '|---|---|---|---|---|',
    ...r.front.points.map((p) => `| \`${p.fold}\`${p.mode === 'folded' ? '' : ` (${p.mode})`}${samePoint(p, r.front.design) ? ' (this design)' : ''} | ${p.luts} | ${p.vectorsPerSecond.toPrecision(4)} | ${p.iiCycles} | ${p.latencyCycles} |`),
    ...(r.front.design.onFront ? [] : [`| \`${r.front.design.fold}\` (this design, not on the front) | ${r.front.design.luts} | ${r.front.design.vectorsPerSecond.toPrecision(4)} | ${r.front.design.iiCycles} | ${r.front.design.latencyCycles} |`]),
    '',
    '## Weight bits',
    '',
    WEIGHTS_NOTE,
    '',
    '| layer | channels × fan-in | rule | ones | ones per channel | bit entropy H (mean / min) | latent Laplace b | KS Laplace / Gaussian | excess kurtosis |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.weights.map((w) => {
      const b = w.bits;
      const l = w.latent;
      return `| ${w.index}${w.name ? ` ${w.name}` : ''} | ${b.channels} × ${b.fanIn} | ${w.rule ?? 'bits given'} | ${pct1(b.onesFraction)} | ${pct1(b.channelOnes.min)}–${pct1(b.channelOnes.max)} | ${b.entropy.mean.toFixed(3)} / ${b.entropy.min.toFixed(3)} | ${l ? l.laplace.b.toPrecision(3) : '-'} | ${l ? `${l.ks.laplace.toFixed(3)} / ${l.ks.gaussian.toFixed(3)}` : '-'} | ${l ? l.excessKurtosis.toFixed(2) : '-'} |`;
    }),
    '',
    '## Power (estimate)',
    '',
    `Total ${r.power.total.toFixed(3)} mW at ${r.power.clockMhz} MHz: dynamic ${r.power.dynamic.toFixed(3)} mW, static ${r.power.static.toFixed(3)} mW.`,
    '',
    '| class | mW |',
    '|---|---|',
    ...Object.entries(r.power.breakdown).map(([k, v]) => `| ${k} | ${v.toFixed(3)} |`),
    '',
    'Assumptions:',
    '',
    ...r.power.assumptions.map((a) => `- ${a}`),
    '',
  ];
  return L.join('\n');
}

const perWhat = (r: Report): string => (isConv(r) ? 'image' : 'vector');

/**
 * The layer table (header, separator, rows, total) as cells: one row per
 * layer, and in a conv network one row per unit of the layer below it.
 */
function layerTable(r: Report): string[][] {
  const conv = isConv(r);
  const res = (c: ReportCounts): string[] => [String(c.luts), String(c.ffs), String(c.carries), String(c.brams)];
  const rows: string[][] = [
    ['layer', 'shape', 'PE', 'SIMD', conv ? 'cycles/image (positions × II)' : 'II (cycles)', 'LUTs', 'FFs', 'carries', 'BRAM', 'activity', 'dynamic mW'],
    Array.from({ length: 11 }, () => '---'),
  ];
  for (const l of r.layers) {
    const cycles = conv ? `${l.cyclesPerInput} (${l.positions} × ${l.iiCycles})` : String(l.iiCycles);
    rows.push([`${l.index} ${l.name}`, `${l.in} -> ${l.out}`, String(l.pe), String(l.simd), `${cycles}${l.bottleneck ? ' (bottleneck)' : ''}`, ...res(l), l.activity.toFixed(3), l.powerMw.toFixed(3)]);
    if (conv) for (const p of l.parts) rows.push([`  of which ${UNIT_LABEL[p.unit]}`, '', '', '', '', ...res(p), '', '']);
  }
  rows.push(['total', '', '', '', String(r.iiCycles), ...res(r.total), '', r.power.dynamic.toFixed(3)]);
  return rows;
}

function layerNote(r: Report): string {
  return isConv(r)
    ? 'Each layer row is its window or gather unit, its MVU, its pool unit and the FIFO after it (the rows below it); cycles are the MVU cycles per image, the total row has the pipeline II per image. LUTs include LUT-RAM / shift-register cells.'
    : 'Each layer row includes the FIFO after the layer. LUTs include LUT-RAM / shift-register cells.';
}

function frontNote(r: Report): string {
  return `${r.front.points.length} foldings no other searched folding beats on LUTs, II and latency together (\`siman-hw explore\`), for ${r.front.target} at ${r.front.clockMhz} MHz: LUTs are the analytic estimate, II and latency exact cycles.`;
}

/** The front as a log-log scatter chart, this design's folding marked. */
export function frontChart(r: Report): ScatterChart {
  const f = r.front;
  const tip = (p: ReportFrontPoint): string => `${p.fold}${p.mode === 'folded' ? '' : ` [${p.mode}]`}: ${p.luts} LUTs, ${p.vectorsPerSecond.toPrecision(4)} ${perWhat(r)}s/s, latency ${p.latencyCycles} cycles`;
  const others = f.points.filter((p) => !samePoint(p, f.design));
  return {
    id: 'chart-front',
    title: `Design-space front: ${f.target} at ${f.clockMhz} MHz (red = this design${f.design.onFront ? '' : ', not on the front'})`,
    xLabel: `throughput (${perWhat(r)}s/s, log scale)`,
    yLabel: 'LUTs (estimate, log scale)',
    points: [
      ...others.map((p) => ({ x: p.vectorsPerSecond, y: p.luts, label: tip(p) })),
      { x: f.design.vectorsPerSecond, y: f.design.luts, label: `this design: ${tip(f.design)}`, highlight: true },
    ],
  };
}

const pct1 = (x: number): string => `${(100 * x).toFixed(1)} %`;

const WEIGHTS_NOTE =
  'Per weighted layer of the model as given: the fraction of weight bits that are 1 and the binary entropy H of each channel (1 = half ones; SiMaN keeps ⌊n/2⌋ ones per channel). For float weights also how well a Laplacian fits the latent weights, against a Gaussian of the same mean and variance (Kolmogorov-Smirnov distance, smaller = better fit; excess kurtosis 3 for a Laplacian, 0 for a Gaussian). Weight decay shows up as mass piled at zero.';

/** Bit entropy per layer and, for layers with float weights, the latent histogram. */
export function weightCharts(r: Report): BarChart[] {
  if (r.weights.length === 0) return [];
  const charts: BarChart[] = [
    {
      id: 'chart-entropy',
      title: 'Bit entropy per layer (mean H over channels; red = below 0.9)',
      unit: 'bits',
      items: r.weights.map((w) => ({ label: `layer ${w.index}${w.name ? ` ${w.name}` : ''}`, value: w.bits.entropy.mean, text: `H ${w.bits.entropy.mean.toFixed(3)}, ones ${pct1(w.bits.onesFraction)}`, highlight: w.bits.entropy.mean < 0.9 })),
    },
  ];
  for (const w of r.weights) {
    const h = w.latent?.histogram;
    if (!h) continue;
    const width = (h.hi - h.lo) / h.counts.length;
    charts.push({
      id: `chart-latent-${w.index}`,
      title: `Layer ${w.index} latent weights (${w.latent!.count}), Laplace b ${w.latent!.laplace.b.toPrecision(3)}`,
      unit: 'weights',
      items: h.counts.map((c, k) => ({ label: `${(h.lo + k * width).toPrecision(3)} … ${(h.lo + (k + 1) * width).toPrecision(3)}`, value: c })),
    });
  }
  return charts;
}

/** The charts of the HTML page, in order. */
export function reportCharts(r: Report): BarChart[] {
  const lbl = (l: ReportLayer): string => `layer ${l.index} ${l.in}->${l.out}`;
  const charts: BarChart[] = [
    { id: 'chart-luts', title: 'LUTs per layer', unit: 'cells', items: r.layers.map((l) => ({ label: lbl(l), value: l.luts })) },
    { id: 'chart-ffs', title: 'Flip-flops per layer', unit: 'cells', items: r.layers.map((l) => ({ label: lbl(l), value: l.ffs })) },
    {
      id: 'chart-cycles',
      title: `Cycles per ${perWhat(r)} per layer (red = bottleneck)`,
      unit: 'cycles',
      items: r.layers.map((l) => ({ label: lbl(l), value: l.cyclesPerInput, highlight: l.bottleneck })),
    },
    {
      id: 'chart-power',
      title: 'Power breakdown (estimate)',
      unit: 'mW',
      items: Object.entries(r.power.breakdown).map(([k, v]) => ({ label: k, value: v, text: `${v.toFixed(3)} mW` })),
    },
  ];
  if (isConv(r)) {
    const units = r.layers.flatMap((l) => l.parts.filter((p) => p.unit !== 'mvu' && p.unit !== 'fifo').map((p) => ({ l, p })));
    charts.push({
      id: 'chart-units',
      title: 'Window, gather and pool units: LUTs (FFs in the text)',
      unit: 'cells',
      items: units.map(({ l, p }) => ({ label: `layer ${l.index} ${UNIT_LABEL[p.unit]}`, value: p.luts, text: `${p.luts} LUTs, ${p.ffs} FFs` })),
    });
  }
  if (r.accuracy.perClass) {
    charts.push({
      id: 'chart-accuracy',
      title: `Accuracy per class (overall ${pct(r.accuracy.accuracy)})`,
      unit: '%',
      items: r.accuracy.perClass.map((c) => {
        const a = c.count ? (100 * c.correct) / c.count : 0;
        return { label: `class ${c.class} (${c.count})`, value: a, text: c.count ? `${a.toFixed(1)} %` : '-' };
      }),
    });
  }
  return charts;
}

export function reportHtml(r: Report): string {
  const md = reportMarkdown(r);
  const table = (rows: string[][], head: string[]): string =>
    `<table><thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead><tbody>${rows
      // A unit row ("  of which ...") is indented under its layer.
      .map((row) => `<tr${row[0]!.startsWith(' ') ? ' class="unit"' : ''}>${row.map((c) => `<td>${escapeXml(c.trim())}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const [head, , ...layerRows] = layerTable(r);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>siman-hw report: ${escapeXml(r.model)}</title>
<style>
body { font-family: sans-serif; max-width: 980px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tr.unit td { color: #555; }
tr.unit td:first-child { padding-left: 2em; }
.chart { display: block; margin: 1.5em 0; }
.note { color: #666; font-size: 90%; }
</style>
</head>
<body>
<h1>siman-hw report: ${escapeXml(r.model)}</h1>
<ul>
<li>target ${escapeXml(r.target)}, fold <code>${escapeXml(r.fold)}</code></li>
<li>resources: ${escapeXml(r.resourceSource)}</li>
<li>II ${r.iiCycles} cycles/${perWhat(r)}, latency ${r.latencyCycles} cycles; at ${r.clockMhz} MHz ${r.throughputVectorsPerSec.toFixed(0)} ${perWhat(r)}s/s</li>
<li>accuracy: <span id="accuracy">${r.accuracy.accuracy === null ? 'no labels' : `${pct(r.accuracy.accuracy)} (${r.accuracy.correct}/${r.accuracy.vectors})`}</span></li>
</ul>
<h2>Layers</h2>
${table(layerRows, head!)}
<p class="note">${escapeXml(layerNote(r))}</p>
${reportCharts(r).map(barChartSvg).join('\n')}
<h2>Design-space front</h2>
<p class="note">${escapeXml(frontNote(r).replace(/`/g, ''))}</p>
${scatterChartSvg(frontChart(r))}
<h2>Weight bits</h2>
<p class="note">${escapeXml(WEIGHTS_NOTE)}</p>
${weightCharts(r).map(barChartSvg).join('\n')}
<h2>Power estimate</h2>
<p>Total ${r.power.total.toFixed(3)} mW at ${r.power.clockMhz} MHz (dynamic ${r.power.dynamic.toFixed(3)} mW, static ${r.power.static.toFixed(3)} mW). This is an estimate; assumptions:</p>
<ul>${r.power.assumptions.map((a) => `<li>${escapeXml(a)}</li>`).join('')}</ul>
<!-- Markdown version: report.md (${md.length} characters) -->
</body>
</html>
`;
}
