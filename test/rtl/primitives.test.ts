/**
 * Self-checking Verilator testbenches of the RTL primitives (one build,
 * every case side by side: see test/rtl/tb/tb_prims.sv).
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireTool } from '../support/tools.js';
import { buildTb, runTb, TB_DIR, tmpDir, type TbRun } from './tb-run.js';

/** ROM test file: word k = (k * 0x9E3779B1 + 0x01234567) mod 2^32, low `width` bits. */
function romFile(width: number, depth: number): string {
  const lines: string[] = [];
  for (let k = 0; k < depth; k++) {
    let v = BigInt((Math.imul(k, 0x9e3779b1) + 0x01234567) >>> 0);
    v &= (1n << BigInt(width)) - 1n;
    lines.push(v.toString(16).padStart(Math.ceil(width / 4), '0'));
  }
  return lines.join('\n') + '\n';
}

describe('rtl primitives (Verilator testbenches) @slow', function () {
  let run: TbRun;

  before(async function () {
    requireTool(this, 'verilator');
    this.timeout(600_000);
    const built = await buildTb('tb_prims', [path.join(TB_DIR, 'tb_prims.sv')]);
    const dir = tmpDir('prims');
    for (const [w, d] of [
      [12, 5],
      [32, 8],
      [3, 1],
    ] as const) {
      writeFileSync(path.join(dir, `rom_${w}x${d}.mem`), romFile(w, d));
    }
    run = runTb(built.exe, dir);
  });

  it('finishes with no errors', function () {
    expect(run.output, run.output).to.match(/TB DONE cycles=\d+ errors=0/);
    expect(run.status).to.equal(0);
  });

  const expectCases = (kind: string, count: number) => {
    const mine = run.cases.filter((l) => l.split(/\s+/)[1] === kind);
    expect(mine, run.output).to.have.length(count);
    for (const l of mine) expect(l, run.output).to.match(/ PASS errors=0/);
  };

  it('popcount: exhaustive (N <= 10) and random, DEPTH 0..8, enable holds', () => expectCases('popcount', 7));
  it('addertree: and/xnor, EB 1..8, DEPTH 0..5', () => expectCases('addertree', 5));
  it('threshold: exhaustive ge/le at W = 1, 4, 6', () => expectCases('threshold', 3));
  it('rom: $readmemh format, 1-cycle read, enable holds, every STYLE (block, logic, auto)', () => expectCases('rom', 3));
  it('skid_buffer: order, AXI hold, full throughput, random stalls', () => expectCases('skid_buffer', 1));
  it('axis_fifo: DEPTH 2, 3, 5 with random stalls', () => expectCases('axis_fifo', 3));
});
