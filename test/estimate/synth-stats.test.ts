import { expect } from 'chai';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { UserError } from '../../src/diagnostics.js';
import {
  addCounts,
  classifyCell,
  countsFromTypes,
  decodeParamod,
  instanceResources,
  parseInstances,
  parseStatJson,
  type ResourceCounts,
} from '../../src/estimate/synth-stats.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/yosys/${name}`, import.meta.url), 'utf8');

/** Per-type counts must agree; zero entries do not matter. */
function sameTypes(a: ResourceCounts, b: ResourceCounts): void {
  const nz = (c: ResourceCounts) => Object.fromEntries(Object.entries(c.byType).filter(([, n]) => n !== 0).sort());
  expect(nz(a)).to.deep.equal(nz(b));
}

describe('estimate/synth-stats', () => {
  describe('classifyCell', () => {
    const cases: Array<[string, string, number?]> = [
      ['SB_LUT4', 'lut', 4], ['LUT6', 'lut', 6], ['LUT1', 'lut', 1], ['LUT4', 'lut', 4], ['$lut', 'lut', 0], ['$lut_3', 'lut', 3],
      ['SB_DFF', 'ff'], ['SB_DFFESR', 'ff'], ['TRELLIS_FF', 'ff'], ['FDRE', 'ff'], ['FDCE_1', 'ff'], ['$_DFF_P_', 'ff'], ['$_SDFFE_PP0P_', 'ff'], ['$dff', 'ff'],
      ['SB_CARRY', 'carry'], ['CCU2C', 'carry'], ['CARRY4', 'carry'], ['CARRY8', 'carry'],
      ['SB_RAM40_4K', 'bram'], ['DP16KD', 'bram'], ['RAMB18E1', 'bram'], ['RAMB36E2', 'bram'],
      ['RAM64M', 'lutram'], ['SRLC32E', 'lutram'], ['TRELLIS_DPR16X4', 'lutram'],
      ['SB_MAC16', 'dsp'], ['MULT18X18D', 'dsp'], ['DSP48E1', 'dsp'],
      ['PFUMX', 'mux'], ['MUXF7', 'mux'], ['IBUF', 'io'], ['BUFG', 'io'],
      ['$_AND_', 'other'], ['VCC', 'other'],
    ];
    for (const [type, cls, size] of cases) {
      it(`${type} is ${cls}${size !== undefined ? ` (${size}-input)` : ''}`, () => {
        const c = classifyCell(type);
        expect(c.cls).to.equal(cls);
        if (size !== undefined) expect(c.lutSize).to.equal(size);
      });
    }
  });

  describe('decodeParamod', () => {
    it('reads the base name and integer parameters', () => {
      expect(decodeParamod("$paramod\\popcount\\N=s32'00000000000000000000000000010000")).to.deep.equal({
        baseName: 'popcount',
        params: { N: 16 },
      });
      expect(decodeParamod("$paramod\\m\\A=s4'1111\\B=3'101").params).to.deep.equal({ A: -1, B: 5 });
    });
    it('leaves plain and hashed names alone', () => {
      expect(decodeParamod('layer_a')).to.deep.equal({ baseName: 'layer_a', params: {} });
      expect(decodeParamod('$paramod$0123abcd\\mvu').baseName).to.equal('mvu');
    });
  });

  for (const [file, version, repaired] of [
    ['stat-0.23-ice40-hier.json', '0.23', true],
    ['stat-0.55-ice40-hier.json', '0.55', false],
    ['stat-0.55-ecp5-hier.json', '0.55', false],
  ] as const) {
    describe(`parseStatJson on ${file}`, () => {
      const stats = parseStatJson(fixture(file));
      it('reads version, top and module names without RTLIL escapes', () => {
        expect(stats.version).to.equal(version);
        expect(stats.top).to.equal('hier_top');
        expect(Object.keys(stats.modules).sort()).to.deep.equal(['hier_leaf', 'hier_top', 'layer_a', 'layer_b']);
        expect(stats.notes.length > 0).to.equal(repaired);
      });
      it('separates submodule instances from own cells', () => {
        expect(stats.modules.hier_top!.submodules).to.deep.equal({ layer_a: 2, layer_b: 1 });
        expect(stats.modules.hier_top!.own.cells).to.equal(0);
        expect(stats.modules.layer_a!.submodules).to.deep.equal({ hier_leaf: 2 });
        expect(stats.modules.hier_leaf!.own.luts).to.be.greaterThan(0);
      });
      it('rolls up to the same totals Yosys reports for the design', () => {
        expect(stats.design).to.not.equal(undefined);
        sameTypes(stats.modules.hier_top!.total, stats.design!);
      });
      it('counts LUTs by size consistently', () => {
        for (const m of Object.values(stats.modules)) {
          const bySize = Object.values(m.total.lutsBySize).reduce((a, b) => a + b, 0);
          expect(bySize).to.equal(m.total.luts);
          const classes = m.total.luts + m.total.ffs + m.total.carries + m.total.brams + m.total.lutrams + m.total.dsps + m.total.muxes + m.total.io + m.total.others;
          expect(classes).to.equal(m.total.cells);
        }
      });
    });
  }

  it('maps top-level instances to their subtree totals', () => {
    const stats = parseStatJson(fixture('stat-0.23-ice40-hier.json'));
    const inst = parseInstances(fixture('instances-0.23-ice40-hier.json'));
    const layers = instanceResources(stats, inst);
    expect(layers.map((l) => [l.instance, l.module])).to.deep.equal([
      ['layer0', 'layer_a'],
      ['layer1', 'layer_a'],
      ['layer2', 'layer_b'],
    ]);
    let sum = stats.modules.hier_top!.own;
    for (const l of layers) sum = addCounts(sum, l.total);
    sameTypes(sum, stats.modules.hier_top!.total);
    expect(instanceResources(stats, inst, 'layer_a').map((l) => l.instance)).to.deep.equal(['l0', 'l1']);
  });

  it('rejects text that is not a stat report', () => {
    expect(() => parseStatJson('not json')).to.throw(UserError).with.property('code', 'E_TOOL_FAILED');
    expect(() => parseStatJson('{"creator":"x"}')).to.throw(UserError).with.property('code', 'E_TOOL_FAILED');
    expect(() => parseStatJson(fixture('stat-0.55-ice40-hier.json'), { top: 'nope' })).to.throw(UserError);
  });

  it('roll-up equals own + Σ count × child total on random hierarchies', () => {
    const types = ['SB_LUT4', 'SB_DFF', 'SB_CARRY', 'LUT6', 'FDRE', '$lut_4', 'SB_RAM40_4K', 'XYZ'];
    const arb = fc.array(
      fc.record({
        own: fc.dictionary(fc.constantFrom(...types), fc.integer({ min: 1, max: 50 }), { maxKeys: 4 }),
        // child edges only to higher-numbered modules keep it acyclic
        subs: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 })), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(arb, (mods) => {
        const n = mods.length;
        const json: Record<string, { num_cells_by_type: Record<string, number> }> = {};
        mods.forEach((m, i) => {
          const cells: Record<string, number> = { ...m.own };
          for (const [c, k] of m.subs) {
            const j = i + 1 + (c % Math.max(1, n - i - 1));
            if (j < n) cells[`m${j}`] = (cells[`m${j}`] ?? 0) + k;
          }
          json[`\\m${i}`] = { num_cells_by_type: cells };
        });
        const stats = parseStatJson(JSON.stringify({ creator: 'Yosys 0.55', modules: json }), { top: 'm0' });
        for (let i = n - 1; i >= 0; i--) {
          const m = stats.modules[`m${i}`]!;
          let want = countsFromTypes(mods[i]!.own);
          for (const [sub, k] of Object.entries(m.submodules)) want = addCounts(want, stats.modules[sub]!.total, k);
          sameTypes(m.total, want);
        }
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
