/**
 * rtl/siman_window.v (streaming line buffer) under Verilator: conv windows
 * with kernel 1–5, stride 1–3, padding 0–2 and odd sizes (bit and uint
 * elements), OR/AND pooling, the whole-image gather; twelve images back to
 * back, the first on the exact cycles of the plain schedule, the others
 * with random stalls on both ends (test/rtl/tb/tb_window_case.sv).
 */
import { expect } from 'chai';
import path from 'node:path';
import { requireTool } from '../support/tools.js';
import { buildTb, runTb, TB_DIR, tmpDir } from './tb-run.js';

describe('rtl siman_window (Verilator testbench) @slow', function () {
  this.timeout(600_000);
  before(function () {
    requireTool(this, 'verilator');
  });
  it('every window, pooled pixel and gathered vector matches; timing exact; AXI holds', async function () {
    const built = await buildTb('tb_window_top', [path.join(TB_DIR, 'tb_window_top.sv'), path.join(TB_DIR, 'tb_window_case.sv')]);
    const run = runTb(built.exe, tmpDir('window'));
    expect(run.status, run.output).to.equal(0);
    expect(run.cases, run.output).to.have.length(12);
    for (const c of run.cases) expect(c, run.output).to.match(/PASS/);
  });
});
