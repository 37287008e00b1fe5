import { expect } from 'chai';
import { designFromModel } from '../../src/flow.js';
import { synthDesign } from '../../src/estimate/synth-design.js';
import { createRng } from '../../src/testing/rng.js';
import { requireTool } from '../support/tools.js';
import { bitsModel } from '../sim/hardwired-designs.js';

const N = 32;

/** Resources of the (only) layer unit, iCE40, native Yosys; xnor not lowered (today's XNOR datapath). */
async function unit(semantics: 'and' | 'xnor', rows: number[]) {
  const flow = designFromModel(bitsModel(semantics, N, rows), { mode: 'hardwired', lower: 'off' });
  return (await synthDesign(flow, { target: 'ice40', engine: 'native' })).report.layers[0]!.mvu;
}

// Structure, never cell counts: a zero weight costs nothing under `and`.
describe('synthesis: hardwired and vs xnor (Yosys, iCE40) @slow', function () {
  this.timeout(300_000);
  before(function () {
    requireTool(this, 'yosys');
  });

  it('an and layer whose weights are all 0 has no adder (no carry cell); the xnor layer on the same bits has one', async () => {
    const zero = [0, 0, 0, 0];
    expect((await unit('and', zero)).carries).to.equal(0);
    expect((await unit('xnor', zero)).carries).to.be.greaterThan(0);
  });

  it('at density 0.5 the hardwired and layer uses fewer LUTs than the hardwired xnor layer on the same weights', async () => {
    const rng = createRng(5);
    const rows = Array.from({ length: 8 }, () => rng.u32() >>> 0);
    const and = await unit('and', rows);
    const xnor = await unit('xnor', rows);
    expect(and.luts).to.be.lessThan(xnor.luts);
  });
});
