import { expect } from 'chai';
import fc from 'fast-check';
import { createRng } from '../../src/testing/rng.js';
import { randomModel } from '../../src/testing/random-model.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import { planNetwork } from '../../src/plan/plan.js';
import { parseFoldSpec } from '../../src/plan/fold-spec.js';
import { dominates, exploreFoldings, paretoFront } from '../../src/estimate/explore.js';

describe('explore', () => {
  it('returns only points no visited point dominates, with exact planner cycles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const net = prepareNetwork(randomModel(createRng(seed), { depth: [1, 3], inputWidth: [1, 48], hiddenWidth: [1, 24], classes: [1, 6] }));
        const r = exploreFoldings(net, 'xilinx', 100);
        expect(r.front.length).to.be.greaterThan(0);
        for (const p of r.front) {
          for (const q of r.visited) expect(dominates(q, p), `${q.fold} dominates ${p.fold}`).to.equal(false);
          // Cycles re-derived independently by planning the fold spec again.
          const plan = planNetwork(net, { top: 'siman_top', fold: parseFoldSpec(p.fold) });
          expect(p.iiCycles).to.equal(plan.iiCycles);
          expect(p.latencyCycles).to.equal(plan.latencyCycles);
        }
        // Every visited point off the front is dominated by some front point (nothing dropped).
        const onFront = new Set(r.front.map((p) => p.fold));
        for (const q of r.visited) if (!onFront.has(q.fold)) expect(r.front.some((p) => dominates(p, q))).to.equal(true);
        // The fastest point reaches the smallest II any legal folding can (full parallel).
        const full = planNetwork(net, { top: 'siman_top', fold: { kind: 'full' } });
        expect(r.front[0]!.iiCycles).to.equal(full.iiCycles);
      }),
      { numRuns: 25 },
    );
  });

  it('paretoFront matches a brute-force filter', () => {
    const pt = fc.record({ l: fc.integer({ min: 0, max: 5 }), i: fc.integer({ min: 1, max: 5 }), t: fc.integer({ min: 1, max: 5 }) });
    fc.assert(
      fc.property(fc.array(pt, { maxLength: 30 }), (xs) => {
        const points = xs.map((x, k) => ({ fold: `p${k}`, iiCycles: x.i, latencyCycles: x.t, vectorsPerSecond: 1 / x.i, resources: { luts: x.l, ffs: 0, carries: 0, brams: 0, lutrams: 0 } }));
        const brute = points.filter((p) => !points.some((q) => q.resources.luts <= p.resources.luts && q.iiCycles <= p.iiCycles && q.latencyCycles <= p.latencyCycles && (q.resources.luts < p.resources.luts || q.iiCycles < p.iiCycles || q.latencyCycles < p.latencyCycles)));
        expect(paretoFront(points).map((p) => p.fold).sort()).to.deep.equal(brute.map((p) => p.fold).sort());
      }),
    );
  });
});
