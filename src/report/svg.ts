/**
 * Inline SVG bar charts for the HTML report: horizontal bars, one per
 * item, values printed at the bar end, highlighted items in a second
 * colour. Pure string building, no scripts, no external resources.
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
