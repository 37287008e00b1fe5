/**
 * The planner's timing (control-only schedule for conv pipelines, closed
 * form for dense ones) against the full simulator, data path and all, on
 * a zero-stall run: latency and II equal, and for a conv pipeline the
 * planner's schedule puts every output handshake on the simulator's cycle.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { simulateDesign } from '../../src/sim/simulate.js';
import { traceTiming } from '../../src/schedule/trace-timing.js';
import { SCHEDULE_IMAGES } from '../../src/plan/conv-timing.js';
import { fcParams } from '../support/arbitraries.js';
import { randomCnnDesign, randomDesign, type RandomDesign } from '../sim/random-designs.js';
import { randomHardwiredDesign } from '../sim/hardwired-designs.js';

const seed = fc.integer({ min: 1, max: 0x7fffffff });

function expectPlannedTiming(d: RandomDesign, label: string): void {
  const plan = d.flow.plan;
  const sim = simulateDesign(plan, d.inputs, { seed: 1, stallPermille: 0, watchdogCycles: 1_000_000 });
  const t = traceTiming(sim);
  expect(t.latencyCycles, `${label} latency`).to.equal(plan.latencyCycles);
  expect(t.iiCycles, `${label} II`).to.equal(plan.iiCycles);
  if (plan.convTiming) expect(plan.convTiming.outputCycles, `${label} output cycles`).to.deep.equal(sim.outputCycles);
}

describe('plan: planned timing = the full simulator at p = 0', function () {
  this.timeout(300_000);

  it('random small conv plans (folded and hardwired): latency, II and every output cycle of the schedule', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const d = randomCnnDesign(s, SCHEDULE_IMAGES, 5_000);
        expect(d.flow.plan.convTiming, `seed ${s}`).to.not.equal(null);
        expectPlannedTiming(d, `conv seed ${s} fold ${d.fold}`);
      }),
      fcParams(60),
    );
  });

  it('random dense plans (folded, hardwired, mixed): latency and II', () => {
    fc.assert(
      fc.property(seed, fc.constantFrom('folded', 'hardwired', 'mixed'), (s, kind) => {
        const d = kind === 'folded' ? randomDesign(s, 8) : randomHardwiredDesign(s, 8, kind === 'mixed');
        expect(d.flow.plan.convTiming, `seed ${s}`).to.equal(null);
        expectPlannedTiming(d, `dense ${kind} seed ${s} fold ${d.fold}`);
      }),
      fcParams(60),
    );
  });
});
