/**
 * siman_hwlower under Verilator: the shared input sum and the per-lane
 * combine of a lowered hardwired `xnor` layer (see test/rtl/tb/tb_hwlower.sv),
 * every (x, s) pair on tiny sizes, random beyond, with random enables.
 */
import { expect } from 'chai';
import path from 'node:path';
import { requireTool } from '../support/tools.js';
import { buildTb, runTb, TB_DIR, tmpDir, type TbRun } from './tb-run.js';

describe('rtl siman_hwlower (Verilator testbench)', function () {
  let run: TbRun;

  before(async function () {
    requireTool(this, 'verilator');
    this.timeout(300_000);
    const built = await buildTb('tb_hwlower', [path.join(TB_DIR, 'tb_hwlower.sv')]);
    run = runTb(built.exe, tmpDir('hwlower'));
  });

  it('finishes with no errors', function () {
    expect(run.output, run.output).to.match(/TB DONE cycles=\d+ errors=0/);
    expect(run.status).to.equal(0);
  });

  it('bits and uint, both signs, DEPTH 0..2: every case passes', function () {
    expect(run.cases, run.output).to.have.length(7);
    for (const l of run.cases) expect(l, run.output).to.match(/ PASS errors=0/);
  });
});
