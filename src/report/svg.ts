/**
 * Inline SVG charts for the HTML report: horizontal bar charts (one bar
 * per item, values printed at the bar end, highlighted items in a second
 * colour) and a log-log scatter chart. Pure string building, no scripts,
 * no external resources.
 */

export interface BarItem {
  label: string;
  value: number;
  highlight?: boolean;
  /** Text printed after the bar (default: the value). */
  text?: string;
}

export interface BarChart {
  title: string;
  /** Stable id used for the element and in tests. */
  id: string;
  unit: string;
  items: BarItem[];
}

/** Escape text for XML/HTML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(3));

/** One horizontal bar chart as an `<svg>` element. */
export function barChartSvg(c: BarChart): string {
  const labelW = 170;
  const barW = 360;
  const textW = 130;
  const rowH = 22;
  const top = 28;
  const width = labelW + barW + textW;
  const height = top + rowH * Math.max(1, c.items.length) + 8;
  const max = Math.max(0, ...c.items.map((i) => i.value));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${escapeXml(c.id)}" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(c.title)}">`,
    `<title>${escapeXml(c.title)}</title>`,
    `<text x="0" y="16" font-size="14" font-weight="bold" font-family="sans-serif">${escapeXml(c.title)}${c.unit ? ` (${escapeXml(c.unit)})` : ''}</text>`,
  ];
  c.items.forEach((it, k) => {
    const y = top + k * rowH;
    const w = max > 0 ? Math.max(it.value > 0 ? 1 : 0, (it.value / max) * barW) : 0;
    const fill = it.highlight ? '#d9534f' : '#4a7ab5';
    parts.push(
      `<text x="${labelW - 6}" y="${y + 15}" font-size="12" text-anchor="end" font-family="sans-serif">${escapeXml(it.label)}</text>`,
      `<rect class="bar${it.highlight ? ' highlight' : ''}" x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${fill}"><title>${escapeXml(`${it.label}: ${it.text ?? fmt(it.value)}`)}</title></rect>`,
      `<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 15}" font-size="12" font-family="sans-serif">${escapeXml(it.text ?? fmt(it.value))}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export interface ScatterPoint {
  x: number;
  y: number;
  /** Tooltip text. */
  label: string;
  /** Drawn as a larger red diamond, its `label` printed under the chart. */
  highlight?: boolean;
}

export interface ScatterChart {
  title: string;
  id: string;
  /** Axis labels, units included. */
  xLabel: string;
  yLabel: string;
  /** Positive values only: both axes are log10. */
  points: ScatterPoint[];
}

/** Geometry of the scatter plot area, exported for tests. */
export const SCATTER = { left: 84, top: 30, plotW: 520, plotH: 300, width: 640, height: 400 } as const;

/** Power-of-ten bounds [lo, hi] (as exponents) covering `values`, at least one decade wide. */
export function decades(values: readonly number[]): [number, number] {
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.ceil(Math.log10(Math.max(...values)));
  return [lo, hi > lo ? hi : lo + 1];
}

const px = (v: number): string => v.toFixed(1);
const pow10 = (e: number): string => (e >= 0 && e <= 3 ? String(10 ** e) : `1e${e}`);

/**
 * A scatter chart with log10 axes spanning whole decades, one circle per
 * point (a diamond for highlighted ones) and a tick per decade. Points with
 * a non-positive coordinate cannot be placed on a log axis and are left out.
 */
export function scatterChartSvg(c: ScatterChart): string {
  const { left, top, plotW, plotH, width, height } = SCATTER;
  const pts = c.points.filter((p) => p.x > 0 && p.y > 0);
  const [x0, x1] = decades(pts.length ? pts.map((p) => p.x) : [1]);
  const [y0, y1] = decades(pts.length ? pts.map((p) => p.y) : [1]);
  const sx = (v: number): number => left + ((Math.log10(v) - x0) / (x1 - x0)) * plotW;
  const sy = (v: number): number => top + plotH - ((Math.log10(v) - y0) / (y1 - y0)) * plotH;
  const font = 'font-family="sans-serif"';
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${escapeXml(c.id)}" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(c.title)}">`,
    `<title>${escapeXml(c.title)}</title>`,
    `<text x="0" y="16" font-size="14" font-weight="bold" ${font}>${escapeXml(c.title)}</text>`,
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  ];
  for (let e = x0; e <= x1; e++) {
    const x = px(left + ((e - x0) / (x1 - x0)) * plotW);
    parts.push(`<line x1="${x}" y1="${top + plotH}" x2="${x}" y2="${top + plotH + 5}" stroke="#999"/>`, `<text x="${x}" y="${top + plotH + 18}" font-size="11" text-anchor="middle" ${font}>${pow10(e)}</text>`);
  }
  for (let e = y0; e <= y1; e++) {
    const y = px(top + plotH - ((e - y0) / (y1 - y0)) * plotH);
    parts.push(`<line x1="${left - 5}" y1="${y}" x2="${left}" y2="${y}" stroke="#999"/>`, `<text x="${left - 8}" y="${y}" font-size="11" text-anchor="end" dominant-baseline="middle" ${font}>${pow10(e)}</text>`);
  }
  parts.push(
    `<text class="x-label" x="${left + plotW / 2}" y="${top + plotH + 36}" font-size="12" text-anchor="middle" ${font}>${escapeXml(c.xLabel)}</text>`,
    `<text class="y-label" x="14" y="${top + plotH / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${top + plotH / 2})" ${font}>${escapeXml(c.yLabel)}</text>`,
  );
  // Highlighted points last, so they are drawn on top.
  for (const p of [...pts.filter((q) => !q.highlight), ...pts.filter((q) => q.highlight)]) {
    const x = sx(p.x);
    const y = sy(p.y);
    const tip = `<title>${escapeXml(p.label)}</title>`;
    if (p.highlight) {
      parts.push(
        `<path class="point highlight" d="M${px(x)} ${px(y - 7)}L${px(x + 7)} ${px(y)}L${px(x)} ${px(y + 7)}L${px(x - 7)} ${px(y)}Z" fill="#d9534f" data-x="${px(x)}" data-y="${px(y)}">${tip}</path>`,
        // A fold spec is too long to fit beside the point: its label is a caption line.
        `<text class="point-label" x="0" y="${height - 8}" font-size="11" fill="#d9534f" ${font}>◆ ${escapeXml(p.label)}</text>`,
      );
    } else {
      parts.push(`<circle class="point" cx="${px(x)}" cy="${px(y)}" r="4" fill="#4a7ab5">${tip}</circle>`);
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}
