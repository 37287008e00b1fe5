/**
 * Flattened synthesis, checked against Yosys run by hand: the totals of
 * `synthDesign` equal a plain `synth_ice40` / `synth_xilinx -flatten` of the
 * same files (a script written here, not the project's script builder),
 * the per-unit split by cell names adds up to that total, and the weight
 * placement (`--weights`) reaches the memory mapper and the report.
 */
import { expect } from 'chai';
import { designFromModel, type DesignFlow } from '../../src/flow.js';
import { shapeModel } from '../../src/estimate/shape-model.js';
import { synthDesign } from '../../src/estimate/synth-design.js';
import { parseStatJson } from '../../src/estimate/synth-stats.js';
import { runYosys } from '../../src/tools/yosys.js';
import type { WeightPlacement } from '../../src/plan/plan.js';
import { requireTool } from '../support/tools.js';

/** 64 -> 16 -> 2 bipolar xnor; fold 0:pe=1,simd=16 makes a 64-word x 16-bit weight ROM for layer 0. */
function flowOf(weights: WeightPlacement, fold = '0:pe=1,simd=16'): DesignFlow {
  const m = shapeModel({ input: { kind: 'bipolar' }, seed: 5, layers: [{ in: 64, out: 16, semantics: 'xnor', density: 0.5 }, { in: 16, out: 2, semantics: 'and', density: 0.5 }] });
  return designFromModel(m, { fold, weights });
}

async function handRun(flow: DesignFlow, synth: string): Promise<Record<string, number>> {
  const sources = flow.design.manifest.files.verilog;
  const script = [...sources.map((f) => `read_verilog ${f}`), `hierarchy -check -top siman_top`, synth, 'tee -q -o by-hand.json stat -json -top siman_top'];
  const run = await runYosys({ engine: 'native', script, files: Object.fromEntries(flow.design.files), outputs: ['by-hand.json'] });
  const s = parseStatJson(run.outputs['by-hand.json']!, { top: 'siman_top' });
  return s.modules['siman_top']!.total.byType;
}

describe('flattened synthesis against Yosys run by hand @slow', function () {
  this.timeout(600_000);
  before(function () {
    requireTool(this, 'yosys');
  });

  for (const [target, cmd] of [
    ['ice40', 'synth_ice40 -top siman_top'],
    ['xilinx', 'synth_xilinx -top siman_top -family xc7 -noiopad -noclkbuf -flatten'],
  ] as const) {
    it(`${target}: the total is the hand-run total cell for cell, and the units plus glue add up to it`, async () => {
      const flow = flowOf('auto');
      const r = (await synthDesign(flow, { target, engine: 'native' })).report;
      const byHand = await handRun(flow, cmd);
      const luts = Object.entries(byHand).filter(([t]) => /LUT\d$/.test(t)).reduce((a, [, n]) => a + n, 0);
      expect(r.total.luts).to.equal(luts);
      const ffs = Object.entries(byHand).filter(([t]) => /^(SB_DFF|FD[RSCP]E)/.test(t)).reduce((a, [, n]) => a + n, 0);
      expect(r.total.ffs).to.equal(ffs);
      const parts = [...r.layers.map((l) => l.total), r.glue];
      for (const k of ['luts', 'ffs', 'carries', 'brams', 'lutrams', 'muxes'] as const) {
        expect(parts.reduce((a, p) => a + p[k], 0), k).to.equal(r.total[k]);
      }
      // Cell names carry their instance prefix: almost nothing is left as glue.
      expect(r.glue.luts + r.glue.ffs).to.be.lessThan(10);
      expect(r.hierarchy).to.equal('flat');
    });
  }

  it('--weights bram puts the weight ROM in block RAM, lut in logic, and the report says which', async () => {
    const bram = (await synthDesign(flowOf('bram'), { target: 'ice40', engine: 'native' })).report;
    const lut = (await synthDesign(flowOf('lut'), { target: 'ice40', engine: 'native' })).report;
    expect(bram.layers[0]!.weightPlacement).to.equal('bram');
    expect(bram.layers[0]!.mvu.brams).to.be.greaterThan(0);
    expect(bram.layers[0]!.weightBits).to.equal(64 * 16);
    expect(lut.layers[0]!.weightPlacement).to.equal('logic');
    expect(lut.layers[0]!.mvu.brams).to.equal(0);
    expect(lut.layers[0]!.mvu.luts).to.be.greaterThan(bram.layers[0]!.mvu.luts);
  });

  it('--hierarchy keep rolls up per module instance and gives no per-layer placement', async () => {
    const flow = flowOf('auto');
    const keep = (await synthDesign(flow, { target: 'ice40', engine: 'native', hierarchy: 'keep' })).report;
    expect(keep.hierarchy).to.equal('keep');
    expect(keep.layers[0]!.weightPlacement).to.equal(null);
    const parts = [...keep.layers.map((l) => l.total), keep.glue];
    for (const k of ['luts', 'ffs', 'carries', 'brams'] as const) expect(parts.reduce((a, p) => a + p[k], 0), k).to.equal(keep.total[k]);
  });
});
