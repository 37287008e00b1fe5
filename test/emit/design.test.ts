import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { designFromFile } from '../../src/flow.js';
import { lintVerilog } from '../../src/tools/verilator.js';
import { runYosys } from '../../src/tools/yosys.js';
import { writeDirAtomic } from '../../src/util/atomic-fs.js';
import { TEMPLATE_DIR } from '../../src/emit/handlebars.js';
import { requireTool } from '../support/tools.js';
import { randomCnnDesign, randomDesign } from '../sim/random-designs.js';
import { randomHardwiredDesign, randomLoweredDesign } from '../sim/hardwired-designs.js';
import type { DesignFlow } from '../../src/flow.js';

const DIGITS = 'examples/digits/digits-mlp.json';
const DIGITS_CNN = 'examples/digits-cnn/digits-cnn.json';

function designs(): Array<[string, DesignFlow]> {
  return [
    ['digits auto', designFromFile(DIGITS)],
    ['digits serial', designFromFile(DIGITS, { fold: 'serial' })],
    ['digits full', designFromFile(DIGITS, { fold: 'full' })],
    ['digits hardwired', designFromFile(DIGITS, { mode: 'hardwired' })],
    ['digits mixed, hardwired layer 0 in 8 folds', designFromFile(DIGITS, { mode: '0:hardwired;1:folded', fold: '0:pe=32' })],
    ...[8, 9].map((s): [string, DesignFlow] => {
      const d = randomHardwiredDesign(s, 1, s % 2 === 1, { depth: [2, 3], inputWidth: [1, 60] });
      return [`random hardwired ${s} (${d.mode}, ${d.fold})`, d.flow];
    }),
    ...[1902, 1903].map((s): [string, DesignFlow] => {
      const d = randomLoweredDesign(s, 1, { input: s % 2 === 0 ? 'uint' : 'bipolar' });
      return [`random lowered ${s} (${d.mode}, ${d.fold})`, d.flow];
    }),
    ...[5, 6, 7].map((s): [string, DesignFlow] => {
      const d = randomDesign(s, 1, { depth: [2, 4], inputWidth: [1, 100] });
      return [`random ${s} (${d.fold})`, d.flow];
    }),
    ['digits CNN auto', designFromFile(DIGITS_CNN)],
    ['digits CNN hardwired', designFromFile(DIGITS_CNN, { mode: 'hardwired' })],
    ...[2001, 2002, 2006].map((s): [string, DesignFlow] => {
      const d = randomCnnDesign(s, 1, 3000);
      return [`random CNN ${s} (${d.fold})`, d.flow];
    }),
  ];
}

describe('emit/design', () => {
  it('templates only place values: no expressions or helpers inside {{ }}', () => {
    for (const f of fs.readdirSync(TEMPLATE_DIR)) {
      const text = fs.readFileSync(path.join(TEMPLATE_DIR, f), 'utf8');
      for (const m of text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
        expect(m[1], `${f}: {{${m[1]}}}`).to.match(/^(#each [A-Za-z_]\w*|\/each|[A-Za-z_]\w*)$/);
      }
    }
  });

  it('manifest carries the whole top-level contract', () => {
    const m = designFromFile(DIGITS).design.manifest;
    for (const k of ['top', 'inputBits', 'inputElementBits', 'inputElements', 'outputBits', 'scoreBits', 'classes', 'iiCycles', 'latencyCycles', 'files']) {
      expect(m, k).to.have.property(k);
    }
    expect(m.inputBits).to.equal(m.inputElements * m.inputElementBits);
    expect(m.outputBits).to.equal(m.classes * m.scoreBits);
    const files = designFromFile(DIGITS).design.files;
    for (const f of [...m.files.verilog, ...m.files.memory]) expect(files.has(f), f).to.equal(true);
  });

  it('conv manifest: pixel input beats, window/pool/gather units per layer', () => {
    const m = designFromFile(DIGITS_CNN).design.manifest;
    expect(m.inputBeat).to.equal('pixel');
    expect(m.inputBeatsPerVector).to.equal(64);
    expect(m.inputBits).to.equal(5);
    expect(m.inputElements).to.equal(64);
    expect(m.layers.map((l) => l.window?.role ?? null)).to.deep.equal(['window', 'window', 'gather']);
    expect(m.layers.map((l) => l.pool?.positions ?? null)).to.deep.equal([16, 4, null]);
    expect(m.layers.map((l) => l.positions)).to.deep.equal([64, 16, 1]);
    expect(m.latencyCycles).to.equal(1380);
    expect(m.iiCycles).to.equal(590);
    const dense = designFromFile(DIGITS).design.manifest;
    expect(dense.inputBeat).to.equal('vector');
    expect(dense.inputBeatsPerVector).to.equal(1);
  });

  it('generated designs pass verilator --lint-only -Wall with no warnings', async function () {
    requireTool(this, 'verilator');
    this.timeout(300_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-lint-'));
    try {
      for (const [name, flow] of designs()) {
        const dir = path.join(tmp, name.replace(/\W+/g, '_'));
        writeDirAtomic(dir, flow.design.files);
        const diags = await lintVerilog(flow.design.manifest.files.verilog.map((f) => path.join(dir, f)), flow.design.manifest.top);
        expect(diags.map((d) => d.message), name).to.deep.equal([]);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('generated designs pass Yosys read_verilog, hierarchy -check and proc with no warnings', async function () {
    requireTool(this, 'yosys');
    this.timeout(300_000);
    for (const [name, flow] of designs()) {
      const files: Record<string, string> = Object.fromEntries(flow.design.files);
      const verilog = flow.design.manifest.files.verilog;
      const r = await runYosys({
        engine: 'native',
        files,
        script: [`read_verilog -DSYNTHESIS ${verilog.join(' ')}`, `hierarchy -check -top ${flow.design.manifest.top}`, 'proc'],
      });
      expect(r.diagnostics.map((d) => d.message), name).to.deep.equal([]);
    }
  });
});
