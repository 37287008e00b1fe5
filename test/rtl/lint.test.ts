/**
 * Every RTL module, at several parameter sets, is clean under
 * `verilator --lint-only -Wall` and under Yosys read_verilog +
 * hierarchy -check + proc (no warnings).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { lintVerilog, type ParamValue } from '../../src/tools/verilator.js';
import { requireTool } from '../support/tools.js';
import { RTL_DIR } from './tb-run.js';

const FILES = readdirSync(RTL_DIR)
  .filter((f) => f.endsWith('.v'))
  .map((f) => path.join(RTL_DIR, f));

const CASES: { top: string; params: Record<string, ParamValue> }[] = [
  { top: 'siman_sumtree', params: { N: 5, W: 2, DEPTH: 2 } },
  { top: 'siman_sumtree', params: { N: 1, DEPTH: 3 } },
  { top: 'siman_sumtree', params: { N: 13, W: 3, SIGNED: 1, DEPTH: 0 } },
  { top: 'siman_popcount', params: { N: 1, DEPTH: 0 } },
  { top: 'siman_popcount', params: { N: 37, DEPTH: 2 } },
  { top: 'siman_popcount', params: { N: 64, DEPTH: 7 } },
  { top: 'siman_popcount', params: { N: 37, DEPTH: 2, STYLE: 0 } },
  { top: 'siman_cintree', params: { N: 1, DEPTH: 0 } },
  { top: 'siman_cintree', params: { N: 2, DEPTH: 3 } },
  { top: 'siman_cintree', params: { N: 100, DEPTH: 2 } },
  { top: 'siman_cintree', params: { N: 1100, DEPTH: 9, CHAIN_FROM: 1 } },
  { top: 'siman_cintree', params: { N: 12, DEPTH: 1, CHAIN_FROM: 5 } },
  { top: 'siman_addertree', params: { N: 5, EB: 3, SEMANTICS: 1, DEPTH: 2 } },
  { top: 'siman_addertree', params: { N: 1, EB: 1, SEMANTICS: 0, DEPTH: 0 } },
  { top: 'siman_resize', params: { IW: 9, OW: 5, SIGNED: 1 } },
  { top: 'siman_resize', params: { IW: 3, OW: 8, SIGNED: 1 } },
  { top: 'siman_resize', params: { IW: 3, OW: 8 } },
  { top: 'siman_result', params: { PE: 3, ACC_W: 6, SW: 8, INPUT_MODE: 0, OUTPUT_MODE: 1 } },
  { top: 'siman_result', params: { PE: 2, ACC_W: 5 } },
  { top: 'siman_collect', params: { NF: 1, CB: 4 } },
  { top: 'siman_collect', params: { NF: 2, CB: 3 } },
  { top: 'siman_collect', params: { NF: 5, CB: 2 } },
  { top: 'siman_threshold', params: { W: 1 } },
  { top: 'siman_threshold', params: { W: 12 } },
  { top: 'siman_rom', params: { WIDTH: 5, DEPTH: 1 } },
  { top: 'siman_rom', params: { WIDTH: 40, DEPTH: 6 } },
  { top: 'siman_rom', params: { WIDTH: 8, DEPTH: 16 } },
  { top: 'siman_rom', params: { WIDTH: 8, DEPTH: 16, STYLE: 1 } },
  { top: 'siman_rom', params: { WIDTH: 7, DEPTH: 18, STYLE: 2 } },
  { top: 'siman_skid_buffer', params: { W: 1 } },
  { top: 'siman_axis_fifo', params: { W: 9, DEPTH: 2 } },
  { top: 'siman_axis_fifo', params: { W: 9, DEPTH: 5 } },
  { top: 'siman_mvu', params: {} },
  { top: 'siman_mvu', params: { IN: 16, OUT: 8, PE: 8, SIMD: 16, DEPTH: 0 } },
  { top: 'siman_mvu', params: { IN: 4, OUT: 2, PE: 1, SIMD: 1, DEPTH: 3, OUTPUT_MODE: 1, SEMANTICS: 1 } },
  { top: 'siman_mvu', params: { INPUT_MODE: 1, EB: 4, SEMANTICS: 1, OUTPUT_MODE: 1, ACC_W: 12, SW: 12, DEPTH: 2 } },
  { top: 'siman_mvu', params: { INPUT_MODE: 1, EB: 3, SIMD: 1, ACC_W: 3, DEPTH: 0, OUT: 6, PE: 3 } },
  { top: 'siman_hwlane', params: {} },
  { top: 'siman_hwlane', params: { N: 1, DEPTH: 2, OW: 2 } },
  { top: 'siman_hwlane', params: { N: 5, NF: 3, SEMANTICS: 1, DEPTH: 1, OW: 4 } },
  { top: 'siman_hwlane', params: { N: 6, NF: 2, INPUT_MODE: 1, EB: 5, SEMANTICS: 1, DEPTH: 2, OW: 6 } },
  { top: 'siman_hwlane', params: { N: 9, INPUT_MODE: 1, EB: 3, DEPTH: 0, OW: 16 } },
  { top: 'siman_hwlower', params: {} },
  { top: 'siman_hwlower', params: { IN: 1, PE: 1, DEPTH: 2, OW: 2 } },
  { top: 'siman_hwlower', params: { IN: 37, PE: 3, DEPTH: 1, OW: 7 } },
  { top: 'siman_hwlower', params: { IN: 6, PE: 2, INPUT_MODE: 1, EB: 5, DEPTH: 2, OW: 9 } },
  { top: 'siman_hwlower', params: { IN: 9, PE: 2, INPUT_MODE: 1, EB: 3, DEPTH: 0, OW: 4 } },
  { top: 'siman_hwu', params: {} },
  { top: 'siman_hwu', params: { PE: 2, DEPTH: 0 } },
  { top: 'siman_hwu', params: { OUT: 6, PE: 2, OUTPUT_MODE: 1, SW: 9, DEPTH: 3 } },
  { top: 'siman_hwu', params: { IN: 5, INPUT_MODE: 1, EB: 4, OUT: 4, PE: 1, ACC_W: 3, DEPTH: 1 } },
  { top: 'siman_window', params: {} },
  { top: 'siman_window', params: { C: 3, H: 5, W: 4, KH: 2, KW: 3, SH: 2, SW: 2, PH: 0, PW: 2, EBW: 4 } },
  { top: 'siman_window', params: { C: 2, H: 4, W: 5, KH: 2, KW: 2, SH: 2, SW: 2, PH: 0, PW: 0, POOL: 1 } },
  { top: 'siman_window', params: { C: 2, H: 3, W: 2, KH: 3, KW: 2, PH: 0, PW: 0 } },
  { top: 'siman_window', params: { C: 1, H: 1, W: 1, KH: 1, KW: 1, PH: 0, PW: 0, PAD: 1 } },
  // Border classes (zero padding of ±1 activations); windows with classes: generated designs, test/verify/conv-zero-pad-rtl.test.ts.
  { top: 'siman_mvu', params: { IN: 4, OUT: 2, PE: 2, SIMD: 4, SEMANTICS: 1, ACC_W: 4, DEPTH: 1, CLASSES: 9, CLS_W: 4 } },
  { top: 'siman_mvu', params: { IN: 16, OUT: 6, PE: 2, SIMD: 4, DEPTH: 0, CLASSES: 3, CLS_W: 2 } },
  { top: 'siman_mvu', params: { IN: 18, OUT: 4, PE: 4, SIMD: 18, DEPTH: 2, CLASSES: 25, CLS_W: 5 } },
];

const label = (c: (typeof CASES)[number]) =>
  `${c.top}(${Object.entries(c.params).map(([k, v]) => `${k}=${v}`).join(', ') || 'defaults'})`;

describe('rtl lint', function () {
  describe('verilator --lint-only -Wall', function () {
    before(function () {
      requireTool(this, 'verilator');
    });
    for (const c of CASES) {
      it(`${label(c)} has no warnings`, async function () {
        const diags = await lintVerilog(FILES, c.top, { params: c.params });
        expect(diags.map(formatDiagnostic)).to.deep.equal([]);
      });
    }
  });

  describe('yosys read_verilog + hierarchy -check + proc', function () {
    before(function () {
      requireTool(this, 'yosys');
    });
    for (const c of CASES) {
      it(`${label(c)} has no warnings`, function () {
        const sets = Object.entries(c.params).flatMap(([k, v]) => ['-set', k, String(v)]);
        const script = [
          `read_verilog -defer ${FILES.map((f) => `"${f}"`).join(' ')}`,
          sets.length ? `chparam ${sets.join(' ')} ${c.top}` : '',
          `hierarchy -check -top ${c.top}`,
          'proc',
        ]
          .filter(Boolean)
          .join('; ');
        const exe = process.env.SIMAN_HW_YOSYS || 'yosys';
        const r = spawnSync(exe, ['-q', '-p', script], { encoding: 'utf8' });
        const out = `${r.stdout}${r.stderr}`;
        expect(r.status, out).to.equal(0);
        expect(out.split('\n').filter((l) => /warning|error/i.test(l))).to.deep.equal([]);
      });
    }
  });
});
