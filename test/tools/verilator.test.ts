/**
 * The Verilator runner: tool lookup, message parsing, lint diagnostics,
 * cached builds and build failures.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildVerilated,
  defaultCacheRoot,
  findVerilator,
  lintVerilog,
  parseVerilatorMessages,
} from '../../src/tools/verilator.js';
import { requireTool } from '../support/tools.js';
import { catchUserError, rejectsUserError } from '../support/errors.js';

function tmp(tag: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `siman-hw-vl-${tag}-`));
}

describe('tools/verilator', function () {
  describe('findVerilator', function () {
    it('reports a missing tool with one actionable line', function () {
      const e = catchUserError(() => findVerilator({ PATH: '/nonexistent-dir' }));
      expect(e.code).to.equal('E_TOOL_MISSING');
      expect(e.diagnostics[0]!.hint).to.match(/apt-get install verilator/).and.match(/SIMAN_HW_VERILATOR/);
    });

    it('rejects an override that is not executable', function () {
      const e = catchUserError(() => findVerilator({ SIMAN_HW_VERILATOR: '/nonexistent/verilator', PATH: '' }));
      expect(e.code).to.equal('E_TOOL_MISSING');
      expect(e.message).to.contain('SIMAN_HW_VERILATOR=/nonexistent/verilator');
    });

    it('prefers the override over PATH', function () {
      const dir = tmp('fake');
      const fake = path.join(dir, 'verilator');
      writeFileSync(fake, '#!/bin/sh\necho fake\n', { mode: 0o755 });
      expect(findVerilator({ SIMAN_HW_VERILATOR: fake, PATH: '/usr/bin' })).to.equal(fake);
      rmSync(dir, { recursive: true, force: true });
    });
  });

  describe('defaultCacheRoot', function () {
    it('is .cache/verilator in the project unless SIMAN_HW_CACHE is set', function () {
      expect(defaultCacheRoot({})).to.match(/[/\\]\.cache[/\\]verilator$/);
      expect(defaultCacheRoot({ SIMAN_HW_CACHE: '/x/y' })).to.equal(path.resolve('/x/y'));
    });
  });

  describe('parseVerilatorMessages', function () {
    it('turns warnings and errors into located diagnostics', function () {
      const text = [
        "%Warning-UNUSEDSIGNAL: a.v:3:15: Signal is not used: 'x'",
        '                      : ... In instance a',
        "%Error: b.v:7:1: syntax error, unexpected endmodule",
        '%Error: Exiting due to 1 error(s)',
      ].join('\n');
      const d = parseVerilatorMessages(text);
      expect(d).to.have.length(2);
      expect(d[0]).to.deep.include({ severity: 'warning', code: 'W_TOOL', message: "[UNUSEDSIGNAL] Signal is not used: 'x'" });
      expect(d[0]!.location).to.deep.equal({ file: 'a.v', line: 3, column: 15 });
      expect(d[1]).to.deep.include({ severity: 'error', code: 'E_TOOL_FAILED' });
      expect(d[1]!.location).to.deep.equal({ file: 'b.v', line: 7, column: 1 });
    });
  });

  describe('with verilator', function () {
    before(function () {
      requireTool(this, 'verilator');
    });

    it('lintVerilog returns -Wall warnings as diagnostics', async function () {
      const dir = tmp('lint');
      const f = path.join(dir, 'lint_me.v');
      writeFileSync(f, 'module lint_me(input wire a, input wire b, output wire y);\n  assign y = a;\nendmodule\n');
      const d = await lintVerilog([f], 'lint_me');
      expect(d).to.have.length(1);
      expect(d[0]!.severity).to.equal('warning');
      expect(d[0]!.message).to.match(/^\[UNUSEDSIGNAL\].*'b'/);
      expect(d[0]!.location?.line).to.equal(1);
      rmSync(dir, { recursive: true, force: true });
    });

    it('builds once, then hits the cache; the executable runs @slow', async function () {
      this.timeout(300_000);
      const dir = tmp('build');
      const cacheRoot = path.join(dir, 'cache');
      const v = path.join(dir, 'adder.v');
      const cpp = path.join(dir, 'main.cpp');
      writeFileSync(v, 'module adder #(parameter integer K = 1) (input wire [7:0] a, output wire [7:0] y);\n  assign y = a + K[7:0];\nendmodule\n');
      writeFileSync(
        cpp,
        [
          '#include "Vtop.h"',
          '#include "verilated.h"',
          '#include <cstdio>',
          'int main(int argc, char** argv) {',
          '  Verilated::commandArgs(argc, argv);',
          '  Vtop t; t.a = 40; t.eval();',
          '  std::printf("y=%d\\n", (int)t.y);',
          '  return 0;',
          '}',
        ].join('\n'),
      );
      const opts = { top: 'adder', sources: [v], cppSources: [cpp], params: { K: 2 }, cacheRoot };
      const first = await buildVerilated(opts);
      expect(first.cached).to.equal(false);
      const second = await buildVerilated(opts);
      expect(second.cached).to.equal(true);
      expect(second.exe).to.equal(first.exe);
      const out = spawnSync(second.exe, { encoding: 'utf8' }).stdout;
      expect(out.trim()).to.equal('y=42');
      rmSync(dir, { recursive: true, force: true });
    });

    it('reports a broken source as E_TOOL_FAILED with the output tail', async function () {
      this.timeout(120_000);
      const dir = tmp('broken');
      const v = path.join(dir, 'broken.v');
      const cpp = path.join(dir, 'main.cpp');
      writeFileSync(v, 'module broken(input wire a, output wire y);\n  assign y = a +;\nendmodule\n');
      writeFileSync(cpp, 'int main() { return 0; }\n');
      const e = await rejectsUserError(
        buildVerilated({ top: 'broken', sources: [v], cppSources: [cpp], cacheRoot: path.join(dir, 'cache') }),
      );
      expect(e.code).to.equal('E_TOOL_FAILED');
      expect(e.message).to.contain('verilator build of broken exited with status');
      expect(e.diagnostics[0]!.notes.join('\n')).to.match(/broken\.v:2/);
      rmSync(dir, { recursive: true, force: true });
    });

    it('reports a missing source as E_IO', async function () {
      const e = await rejectsUserError(
        buildVerilated({ top: 'x', sources: ['/nonexistent/x.v'], cppSources: [], cacheRoot: tmp('io') }),
      );
      expect(e.code).to.equal('E_IO');
    });
  });
});
