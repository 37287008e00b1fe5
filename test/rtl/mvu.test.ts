/**
 * siman_mvu against the testbench model: a dozen shapes (PE = SIMD = 1,
 * fully parallel, bits/uint input, and/xnor, threshold/score output,
 * DEPTH 0..3) in one Verilator build, run with two weight seeds, without
 * stalls (exact latency and II) and with random valid/ready stalls.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireTool } from '../support/tools.js';
import { mvuTop, writeMvuFiles, type MvuShape } from './mvu-files.js';
import { buildTb, runTb, TB_DIR, tmpDir, xorshift32 } from './tb-run.js';

const b = (
  name: string, IN: number, OUT: number, PE: number, SIMD: number, INPUT_MODE: 0 | 1, EB: number,
  SEMANTICS: 0 | 1, OUTPUT_MODE: 0 | 1, DEPTH: number,
): MvuShape => ({ name, IN, OUT, PE, SIMD, INPUT_MODE, EB, SEMANTICS, OUTPUT_MODE, DEPTH });

export const SHAPES: MvuShape[] = [
  b('pe1_simd1_and_thr', 8, 4, 1, 1, 0, 1, 0, 0, 0),
  b('full_xnor_thr', 16, 8, 8, 16, 0, 1, 1, 0, 1),
  b('and_score_d2', 24, 6, 2, 4, 0, 1, 0, 1, 2),
  b('xnor_score_d0', 12, 10, 5, 3, 0, 1, 1, 1, 0),
  b('uint_and_thr', 6, 4, 2, 2, 1, 3, 0, 0, 1),
  b('uint_xnor_score', 8, 6, 3, 4, 1, 4, 1, 1, 2),
  b('uint_xnor_thr_d3', 10, 3, 1, 5, 1, 2, 1, 0, 3),
  b('wide_and_thr', 64, 16, 4, 16, 0, 1, 0, 0, 2),
  b('uint_full_score', 4, 2, 2, 4, 1, 5, 0, 1, 0),
  b('nf4_sf1_xnor_thr', 32, 4, 1, 32, 0, 1, 1, 0, 1),
  b('out1_and_score', 9, 1, 1, 3, 0, 1, 0, 1, 1),
  b('uint_pe1_simd1_and_score', 5, 3, 1, 1, 1, 8, 0, 1, 1),
];

const NVEC = 40;
const RUNS = [
  { seed: 1, p: 0 },
  { seed: 1, p: 350 },
  { seed: 2, p: 0 },
  { seed: 2, p: 700 },
];

describe('rtl siman_mvu (Verilator testbench) @slow', function () {
  let exe = '';

  before(async function () {
    requireTool(this, 'verilator');
    this.timeout(900_000);
    const dir = tmpDir('mvu-top');
    const top = path.join(dir, 'tb_mvu_top.sv');
    writeFileSync(top, mvuTop(SHAPES, NVEC));
    exe = (await buildTb('tb_mvu_top', [top, path.join(TB_DIR, 'tb_mvu_case.sv')])).exe;
  });

  for (const { seed, p } of RUNS) {
    it(`seed ${seed}, stall probability ${p / 1000}: every output matches${p === 0 ? ', latency and II exact' : ''}`, function () {
      const dir = tmpDir('mvu');
      const rnd = xorshift32(seed * 7919);
      SHAPES.forEach((s, k) => writeMvuFiles(dir, `c${k}`, s, rnd));
      const run = runTb(exe, dir, [`+seed=${seed}`, `+p=${p}`]);
      expect(run.cases, run.output).to.have.length(SHAPES.length);
      for (const l of run.cases) expect(l, run.output).to.match(/ PASS errors=0/);
      expect(run.status, run.output).to.equal(0);
    });
  }
});
