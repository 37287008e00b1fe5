/**
 * The design report: one JSON object (report.json) rendered as Markdown
 * (report.md) and as a self-contained HTML page with inline SVG charts
 * (report.html): resources per layer, cycles per layer with the
 * bottleneck, the power estimate, and accuracy on the given inputs from the
 * bit-packed reference.
 */
import type { DesignEstimate } from '../estimate/design-estimate.js';
import type { SynthReport } from '../estimate/synth-design.js';
import { barChartSvg, escapeXml, type BarChart } from './svg.js';

export interface ReportLayer {
  index: number;
  name: string;
  in: number;
  out: number;
  pe: number;
  simd: number;
  iiCycles: number;
  bottleneck: boolean;
  luts: number;
  ffs: number;
  carries: number;
  brams: number;
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
}

export function buildReport(args: {
  model: string;
  estimate: DesignEstimate;
  synth: SynthReport | null;
  predictions: Int32Array;
  labels: Int32Array | null;
  classes: number;
}): Report {
  const e = args.estimate;
  const s = args.synth;
  const layers: ReportLayer[] = e.layers.map((l) => {
    const r = s ? s.layers[l.index]!.total : e.resources.layers[l.index]!.total;
    const p = e.power.layers[l.index]!;
    return {
      index: l.index,
      name: l.name,
      in: l.in,
      out: l.out,
      pe: l.pe,
      simd: l.simd,
      iiCycles: l.iiCycles,
      bottleneck: l.bottleneck,
      luts: r.luts,
      ffs: r.ffs,
      carries: r.carries,
      brams: r.brams,
      powerMw: p.dynamic,
      activity: p.activity,
    };
  });
  const total = s
    ? { luts: s.total.luts, ffs: s.total.ffs, carries: s.total.carries, brams: s.total.brams }
    : { ...e.resources.total };
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
  };
}

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(2)} %`);

export function reportMarkdown(r: Report): string {
  const L: string[] = [
    `# siman-hw report: ${r.model}`,
    '',
    `- target: ${r.target}; fold: \`${r.fold}\``,
    `- resources: ${r.resourceSource}`,
    `- II ${r.iiCycles} cycles/vector, latency ${r.latencyCycles} cycles; at ${r.clockMhz} MHz: ${r.throughputVectorsPerSec.toFixed(0)} vectors/s`,
    `- accuracy: ${r.accuracy.accuracy === null ? `no labels (${r.accuracy.vectors} vectors)` : `${pct(r.accuracy.accuracy)} (${r.accuracy.correct}/${r.accuracy.vectors}, bit-packed reference)`}`,
    '',
    '## Layers',
    '',
    '| layer | shape | PE | SIMD | II (cycles) | LUTs | FFs | carries | BRAM | activity | dynamic mW |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.layers.map(
      (l) =>
        `| ${l.index} ${l.name} | ${l.in} -> ${l.out} | ${l.pe} | ${l.simd} | ${l.iiCycles}${l.bottleneck ? ' (bottleneck)' : ''} | ${l.luts} | ${l.ffs} | ${l.carries} | ${l.brams} | ${l.activity.toFixed(3)} | ${l.powerMw.toFixed(3)} |`,
    ),
    `| total | | | | ${r.iiCycles} | ${r.total.luts} | ${r.total.ffs} | ${r.total.carries} | ${r.total.brams} | | ${r.power.dynamic.toFixed(3)} |`,
    '',
    'Each layer row includes the FIFO after the layer.',
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

/** The charts of the HTML page, in order. */
export function reportCharts(r: Report): BarChart[] {
  const lbl = (l: ReportLayer): string => `layer ${l.index} ${l.in}->${l.out}`;
  const charts: BarChart[] = [
    { id: 'chart-luts', title: 'LUTs per layer', unit: 'cells', items: r.layers.map((l) => ({ label: lbl(l), value: l.luts })) },
    { id: 'chart-ffs', title: 'Flip-flops per layer', unit: 'cells', items: r.layers.map((l) => ({ label: lbl(l), value: l.ffs })) },
    {
      id: 'chart-cycles',
      title: 'Cycles per vector per layer (red = bottleneck)',
      unit: 'cycles',
      items: r.layers.map((l) => ({ label: lbl(l), value: l.iiCycles, highlight: l.bottleneck })),
    },
    {
      id: 'chart-power',
      title: 'Power breakdown (estimate)',
      unit: 'mW',
      items: Object.entries(r.power.breakdown).map(([k, v]) => ({ label: k, value: v, text: `${v.toFixed(3)} mW` })),
    },
  ];
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
      .map((row) => `<tr>${row.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const layerRows = r.layers.map((l) => [
    `${l.index} ${l.name}`,
    `${l.in} → ${l.out}`,
    String(l.pe),
    String(l.simd),
    `${l.iiCycles}${l.bottleneck ? ' (bottleneck)' : ''}`,
    String(l.luts),
    String(l.ffs),
    String(l.carries),
    String(l.brams),
    l.powerMw.toFixed(3),
  ]);
  layerRows.push(['total', '', '', '', String(r.iiCycles), String(r.total.luts), String(r.total.ffs), String(r.total.carries), String(r.total.brams), r.power.dynamic.toFixed(3)]);
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
.chart { display: block; margin: 1.5em 0; }
.note { color: #666; font-size: 90%; }
</style>
</head>
<body>
<h1>siman-hw report: ${escapeXml(r.model)}</h1>
<ul>
<li>target ${escapeXml(r.target)}, fold <code>${escapeXml(r.fold)}</code></li>
<li>resources: ${escapeXml(r.resourceSource)}</li>
<li>II ${r.iiCycles} cycles/vector, latency ${r.latencyCycles} cycles; at ${r.clockMhz} MHz ${r.throughputVectorsPerSec.toFixed(0)} vectors/s</li>
<li>accuracy: <span id="accuracy">${r.accuracy.accuracy === null ? 'no labels' : `${pct(r.accuracy.accuracy)} (${r.accuracy.correct}/${r.accuracy.vectors})`}</span></li>
</ul>
<h2>Layers</h2>
${table(layerRows, ['layer', 'shape', 'PE', 'SIMD', 'II', 'LUTs', 'FFs', 'carries', 'BRAM', 'dynamic mW'])}
<p class="note">Each layer row includes the FIFO after the layer.</p>
${reportCharts(r).map(barChartSvg).join('\n')}
<h2>Power estimate</h2>
<p>Total ${r.power.total.toFixed(3)} mW at ${r.power.clockMhz} MHz (dynamic ${r.power.dynamic.toFixed(3)} mW, static ${r.power.static.toFixed(3)} mW). This is an estimate; assumptions:</p>
<ul>${r.power.assumptions.map((a) => `<li>${escapeXml(a)}</li>`).join('')}</ul>
<!-- Markdown version: report.md (${md.length} characters) -->
</body>
</html>
`;
}
