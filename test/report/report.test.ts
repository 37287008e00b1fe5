/**
 * `siman-hw report`: the three files and their structure; when chromium is
 * installed, the HTML is rendered headless and the charts must be in the
 * rendered DOM.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shapeModel } from '../../src/estimate/shape-model.js';
import { serializeModel } from '../../src/model/write.js';
import { barChartSvg, decades, escapeXml, SCATTER, scatterChartSvg } from '../../src/report/svg.js';
import { cli } from '../support/cli.js';
import { SMALL_CNN_UNITS, smallCnn } from '../support/small-cnn.js';

function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
    } catch {
      /* try the next */
    }
  }
  return null;
}

/** The page rendered by headless chromium (--dump-dom); skips the test when chromium is not installed. */
function renderedDom(ctx: Mocha.Context, html: string): string {
  const chromium = findChromium();
  if (!chromium) {
    if (process.env.SIMAN_HW_REQUIRE_TOOLS === '1') throw new Error('chromium is required (SIMAN_HW_REQUIRE_TOOLS=1) but not found: apt-get install chromium');
    console.warn('!!! SKIPPING: chromium not found; install it with: apt-get install chromium');
    ctx.skip();
  }
  return execFileSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${html}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 100_000,
  });
}

describe('report', () => {
  let dir: string;
  before(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), 'siman-report-'));
    const model = shapeModel({
      input: { kind: 'uint', bits: 2 },
      seed: 21,
      layers: [
        { in: 16, out: 8, semantics: 'and', density: 0.5 },
        { in: 8, out: 3, semantics: 'xnor', density: 0.5 },
      ],
    });
    writeFileSync(join(dir, 'm.json'), serializeModel(model));
    // 30 labelled rows: 16 values in 0..3 and a label in 0..2.
    const rows: string[] = [];
    for (let r = 0; r < 30; r++) rows.push([...Array.from({ length: 16 }, (_, i) => (r * 7 + i * 3) % 4), r % 3].join(','));
    writeFileSync(join(dir, 'in.csv'), rows.join('\n') + '\n');
    const res = await cli('report', join(dir, 'm.json'), '--input', join(dir, 'in.csv'), '--labels', 'last', '-o', join(dir, 'out'), '--fold', '0:pe=2,simd=4;1:pe=1,simd=8');
    expect(res.code, res.err).to.equal(0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes report.json, report.md and report.html', () => {
    expect(readdirSync(join(dir, 'out')).sort()).to.deep.equal(['report.html', 'report.json', 'report.md']);
  });

  it('report.json has per-layer resources, cycles with a bottleneck, power and accuracy', () => {
    const r = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(r.format).to.equal('siman-hw.report/v1');
    expect(r.layers).to.have.length(2);
    expect(r.layers[0].iiCycles).to.equal(16); // NF·SF = 4·4
    expect(r.layers[0].bottleneck).to.equal(true);
    expect(r.layers[1].bottleneck).to.equal(false);
    expect(r.total.luts).to.equal(r.layers[0].luts + r.layers[1].luts);
    expect(r.power.kind).to.equal('estimate');
    expect(r.accuracy.vectors).to.equal(30);
    expect(r.accuracy.correct).to.be.within(0, 30);
    expect(r.accuracy.perClass.map((c: { count: number }) => c.count)).to.deep.equal([10, 10, 10]);
  });

  it('report.json has the design-space front at the target and clock, and where this design sits on it', () => {
    const r = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(r.front).to.include({ target: 'ice40', clockMhz: 100 });
    expect(r.front.points.length).to.be.greaterThan(3);
    type P = { fold: string; luts: number; iiCycles: number; latencyCycles: number; vectorsPerSecond: number };
    const pts: P[] = r.front.points;
    const dom = (a: P, b: P): boolean =>
      a.luts <= b.luts && a.iiCycles <= b.iiCycles && a.latencyCycles <= b.latencyCycles && (a.luts < b.luts || a.iiCycles < b.iiCycles || a.latencyCycles < b.latencyCycles);
    for (const p of pts) {
      expect(pts.some((q) => dom(q, p)), p.fold).to.equal(false);
      expect(p.vectorsPerSecond).to.be.closeTo(100e6 / p.iiCycles, 1e-6);
    }
    // The design point is the report's own plan: same II as the layer table.
    expect(r.front.design.fold).to.equal('0:pe=2,simd=4;1:pe=1,simd=8');
    expect(r.front.design.iiCycles).to.equal(16);
    expect(r.front.design.onFront).to.equal(pts.some((p) => p.fold === r.front.design.fold));
    if (r.front.design.onFront) expect(pts.some((p) => dom(p, r.front.design))).to.equal(false);
  });

  it('report.md has the layer table and the power assumptions', () => {
    const md = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    expect(md).to.match(/^# siman-hw report/);
    expect(md).to.match(/\| 0 layer0 \| 16 -> 8 \| 2 \| 4 \| 16 \(bottleneck\)/);
    expect(md).to.match(/## Power \(estimate\)/).and.match(/ESTIMATE/);
    expect(md).to.match(/## Design-space front/).and.match(/`0:pe=2,simd=4;1:pe=1,simd=8`.*this design/);
  });

  it('report.html is self-contained with one inline SVG per chart', () => {
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).to.match(/^<!DOCTYPE html>/);
    expect(html).to.not.match(/<script|<link|src=/);
    for (const id of ['chart-luts', 'chart-ffs', 'chart-cycles', 'chart-power', 'chart-accuracy', 'chart-front', 'chart-entropy']) expect(html).to.contain(`id="${id}"`);
    expect(html.match(/<svg /g)).to.have.length(7);
    expect(html).to.match(/class="bar highlight"/);
  });

  it('renders in headless chromium with the charts in the DOM', function () {
    this.timeout(120_000);
    const dom = renderedDom(this, join(dir, 'out', 'report.html'));
    expect(dom.match(/<svg /g)?.length).to.equal(7);
    expect(dom).to.contain('id="chart-cycles"');
    expect(dom.match(/<rect /g)?.length).to.be.greaterThan(10);
    // The front: one marker per front point, this design a highlighted diamond.
    const r = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    const front = dom.slice(dom.indexOf('id="chart-front"'));
    const chart = front.slice(0, front.indexOf('</svg>'));
    const others = r.front.points.filter((p: { fold: string }) => p.fold !== r.front.design.fold).length;
    expect(chart.match(/<circle class="point"/g)?.length ?? 0).to.equal(others);
    expect(chart.match(/class="point highlight"/g)).to.have.length(1);
    expect(chart).to.contain('this design: 0:pe=2,simd=4;1:pe=1,simd=8');
  });

  it('scatter chart: log axes over whole decades, points placed by log10, non-positive points left out', () => {
    expect(decades([3, 70])).to.deep.equal([0, 2]);
    expect(decades([100, 100])).to.deep.equal([2, 3]);
    expect(decades([0.5, 2e6])).to.deep.equal([-1, 7]);
    const svg = scatterChartSvg({
      id: 's',
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      points: [
        { x: 1, y: 10, label: 'a' },
        { x: 1000, y: 1000, label: 'b' },
        { x: 10, y: 100, label: 'c', highlight: true },
        { x: 0, y: 5, label: 'dropped' },
      ],
    });
    const { left, top, plotW, plotH } = SCATTER;
    // x spans 10^0..10^3, y 10^1..10^3: a at the bottom-left corner, b at the top-right, c a third / half of the way.
    expect(svg).to.contain(`cx="${left.toFixed(1)}" cy="${(top + plotH).toFixed(1)}"`);
    expect(svg).to.contain(`cx="${(left + plotW).toFixed(1)}" cy="${top.toFixed(1)}"`);
    expect(svg).to.contain(`data-x="${(left + plotW / 3).toFixed(1)}" data-y="${(top + plotH / 2).toFixed(1)}"`);
    expect(svg).to.not.contain('dropped');
    expect(svg.match(/<circle/g)).to.have.length(2);
  });

  it('escapes text in charts', () => {
    const svg = barChartSvg({ id: 'x', title: 'a<b & "c"', unit: '', items: [{ label: '<l>', value: 1 }] });
    expect(svg).to.contain(escapeXml('a<b & "c"')).and.not.contain('<l>');
  });

  it('needs --input and -o', async () => {
    expect((await cli('report', join(dir, 'm.json'), '-o', join(dir, 'x'))).err).to.match(/E_USAGE.*--input/);
    expect((await cli('report', join(dir, 'm.json'), '--input', join(dir, 'in.csv'))).err).to.match(/E_USAGE.*-o DIR/);
  });
});

describe('report of a conv network', () => {
  let dir: string;
  const model = smallCnn();
  const width = model.input.shape.reduce((a, b) => a * b, 1);
  before(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), 'siman-report-cnn-'));
    writeFileSync(join(dir, 'cnn.json'), serializeModel(model));
    const enc = model.input.encoding;
    const value = (r: number, i: number): number => (enc.kind === 'uint' ? (r * 5 + i * 3) % 2 ** enc.bits : (r + i) % 2 ? 1 : -1);
    const rows = Array.from({ length: 12 }, (_, r) => [...Array.from({ length: width }, (_, i) => value(r, i)), r % 2].join(','));
    writeFileSync(join(dir, 'in.csv'), rows.join('\n') + '\n');
    const res = await cli('report', join(dir, 'cnn.json'), '--input', join(dir, 'in.csv'), '--labels', 'last', '-o', join(dir, 'out'));
    expect(res.code, res.err).to.equal(0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('report.json lists the units of every layer, adding up to the layer, and cycles per image', () => {
    const r = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(r.layers).to.have.length(SMALL_CNN_UNITS.length);
    r.layers.forEach((l: { parts: Array<Record<string, number | string>>; positions: number; iiCycles: number; cyclesPerInput: number } & Record<string, number>, i: number) => {
      const [role, pooled] = SMALL_CNN_UNITS[i]!;
      const units = l.parts.map((p) => p.unit);
      expect(units[0]).to.equal(role);
      expect(units.includes('pool')).to.equal(pooled);
      expect(units).to.include('mvu');
      for (const k of ['luts', 'ffs', 'carries', 'brams']) expect(l.parts.reduce((a, p) => a + (p[k] as number), 0), `layer ${i} ${k}`).to.equal(l[k]);
      expect(l.cyclesPerInput).to.equal(l.positions * l.iiCycles);
    });
    expect(r.layers[0].positions).to.be.greaterThan(1);
    expect(r.total.luts).to.equal(r.layers.reduce((a: number, l: { luts: number }) => a + l.luts, 0));
    expect(r.accuracy.vectors).to.equal(12);
    expect(r.power.layers).to.have.length(SMALL_CNN_UNITS.length);
  });

  it('report.md and report.html show the window, pool and gather units and cycles per image', () => {
    const md = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    expect(md).to.match(/cycles\/image/).and.match(/of which window unit/).and.match(/of which pool unit/).and.match(/of which gather unit/);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).to.not.match(/<script|<link|src=/);
    for (const id of ['chart-luts', 'chart-ffs', 'chart-cycles', 'chart-power', 'chart-units', 'chart-accuracy', 'chart-front']) expect(html).to.contain(`id="${id}"`);
    expect(html).to.contain('of which pool unit');
  });

  it('renders in headless chromium with the unit chart in the DOM', function () {
    this.timeout(120_000);
    const dom = renderedDom(this, join(dir, 'out', 'report.html'));
    // Six bar charts, the front, bit entropy, and one latent histogram per layer given with float weights.
    const r = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    const latent = r.weights.filter((w: { latent: unknown }) => w.latent !== null).length;
    expect(dom.match(/<svg /g)?.length).to.equal(8 + latent);
    expect(dom).to.contain('id="chart-units"');
    expect(dom).to.match(/layer 0 window unit/).and.match(/layer 0 pool unit/).and.match(/layer 2 gather unit/);
  });
});
