/** Power estimate: linear in clock and activity, says it is an estimate, activity from the simulator. */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimatePower } from '../../src/estimate/power.js';
import { DEFAULT_ACTIVITY } from '../../src/estimate/power-coefficients.js';
import { shapeModel } from '../../src/estimate/shape-model.js';
import { serializeModel } from '../../src/model/write.js';
import { cli } from '../support/cli.js';

const res = { luts: 1000, ffs: 500, carries: 100, brams: 2 };

describe('power estimate', () => {
  it('dynamic power scales with clock and activity; static does not', () => {
    const a = estimatePower('ice40', 100, [{ index: 0, name: 'l', resources: res, activity: 0.1 }]);
    const b = estimatePower('ice40', 200, [{ index: 0, name: 'l', resources: res, activity: 0.1 }]);
    const c = estimatePower('ice40', 100, [{ index: 0, name: 'l', resources: res, activity: 0.2 }]);
    expect(b.dynamic).to.be.closeTo(2 * a.dynamic, 1e-9);
    expect(c.dynamic - c.breakdown.clock).to.be.closeTo(2 * (a.dynamic - a.breakdown.clock), 1e-9);
    expect(b.static).to.equal(a.static);
    expect(a.total).to.be.closeTo(a.dynamic + a.static, 1e-12);
    const parts = a.breakdown.luts + a.breakdown.ffs + a.breakdown.carries + a.breakdown.brams + a.breakdown.clock;
    expect(parts).to.be.closeTo(a.dynamic, 1e-9);
  });

  it('uses the default activity when none is given and says so', () => {
    const p = estimatePower('ice40', 100, [{ index: 0, name: 'l', resources: res }]);
    expect(p.layers[0]!.activity).to.equal(DEFAULT_ACTIVITY);
    expect(p.layers[0]!.activitySource).to.equal('default');
    expect(p.kind).to.equal('estimate');
    expect(p.assumptions.join('\n')).to.match(/ESTIMATE/).and.match(/default 0.125/);
  });

  it('more resources cost more power', () => {
    const a = estimatePower('xilinx', 100, [{ index: 0, name: 'l', resources: res }]);
    const b = estimatePower('xilinx', 100, [{ index: 0, name: 'l', resources: { ...res, luts: 2000 } }]);
    expect(b.dynamic).to.be.greaterThan(a.dynamic);
  });
});

describe('estimate command', () => {
  let dir: string;
  let model: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'siman-est-'));
    model = join(dir, 'm.json');
    writeFileSync(
      model,
      serializeModel(
        shapeModel({ input: { kind: 'bipolar' }, seed: 3, layers: [{ in: 32, out: 16, semantics: 'and', density: 0.5 }, { in: 16, out: 4, semantics: 'xnor', density: 0.5 }] }),
      ),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints per-layer resources and a power estimate with simulated activity as JSON', async () => {
    const r = await cli('estimate', model, '--target', 'ice40', '--clock', '50', '--json');
    expect(r.code, r.err).to.equal(0);
    const e = JSON.parse(r.out);
    expect(e.resources.layers).to.have.length(2);
    expect(e.resources.total.luts).to.equal(e.resources.layers[0].total.luts + e.resources.layers[1].total.luts);
    expect(e.power.kind).to.equal('estimate');
    expect(e.power.clockMhz).to.equal(50);
    expect(e.power.layers[0].activitySource).to.equal('simulation');
    expect(e.power.layers[0].activity).to.be.greaterThan(0).and.lessThan(1);
    expect(e.layers.some((l: { bottleneck: boolean }) => l.bottleneck)).to.equal(true);
  });

  it('takes a given activity and prints the assumptions in text mode', async () => {
    const r = await cli('estimate', model, '--target', 'ice40', '--activity', '0.3');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/power ESTIMATE at 100 MHz/).and.match(/assumptions:/).and.match(/given on the command line/);
  });

  for (const t of ['ecp5', 'generic', 'xilinx']) {
    it(`estimates for --target ${t}`, async () => {
      const r = await cli('estimate', model, '--target', t, '--activity', 'default', '--json');
      expect(r.code, r.err).to.equal(0);
      const e = JSON.parse(r.out);
      expect(e.resources.total.luts).to.be.greaterThan(0);
      expect(e.resources.total.ffs).to.be.greaterThan(0);
      expect(e.power.dynamic).to.be.greaterThan(0);
    });
  }

  it('rejects a missing or uncalibrated target and a bad clock', async () => {
    expect((await cli('estimate', model)).err).to.match(/E_USAGE.*--target/);
    expect((await cli('estimate', model, '--target', 'stratix')).err).to.match(/E_USAGE/);
    expect((await cli('estimate', model, '--target', 'ice40', '--clock', '-1')).err).to.match(/E_USAGE.*--clock/);
  });
});
