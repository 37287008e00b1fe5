/**
 * `siman-hw synth` and the per-layer split of synthesis results. Relations
 * only, never Yosys cell counts: the per-layer rows add up to the total,
 * LUTs grow with PE·SIMD, an all-zero `and` layer is cheaper than a random
 * one, a conv network's window/gather/pool units are attributed to their
 * layers. Small layers, wasm engine (no system tool needed).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { designFromModel } from '../../src/flow.js';
import { shapeModel } from '../../src/estimate/shape-model.js';
import { synthDesign, type Resources, type SynthReport } from '../../src/estimate/synth-design.js';
import { serializeModel } from '../../src/model/write.js';
import { printReport } from '../../src/commands/synth.js';
import { cli } from '../support/cli.js';
import { SMALL_CNN_UNITS, smallCnn } from '../support/small-cnn.js';

const KEYS = ['luts', 'ffs', 'carries', 'brams', 'dsps'] as const;

function sum(rs: Resources[]): Record<(typeof KEYS)[number], number> {
  const s = { luts: 0, ffs: 0, carries: 0, brams: 0, dsps: 0 };
  for (const r of rs) for (const k of KEYS) s[k] += r[k];
  return s;
}

describe('synth command', function () {
  let dir: string;
  let modelPath: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'siman-synth-'));
    modelPath = join(dir, 'small.json');
    const model = shapeModel({
      input: { kind: 'uint', bits: 3 },
      seed: 7,
      layers: [
        { in: 16, out: 8, semantics: 'and', density: 0.5 },
        { in: 8, out: 4, semantics: 'xnor', density: 0.5 },
      ],
    });
    writeFileSync(modelPath, serializeModel(model));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a design expected to outlast --timeout before Yosys starts, pointing at estimate', async () => {
    const r = await cli('synth', modelPath, '--target', 'ice40', '--timeout', '1');
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/E_TOO_LARGE.*expected to take/);
    expect(r.err).to.match(/siman-hw estimate/);
    expect(r.err).to.not.match(/\n\s+at /); // no stack trace
  });

  it('rejects an unknown --hierarchy and --weights', async () => {
    expect((await cli('synth', modelPath, '--target', 'ice40', '--hierarchy', 'deep')).err).to.match(/E_USAGE.*--hierarchy/);
    expect((await cli('synth', modelPath, '--target', 'ice40', '--weights', 'flash')).err).to.match(/E_USAGE.*--weights/);
  });

  it('needs --target', async () => {
    const r = await cli('synth', modelPath);
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/E_USAGE.*--target/);
  });

  it('rejects an unknown target and engine with a usage error', async () => {
    expect((await cli('synth', modelPath, '--target', 'stratix')).err).to.match(/E_USAGE.*--target must be one of/);
    expect((await cli('synth', modelPath, '--target', 'ice40', '--yosys', 'docker')).err).to.match(/E_USAGE.*--yosys/);
  });

  it('reports per-layer resources that add up to the total, and writes -o DIR @slow', async function () {
    this.timeout(600_000);
    const out = join(dir, 'synth-out');
    const r = await cli('synth', modelPath, '--target', 'ice40', '--yosys', 'wasm', '--fold', '0:pe=2,simd=4;1:pe=2,simd=4', '--json', '-o', out);
    expect(r.code, r.err).to.equal(0);
    const rep = JSON.parse(r.out) as SynthReport;
    expect(rep.engine).to.equal('wasm');
    expect(rep.yosysVersion).to.match(/^\d+\.\d+$/);
    expect(rep.durationMs).to.be.greaterThan(0);
    expect(rep.layers).to.have.length(2);
    expect(rep.layers[0]!.fifo).to.not.equal(null);
    expect(rep.layers[1]!.fifo).to.equal(null);
    for (const l of rep.layers) {
      expect(l.mvu.luts).to.be.greaterThan(0);
      expect(l.mvu.ffs).to.be.greaterThan(0);
      expect(sum([l.mvu, ...(l.fifo ? [l.fifo] : [])])).to.deep.equal(sum([l.total]));
    }
    expect(sum([...rep.layers.map((l) => l.total), rep.glue])).to.deep.equal(sum([rep.total]));
    const lutSizes = Object.values(rep.total.lutsBySize).reduce((a, b) => a + b, 0);
    expect(lutSizes).to.equal(rep.total.luts);
    expect(r.err).to.match(/Executing/); // progress lines
    expect(readdirSync(out).sort()).to.deep.equal(['netlist.json', 'stat.json', 'synth.json', 'synth.ys', 'yosys.log']);
    expect(rep.hierarchy).to.equal('flat');
    expect(readFileSync(join(out, 'synth.ys'), 'utf8')).to.match(/synth_ice40 -top siman_top\n/); // flattened: no -noflatten
    expect(JSON.parse(readFileSync(join(out, 'synth.json'), 'utf8'))).to.deep.equal(rep);
    expect(readFileSync(join(out, 'yosys.log'), 'utf8')).to.match(/readmemh|siman_top_l0_w\.mem|Yosys/);
  });

  describe('layer costs @slow', function () {
    this.timeout(600_000);
    const layer = async (fold: string, density: number): Promise<Resources> => {
      const m = shapeModel({ input: { kind: 'bipolar' }, seed: 11, layers: [{ in: 32, out: 8, semantics: 'and', density }] });
      const r = await synthDesign(designFromModel(m, { fold }), { target: 'ice40', engine: 'wasm' });
      return r.report.layers[0]!.mvu;
    };
    let small: Resources;
    before(async function () {
      this.timeout(600_000);
      small = await layer('0:pe=2,simd=4', 0.5);
    });

    it('LUTs grow with PE·SIMD', async () => {
      const big = await layer('0:pe=8,simd=16', 0.5);
      expect(big.luts).to.be.greaterThan(small.luts);
    });

    it('an all-zero and layer costs fewer LUTs than the same layer with random weights', async () => {
      const zero = await layer('0:pe=2,simd=4', 0);
      expect(zero.luts).to.be.lessThan(small.luts);
    });
  });

  it('attributes the window, gather and pool units of a conv network to their layers @slow', async function () {
    this.timeout(600_000);
    const model = smallCnn();
    const cnnPath = join(dir, 'cnn.json');
    writeFileSync(cnnPath, serializeModel(model));
    const flow = designFromModel(model);
    const r = await cli('synth', cnnPath, '--target', 'ice40', '--yosys', 'wasm', '--json', '--quiet');
    expect(r.code, r.err).to.equal(0);
    const rep = JSON.parse(r.out) as SynthReport;
    expect(rep.layers).to.have.length(flow.plan.layers.length);
    // The fixture covers every case: a pooled conv, a conv without pool, a dense layer behind a gather unit.
    expect(flow.plan.layers.map((l) => [l.window?.role ?? null, l.pool !== null])).to.deep.equal(SMALL_CNN_UNITS);
    for (const l of rep.layers) {
      const lp = flow.plan.layers[l.index]!;
      expect(l.windowInstance).to.equal(lp.window ? `u_l${l.index}_win` : null);
      expect(l.windowRole).to.equal(lp.window?.role ?? null);
      expect(l.poolInstance).to.equal(lp.pool ? `u_l${l.index}_pool` : null);
      expect(l.pool !== null, `layer ${l.index} pool part`).to.equal(lp.pool !== null);
      expect(l.window !== null, `layer ${l.index} window part`).to.equal(lp.window !== null);
      // A window unit stores pixels in flip-flops (its line buffer); a pool unit too.
      if (l.window) expect(l.window.ffs, `layer ${l.index} window FFs`).to.be.greaterThan(0);
      if (l.pool) expect(l.pool.ffs, `layer ${l.index} pool FFs`).to.be.greaterThan(0);
      expect(l.mvu.luts).to.be.greaterThan(0);
      const parts = [l.window, l.mvu, l.pool, l.fifo].filter((x): x is Resources => x !== null);
      expect(sum(parts)).to.deep.equal(sum([l.total]));
    }
    expect(sum([...rep.layers.map((l) => l.total), rep.glue])).to.deep.equal(sum([rep.total]));
    // The text table shows every unit as its own "of which" row.
    let text = '';
    printReport(rep, { out: (s) => void (text += s), err: () => {} });
    expect(text).to.match(/of which u_l0_win \(window\)/).and.match(/of which u_l0_pool \(pool\)/).and.match(/of which u_l2_win \(gather\)/).and.match(/of which u_f1/);
    expect(text).to.not.match(/u_l1_pool/);
  });
});
