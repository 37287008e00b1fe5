import { expect } from 'chai';
import { designFromModel } from '../../src/flow.js';
import { UserError } from '../../src/diagnostics.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { simulateDesign } from '../../src/sim/simulate.js';
import { firstScoreMismatch } from '../../src/verify/compare.js';
import { traceTiming } from '../../src/verify/trace.js';
import { digitsInputs, digitsModel } from '../support/digits.js';
import { randomDesign } from './random-designs.js';

const run = (d: ReturnType<typeof randomDesign>, permille: number, seed = d.seed + 1) =>
  simulateDesign(d.flow.plan, d.inputs, { seed, stallPermille: permille, watchdogCycles: 100_000 });

describe('sim/simulate', () => {
  it('matches the reference on 150 random networks, random legal foldings and stall probabilities', function () {
    this.timeout(60_000);
    for (let seed = 1; seed <= 150; seed++) {
      const d = randomDesign(seed, 12);
      const permille = [0, 100, 300, 600, 900][seed % 5]!;
      const trace = run(d, permille);
      const ref = inferPacked(d.flow.network, d.inputs);
      const m = firstScoreMismatch('simulator', trace, ref);
      expect(m, `seed ${seed}, fold ${d.fold}, stall ${permille}‰: ${m?.message}`).to.equal(null);
      expect(trace.inputCycles).to.have.length(d.inputs.count);
      // Vectors leave in order, each after it entered, at least the planned latency later.
      for (let r = 0; r < d.inputs.count; r++) {
        expect(trace.outputCycles[r]! - trace.inputCycles[r]!).to.be.at.least(d.flow.plan.latencyCycles);
      }
    }
  });

  it('without stalls, measured II and latency equal the plan', function () {
    this.timeout(30_000);
    for (let seed = 200; seed < 260; seed++) {
      const d = randomDesign(seed, 10);
      const t = traceTiming(run(d, 0));
      const plan = d.flow.plan;
      expect(t.latencyCycles, `seed ${seed} fold ${d.fold}`).to.equal(plan.latencyCycles);
      expect(t.iiCycles, `seed ${seed} fold ${d.fold}`).to.equal(plan.iiCycles);
    }
  });

  it('serial and fully parallel foldings of one network give the same scores', () => {
    const d = randomDesign(7, 6, { depth: [2, 2], inputWidth: [20, 20], hiddenWidth: [12, 12] });
    const ref = inferPacked(d.flow.network, d.inputs);
    for (const fold of ['serial', 'full']) {
      const flow = designFromModel(d.flow.model, { fold });
      const trace = simulateDesign(flow.plan, d.inputs, { seed: 3, stallPermille: 250, watchdogCycles: 100_000 });
      expect(firstScoreMismatch('simulator', trace, ref)).to.equal(null);
    }
  });

  it('is deterministic for a seed and reports activity and utilisation', () => {
    const d = randomDesign(11, 20, { depth: [2, 2] });
    const a = simulateDesign(d.flow.plan, d.inputs, { seed: 9, stallPermille: 300, watchdogCycles: 100_000, activity: true });
    const b = simulateDesign(d.flow.plan, d.inputs, { seed: 9, stallPermille: 300, watchdogCycles: 100_000 });
    expect(a.outputCycles).to.deep.equal(b.outputCycles);
    expect(a.inputCycles).to.deep.equal(b.inputCycles);
    for (const l of a.layers) {
      expect(l.busyCycles).to.equal(d.inputs.count * l.iiCycles);
      expect(l.utilisation).to.be.within(0, 1);
      for (const g of Object.values(l.activity!)) expect(g.rate).to.be.within(0, 1);
    }
    expect(b.layers[0]!.activity).to.equal(null);
  });

  it('the watchdog raises E_DEADLOCK naming the layer holding the data', () => {
    const d = randomDesign(5, 3, { depth: [2, 2] });
    try {
      simulateDesign(d.flow.plan, d.inputs, { seed: 1, stallPermille: 0, watchdogCycles: 3 });
      expect.fail('no deadlock reported');
    } catch (e) {
      expect(e).to.be.instanceOf(UserError);
      expect((e as UserError).code).to.equal('E_DEADLOCK');
      expect((e as UserError).message).to.match(/stuck in (layer \d|the FIFO)/);
    }
  });

  for (const p of [0, 300]) {
    it(`digits: all 1797 rows equal the reference at stall ${p / 1000}`, function () {
      this.timeout(60_000);
      const flow = designFromModel(digitsModel());
      const inputs = digitsInputs();
      const ref = inferPacked(flow.network, inputs);
      const trace = simulateDesign(flow.plan, inputs, { seed: 1, stallPermille: p, watchdogCycles: 100_000 });
      expect(firstScoreMismatch('simulator', trace, ref)).to.equal(null);
      if (p === 0) expect(traceTiming(trace)).to.deep.equal({ latencyCycles: flow.plan.latencyCycles, iiCycles: flow.plan.iiCycles });
    });
  }
});
