/**
 * rtl/siman_popcount.v in both styles (the two-input adder tree and the
 * carry-in tree of rtl/siman_cintree.v, several CHAIN_FROM) under
 * Verilator against a plain sum: every input for N <= 12, seeded random
 * vectors (uniform, all zeros, all ones, sparse, dense) for N up to 1100,
 * DEPTH 0..9, random enable stalls (test/rtl/tb/tb_popcount.sv).
 */
import { expect } from 'chai';
import path from 'node:path';
import { requireTool } from '../support/tools.js';
import { buildTb, runTb, TB_DIR, tmpDir } from './tb-run.js';

describe('rtl siman_popcount / siman_cintree (Verilator testbench) @slow', function () {
  this.timeout(600_000);
  before(function () {
    requireTool(this, 'verilator');
  });
  it('every count equals the plain sum, DEPTH cycles later, holding on en = 0', async function () {
    const built = await buildTb('tb_popcount', [path.join(TB_DIR, 'tb_popcount.sv')]);
    const run = runTb(built.exe, tmpDir('popcount'));
    expect(run.output, run.output).to.match(/TB DONE cycles=\d+ errors=0/);
    expect(run.status, run.output).to.equal(0);
    expect(run.cases, run.output).to.have.length(25);
    for (const c of run.cases) expect(c, run.output).to.match(/ PASS errors=0/);
    // Both styles and the exhaustive sizes are really there.
    expect(run.cases.filter((c) => /STYLE=1/.test(c))).to.have.length(22);
    expect(run.cases.filter((c) => /N=12 /.test(c))).to.have.length(4);
    expect(run.cases.filter((c) => /N=1100 /.test(c))).to.have.length(3);
  });
});
