/**
 * Random CNNs (kernel 1–5, stride 1–2, padding 0–2, odd and even image
 * sizes, 1–40 channels, both semantics, uint and bipolar inputs, pools
 * before/after the activation) with random folds and weight modes: the
 * cycle simulator's scores equal the bit-packed reference with and
 * without stalls, and at p = 0 the measured latency equals the plan's
 * closed form and the measured II the plan's.
 */
import { expect } from 'chai';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { simulateDesign } from '../../src/sim/simulate.js';
import { randomCnnDesign } from './random-designs.js';
import { firstScoreMismatch } from '../../src/verify/compare.js';
import { traceTiming } from '../../src/verify/trace.js';

describe('sim: random CNNs, simulator = reference, planned timing', function () {
  this.timeout(300_000);
  const RUNS = Number(process.env.SIMAN_HW_CONV_RUNS ?? 100);
  it(`${RUNS} random CNNs at p = 0 and 0.3`, () => {
    for (let run = 0; run < RUNS; run++) {
      const seed = 500 + run;
      const d = randomCnnDesign(seed, 5, 20_000);
      const ref = inferPacked(d.flow.network, d.inputs);
      for (const permille of [0, 300]) {
        const sim = simulateDesign(d.flow.plan, d.inputs, { seed, stallPermille: permille, watchdogCycles: 1_000_000 });
        const m = firstScoreMismatch('simulator', sim, ref);
        expect(m, `seed ${seed} fold ${d.fold} stall ${permille}: ${m?.message}`).to.equal(null);
        // The run ends with the last output: pixels of the last image that no output depends on (rows and
        // columns a stride or pool skips) may still wait, every earlier image was taken whole.
        const per = d.flow.plan.inputBeatsPerVector;
        expect(sim.inputCycles.length, `seed ${seed} input beats`).to.be.within((d.inputs.count - 1) * per + 1, d.inputs.count * per);
        if (permille === 0) {
          const t = traceTiming(sim);
          expect(t.latencyCycles, `seed ${seed} latency`).to.equal(d.flow.plan.latencyCycles);
          expect(t.iiCycles, `seed ${seed} II`).to.equal(d.flow.plan.iiCycles);
        }
      }
    }
  });
});
