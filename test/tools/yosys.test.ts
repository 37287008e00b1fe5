import { expect } from 'chai';
import fc from 'fast-check';
import { UserError } from '../../src/diagnostics.js';
import { findNativeYosys, runYosys, type YosysEngine } from '../../src/tools/yosys.js';
import { collectWarnings, isPassHeader, lineSplitter, parseYosysVersion } from '../../src/tools/yosys-log.js';
import { requireTool } from '../support/tools.js';
import { rejectsUserError } from '../support/errors.js';

const AND = 'module a2 (input wire a, input wire b, output wire y); assign y = a & b; endmodule\n';
const UNDRIVEN = 'module u (output wire y); wire n; assign y = n; endmodule\n';

describe('tools/yosys-log', () => {
  it('recognises pass headers only', () => {
    expect(isPassHeader('2.3. Executing ABC pass.')).to.equal(true);
    expect(isPassHeader('1. Executing Verilog-2005 frontend: x.v')).to.equal(true);
    expect(isPassHeader('   Executing ABC.')).to.equal(false);
    expect(isPassHeader('2.3 Executing')).to.equal(false);
  });
  it('reads the version from a banner', () => {
    expect(parseYosysVersion(' Yosys 0.55 (git sha1 60f126cd0, clang)')).to.equal('0.55');
    expect(parseYosysVersion('Yosys 0.23 (git sha1 7ce5011c24b)')).to.equal('0.23');
    expect(parseYosysVersion('nothing')).to.equal(undefined);
  });
  it('turns Warning: lines into deduplicated warning diagnostics', () => {
    const d = collectWarnings(['x', 'Warning: wire n is used but has no driver.', '    extra', 'Warning: wire n is used but has no driver.']);
    expect(d).to.have.length(1);
    expect(d[0]!.severity).to.equal('warning');
    expect(d[0]!.code).to.equal('W_TOOL');
    expect(d[0]!.notes).to.deep.equal(['extra']);
  });
  it('splits lines the same however the stream is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z .]{0,12}$/), { maxLength: 8 }), fc.array(fc.nat(40), { maxLength: 6 }), (lines, cuts) => {
        const text = lines.join('\n');
        const got: string[] = [];
        const push = lineSplitter((l) => got.push(l));
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        let at = 0;
        for (const p of points) {
          push(text.slice(at, p));
          at = p;
        }
        push(text.slice(at));
        push(null);
        // A trailing newline ends the last line; it does not start a new one.
        const want = text.split('\n');
        if (want[want.length - 1] === '') want.pop();
        expect(got).to.deep.equal(want);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

for (const engine of ['native', 'wasm'] as YosysEngine[]) {
  describe(`tools/yosys runYosys (${engine})`, function () {
    beforeEach(function () {
      if (engine === 'native') requireTool(this, 'yosys');
    });

    it('runs a script, reports the version, progress and requested outputs', async () => {
      const progress: string[] = [];
      const r = await runYosys({
        engine,
        script: ['read_verilog src/a2.v', 'synth -top a2', 'tee -q -o out/stat.json stat -json'],
        files: { 'src/a2.v': AND },
        outputs: ['out/stat.json'],
        onProgress: (l) => progress.push(l),
      });
      expect(r.engine).to.equal(engine);
      expect(r.version).to.match(engine === 'wasm' ? /^0\.55/ : /^\d+\.\d+/);
      expect(progress[0]).to.match(/^1\. Executing Verilog/);
      expect(progress.some((l) => /^2\.\d+\. Executing /.test(l))).to.equal(true);
      expect(JSON.parse(r.outputs['out/stat.json']!).modules).to.have.property('\\a2');
    });

    it('collects Warning: lines as diagnostics', async () => {
      const r = await runYosys({ engine, script: ['read_verilog u.v', 'hierarchy -top u', 'proc', 'check'], files: { 'u.v': UNDRIVEN } });
      expect(r.diagnostics.length).to.be.greaterThan(0);
      expect(r.diagnostics.every((d) => d.severity === 'warning')).to.equal(true);
      expect(r.diagnostics.map((d) => d.message).join('\n')).to.match(/no driver/);
    });

    it('fails with E_TOOL_FAILED and the log tail on a Yosys ERROR', async () => {
      const e = await rejectsUserError(runYosys({ engine, script: ['read_verilog bad.v'], files: { 'bad.v': 'module m (; endmodule\n' } }));
      expect(e.code).to.equal('E_TOOL_FAILED');
      expect(e.diagnostics[0]!.notes.join('\n')).to.match(/ERROR/);
    });

    it('fails when a requested output was not written', async () => {
      const e = await rejectsUserError(runYosys({ engine, script: ['read_verilog a2.v'], files: { 'a2.v': AND }, outputs: ['none.json'] }));
      expect(e.code).to.equal('E_TOOL_FAILED');
      expect(e.message).to.match(/none\.json/);
    });

    it('stops at the timeout', async () => {
      // A 64-bit multiplier takes far longer than 50 ms on either engine.
      const mul = 'module m (input wire [63:0] a, b, output wire [127:0] y); assign y = a * b; endmodule\n';
      const e = await rejectsUserError(runYosys({ engine, script: ['read_verilog m.v', 'synth -top m'], files: { 'm.v': mul }, timeoutMs: 50 }));
      expect(e.code).to.equal('E_TOOL_FAILED');
      expect(e.message).to.match(/timeout/);
    });
  });
}

describe('tools/yosys inputs and tool lookup', () => {
  it('rejects file names that escape the sandbox', async () => {
    for (const bad of ['../x.v', '/etc/x.v']) {
      const e = await rejectsUserError(runYosys({ script: ['read_verilog x.v'], files: { [bad]: AND } }));
      expect(e.code).to.equal('E_PATH');
    }
  });
  it('reports a missing native yosys with one actionable hint', () => {
    expect(() => findNativeYosys({ PATH: '/nonexistent' })).to.throw(UserError).with.property('code', 'E_TOOL_MISSING');
    try {
      findNativeYosys({ SIMAN_HW_YOSYS: '/nonexistent/yosys', PATH: '' });
    } catch (e) {
      expect((e as UserError).diagnostics[0]!.hint).to.match(/SIMAN_HW_YOSYS/);
    }
  });
});
