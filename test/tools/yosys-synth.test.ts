import { expect } from 'chai';
import { addCounts, type ResourceCounts } from '../../src/estimate/synth-stats.js';
import type { YosysEngine } from '../../src/tools/yosys.js';
import type { SynthTarget } from '../../src/tools/yosys-script.js';
import { synthesize, type SynthResult } from '../../src/tools/yosys-synth.js';
import { requireTool } from '../support/tools.js';

const CWD = new URL('../fixtures/yosys/', import.meta.url).pathname;
const SUITE = ['suite.v', 'popcount.v', 'ram.v', 'reg-adder.v', 'hier.v'];

function sameTypes(a: ResourceCounts, b: ResourceCounts): void {
  const nz = (c: ResourceCounts) => Object.fromEntries(Object.entries(c.byType).filter(([, n]) => n !== 0).sort());
  expect(nz(a)).to.deep.equal(nz(b));
}

/** Relations every target must satisfy on the hierarchy fixture. */
function checkHierarchy(r: SynthResult, topName: string): void {
  const s = r.stats;
  const top = s.modules[topName]!;
  // Own cells plus each instance's total is the module's total...
  let sum = top.own;
  for (const i of r.instances[topName] ?? []) if (s.modules[i.module]) sum = addCounts(sum, s.modules[i.module]!.total);
  sameTypes(sum, top.total);
  // ...and the design total Yosys itself reports for the top.
  if (s.top === topName && s.design) sameTypes(top.total, s.design);
  // hier_top keeps its three layer instances.
  expect(r.instances.hier_top).to.deep.equal([
    { instance: 'layer0', module: 'layer_a' },
    { instance: 'layer1', module: 'layer_a' },
    { instance: 'layer2', module: 'layer_b' },
  ]);
  expect(s.modules.layer_a!.submodules).to.deep.equal({ hier_leaf: 2 });
  expect(s.modules.hier_leaf!.total.luts).to.be.greaterThan(0);
  // 4 + 4 leaf bits plus 5 output bits per layer_a, 1 in layer_b.
  expect(s.modules.hier_top!.total.ffs).to.be.at.least(2 * (4 + 4 + 5) + 1);
}

/** Relations on the whole fixture suite. */
function checkSuite(r: SynthResult, target: SynthTarget): void {
  checkHierarchy(r, 'suite_top');
  const m = (name: string) => r.stats.modules[name]!.total;
  expect(r.topInstances.map((i) => i.instance)).to.deep.equal(['u_add', 'u_hier', 'u_pc16', 'u_pc32', 'u_ram']);
  expect(m('popcount32').luts).to.be.greaterThan(m('popcount16').luts);
  expect(m('popcount16').ffs).to.equal(0);
  expect(m('reg_adder').ffs).to.be.at.least(8 + 8 + 9);
  if (target !== 'generic') expect(m('reg_adder').carries).to.be.greaterThan(0);
  if (target === 'ice40') expect(m('ram256x16').brams).to.be.at.least(1);
  if (target === 'generic') expect(Object.keys(m('popcount32').lutsBySize).every((k) => Number(k) >= 1 && Number(k) <= 4)).to.equal(true);
  if (target === 'xilinx') expect(Object.keys(m('popcount32').lutsBySize).every((k) => Number(k) >= 1 && Number(k) <= 6)).to.equal(true);
}

describe('tools/yosys-synth native', function () {
  for (const target of ['ice40', 'ecp5', 'generic', 'xilinx'] as SynthTarget[]) {
    // generic maps the 4 Kbit RAM to ~4k flip-flops and xilinx runs long ABC
    // passes: tens of seconds each on a loaded machine.
    const slow = target === 'generic' || target === 'xilinx' ? ' @slow' : '';
    describe(`${target}${slow}`, function () {
      this.timeout(600_000);
      let r: SynthResult;
      before(async function () {
        requireTool(this, 'yosys');
        r = await synthesize({ engine: 'native', target, top: 'suite_top', files: SUITE, cwd: CWD });
      });
      it('keeps the hierarchy and rolls up per instance', () => checkSuite(r, target));
      it('reports the engine and version', () => {
        expect(r.engine).to.equal('native');
        expect(r.yosysVersion).to.match(/^\d+\.\d+/);
        expect(r.stats.version).to.equal(r.yosysVersion.replace(/\+.*/, ''));
      });
    });
  }
});

describe('tools/yosys-synth wasm', function () {
  let wasm: SynthResult;
  before(async () => {
    wasm = await synthesize({ target: 'ice40', top: 'hier_top', files: ['hier.v'], cwd: CWD });
  });
  it('synthesises the hierarchy fixture with Yosys 0.55', () => {
    expect(wasm.engine).to.equal('wasm');
    expect(wasm.yosysVersion).to.equal('0.55');
    checkHierarchy(wasm, 'hier_top');
  });
  it('gives the same module structure as the native engine', async function () {
    requireTool(this, 'yosys');
    const native = await synthesize({ engine: 'native', target: 'ice40', top: 'hier_top', files: ['hier.v'], cwd: CWD });
    expect(Object.keys(native.stats.modules).sort()).to.deep.equal(Object.keys(wasm.stats.modules).sort());
    expect(native.instances).to.deep.equal(wasm.instances);
    for (const name of Object.keys(wasm.stats.modules)) {
      expect(native.stats.modules[name]!.submodules).to.deep.equal(wasm.stats.modules[name]!.submodules);
    }
  });
});

describe('tools/yosys-synth wasm suite @slow', function () {
  // generic maps the RAM to flip-flops; in wasm that takes minutes.
  this.timeout(600_000);
  for (const target of ['ice40', 'ecp5', 'generic', 'xilinx'] as SynthTarget[]) {
    it(`${target}: same relations as native`, async () => {
      const r = await synthesize({ engine: 'wasm' as YosysEngine, target, top: 'suite_top', files: SUITE, cwd: CWD });
      checkSuite(r, target);
    });
  }
});
