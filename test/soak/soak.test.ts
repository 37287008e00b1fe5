/** The soak script (bench/soak.ts) runs and reports; a small N three-way, a larger N without RTL. */
import { expect } from 'chai';
import { reproduceCommand, soak } from '../../bench/soak.js';
import { requireTool } from '../support/tools.js';

describe('soak', function () {
  it('20 random networks x folds x stalls, reference = simulator (--no-rtl)', async function () {
    this.timeout(120_000);
    const s = await soak({ runs: 20, seed: 4242, rtl: false, maxFanin: 70, vectors: 6, keepGoing: true });
    expect(s.failures.map((f) => `${f.detail} :: ${f.reproduce}`)).to.deep.equal([]);
    expect(s.runs).to.equal(20);
  });

  it('20 lowered xnor hardwired networks x PE x stalls, reference = simulator (--no-rtl --lowered)', async function () {
    this.timeout(120_000);
    const s = await soak({ runs: 20, seed: 1919, rtl: false, maxFanin: 70, vectors: 6, keepGoing: true, lowered: true });
    expect(s.failures.map((f) => `${f.detail} :: ${f.reproduce}`)).to.deep.equal([]);
    expect(s.passed).to.equal(20);
  });

  it('3 runs three-way with Verilator @slow', async function () {
    this.timeout(600_000);
    requireTool(this, 'verilator');
    const s = await soak({ runs: 3, seed: 777, rtl: true, maxFanin: 32, vectors: 6, keepGoing: true });
    expect(s.failures.map((f) => `${f.detail} :: ${f.reproduce}`)).to.deep.equal([]);
    expect(s.passed).to.equal(3);
  });

  it('prints a one-line reproduction for a seed', () => {
    expect(reproduceCommand(123, { rtl: false, maxFanin: 70, vectors: 8 })).to.equal('npm run soak -- --runs 1 --seed 123 --max-fanin 70 --vectors 8 --no-rtl');
  });
});
