import { consumedChannels } from '../../src/estimate/liveness.js';
import { expect } from 'chai';
import fc from 'fast-check';
import { createRng } from '../../src/testing/rng.js';
import { randomModel } from '../../src/testing/random-model.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import { planNetwork } from '../../src/plan/plan.js';
import { parseFoldSpec } from '../../src/plan/fold-spec.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseFold, dominates, exploreFoldings, paretoFront } from '../../src/estimate/explore.js';
import { estimateResources } from '../../src/estimate/design-estimate.js';
import { designFromModel } from '../../src/flow.js';
import { divisors } from '../../src/plan/folding.js';
import { UserError } from '../../src/diagnostics.js';
import { cli } from '../support/cli.js';
import { shapeModel } from '../../src/estimate/shape-model.js';
import { serializeModel } from '../../src/model/write.js';
import { loadModel } from '../../src/model/load.js';
import { closestPoints } from '../../src/commands/explore.js';

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
        const points = xs.map((x, k) => ({ fold: `p${k}`, mode: 'folded', iiCycles: x.i, latencyCycles: x.t, vectorsPerSecond: 1 / x.i, resources: { luts: x.l, ffs: 0, carries: 0, brams: 0, lutrams: 0 } }));
        const brute = points.filter((p) => !points.some((q) => q.resources.luts <= p.resources.luts && q.iiCycles <= p.iiCycles && q.latencyCycles <= p.latencyCycles && (q.resources.luts < p.resources.luts || q.iiCycles < p.iiCycles || q.latencyCycles < p.latencyCycles)));
        expect(paretoFront(points).map((p) => p.fold).sort()).to.deep.equal(brute.map((p) => p.fold).sort());
      }),
    );
  });
});

describe('fold budgets', () => {
  const budgets = fc.oneof(
    fc.record({ key: fc.constant('fps' as const), value: fc.integer({ min: 1, max: 200_000_000 }) }),
    fc.record({ key: fc.constant('ii' as const), value: fc.integer({ min: 1, max: 5000 }) }),
    fc.record({ key: fc.constant('luts' as const), value: fc.integer({ min: 1, max: 20000 }) }),
  );

  it('every answer is feasible when planned again, and optimal among the visited points; infeasible is E_FOLD', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), budgets, (seed, budget) => {
        const net = prepareNetwork(randomModel(createRng(seed), { depth: [1, 3], inputWidth: [1, 48], hiddenWidth: [1, 24], classes: [1, 6] }));
        const r = exploreFoldings(net, 'ice40', 50);
        const ok = (ii: number, luts: number): boolean =>
          budget.key === 'fps' ? 50e6 / ii >= budget.value : budget.key === 'ii' ? ii <= budget.value : luts <= budget.value;
        const feasible = r.visited.filter((p) => ok(p.iiCycles, p.resources.luts));
        if (feasible.length === 0) {
          expect(() => chooseFold(r, budget)).to.throw(UserError, /no folding reaches[\s\S]*/);
          return;
        }
        const p = chooseFold(r, budget);
        // Independent check: plan the chosen fold again and estimate it from scratch.
        const flow = designFromModel(prepareNetworkModel(seed), { fold: p.fold });
        const luts = estimateResources(flow, 'ice40').total.luts;
        expect(ok(flow.plan.iiCycles, luts), p.fold).to.equal(true);
        if (budget.key === 'luts') expect(p.iiCycles).to.equal(Math.min(...feasible.map((q) => q.iiCycles)));
        else expect(p.resources.luts).to.equal(Math.min(...feasible.map((q) => q.resources.luts)));
      }),
      { numRuns: 40 },
    );
  });

  it('design commands take auto: budgets and record them; an infeasible one exits 2 naming the closest point', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explore-'));
    try {
      const ok = await cli('generate', 'examples/digits/digits-mlp.json', '--fold', 'auto:fps=1000000', '-o', path.join(dir, 'g'));
      expect(ok.code, ok.err).to.equal(0);
      expect(ok.err).to.match(/--fold auto:fps=1000000: chose 0:pe=\d+,simd=\d+;1:pe=\d+,simd=\d+/);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'g', 'manifest.json'), 'utf8'));
      expect(manifest.foldBudget).to.deep.include({ spec: 'auto:fps=1000000', clockMhz: 100 });
      expect(100e6 / manifest.iiCycles).to.be.at.least(1e6);
      const bad = await cli('estimate', 'examples/digits/digits-mlp.json', '--target', 'ice40', '--fold', 'auto:luts=10', '--activity', 'default');
      expect(bad.code).to.equal(2);
      expect(bad.err).to.match(/E_FOLD.*no folding reaches --fold auto:luts=10[\s\S]*closest feasible point: 0:pe=1,simd=\d+/);
      expect(bad.err).to.not.match(/at .*\.ts:/);
      const malformed = await cli('estimate', 'examples/digits/digits-mlp.json', '--target', 'ice40', '--fold', 'auto:speed=3');
      expect(malformed.code).to.equal(2);
      const ex = await cli('explore', 'examples/digits/digits-mlp.json', '--target', 'ice40', '--json');
      expect(ex.code, ex.err).to.equal(0);
      expect(JSON.parse(ex.out).front.length).to.be.greaterThan(5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function prepareNetworkModel(seed: number) {
  return randomModel(createRng(seed), { depth: [1, 3], inputWidth: [1, 48], hiddenWidth: [1, 24], classes: [1, 6] });
}

describe('explore against brute force', () => {
  it('no folding of a tiny network (every PE/SIMD combination) dominates a front point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const opts = { depth: [1, 2] as [number, number], inputWidth: [1, 12] as [number, number], hiddenWidth: [1, 6] as [number, number], classes: [1, 4] as [number, number] };
        const model = randomModel(createRng(seed), opts);
        const net = prepareNetwork(model);
        const r = exploreFoldings(net, 'ice40', 100);
        let combos: string[][] = [[]];
        for (const s of net.stages) {
          const next: string[][] = [];
          for (const c of combos) for (const pe of divisors(s.out)) for (const simd of divisors(s.in)) next.push([...c, `${c.length}:pe=${pe},simd=${simd}`]);
          combos = next;
        }
        for (const c of combos) {
          const flow = designFromModel(model, { fold: c.join(';') });
          const q = { fold: c.join(';'), mode: 'folded', iiCycles: flow.plan.iiCycles, latencyCycles: flow.plan.latencyCycles, vectorsPerSecond: 0, resources: estimateResources(flow, 'ice40').total };
          for (const p of r.front) expect(dominates(q, p), `${q.fold} dominates ${p.fold}`).to.equal(false);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('explore --mode auto (folded or hardwired per layer)', () => {
  const opts = { depth: [1, 2] as [number, number], inputWidth: [1, 10] as [number, number], hiddenWidth: [1, 6] as [number, number], classes: [1, 4] as [number, number] };

  it('no folding in either mode of a tiny network (every PE/SIMD and mode combination) dominates a front point; cycles are the planner\'s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const model = randomModel(createRng(seed), opts);
        const net = prepareNetwork(model);
        const r = exploreFoldings(net, 'ice40', 100, { searchModes: true });
        for (const p of r.front) {
          const flow = designFromModel(model, { fold: p.fold, mode: p.mode });
          expect([flow.plan.iiCycles, flow.plan.latencyCycles]).to.deep.equal([p.iiCycles, p.latencyCycles]);
          expect(estimateResources(flow, 'ice40').total.luts).to.equal(p.resources.luts);
        }
        let combos: Array<{ fold: string[]; mode: string[] }> = [{ fold: [], mode: [] }];
        for (const s of net.stages) {
          const next: typeof combos = [];
          for (const c of combos) {
            const i = c.fold.length;
            for (const pe of divisors(s.out)) {
              for (const simd of divisors(s.in)) next.push({ fold: [...c.fold, `${i}:pe=${pe},simd=${simd}`], mode: [...c.mode, `${i}:folded`] });
              next.push({ fold: [...c.fold, `${i}:pe=${pe},simd=${s.in}`], mode: [...c.mode, `${i}:hardwired`] });
            }
          }
          combos = next;
        }
        let hardwiredSeen = false;
        for (const c of combos) {
          const flow = designFromModel(model, { fold: c.fold.join(';'), mode: c.mode.join(';') });
          const q = { fold: c.fold.join(';'), mode: c.mode.join(';'), iiCycles: flow.plan.iiCycles, latencyCycles: flow.plan.latencyCycles, vectorsPerSecond: 0, resources: estimateResources(flow, 'ice40').total };
          hardwiredSeen ||= c.mode.some((m) => m.endsWith('hardwired'));
          // The search costs layers one by one; a hardwired `and` layer that leaves channels of the layer
          // before unread makes that layer cheaper (src/estimate/liveness.ts), a saving it cannot see.
          if (flow.plan.layers.some((l) => consumedChannels(flow.plan, l) !== null)) continue;
          for (const p of r.front) expect(dominates(q, p), `${q.fold} [${q.mode}] dominates ${p.fold} [${p.mode}]`).to.equal(false);
        }
        expect(hardwiredSeen).to.equal(true);
      }),
      { numRuns: 20 },
    );
  });

  it('never does worse on LUTs at a given II than the folded-only search', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const net = prepareNetwork(randomModel(createRng(seed), { depth: [1, 3], inputWidth: [1, 48], hiddenWidth: [1, 24], classes: [1, 6] }));
        const folded = exploreFoldings(net, 'xilinx', 100);
        const both = exploreFoldings(net, 'xilinx', 100, { searchModes: true });
        for (const p of folded.front) {
          const best = Math.min(...both.visited.filter((q) => q.iiCycles <= p.iiCycles).map((q) => q.resources.luts));
          expect(best, p.fold).to.be.at.most(p.resources.luts);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('design commands: --mode auto needs a budget; with one the chosen modes reach the manifest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explore-mode-'));
    try {
      const bad = await cli('generate', 'examples/digits/digits-mlp.json', '--mode', 'auto', '-o', path.join(dir, 'x'));
      expect(bad.code).to.equal(2);
      expect(bad.err).to.match(/E_MODE.*--mode auto.*--fold auto:/);
      expect(fs.existsSync(path.join(dir, 'x'))).to.equal(false);
      const ok = await cli('generate', 'examples/digits/digits-mlp.json', '--mode', 'auto', '--fold', 'auto:fps=2000000', '-o', path.join(dir, 'g'));
      expect(ok.code, ok.err).to.equal(0);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'g', 'manifest.json'), 'utf8'));
      // The same search run directly: the command must have taken its answer.
      const r = exploreFoldings(prepareNetwork(loadModel('examples/digits/digits-mlp.json')), 'generic', 100, { searchModes: true });
      const chosen = chooseFold(r, { key: 'fps', value: 2_000_000 });
      expect(manifest.mode).to.equal(chosen.mode);
      expect(ok.err).to.contain(`chose ${chosen.fold}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('explore --synth', () => {
  it('synthesises the K front points nearest the budget and reports Yosys counts with progress', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explore-synth-'));
    try {
      const model = shapeModel({ input: { kind: 'bipolar' }, layers: [{ in: 8, out: 4, semantics: 'xnor', density: 0.5 }, { in: 4, out: 2, semantics: 'xnor', density: 0.5 }], seed: 3 });
      const file = path.join(dir, 'm.json');
      fs.writeFileSync(file, serializeModel(model));
      const r = await cli('explore', file, '--target', 'ice40', '--budget', 'ii=8', '--synth', '2', '--json');
      expect(r.code, r.err).to.equal(0);
      const j = JSON.parse(r.out);
      expect(j.chosen.iiCycles).to.be.at.most(8);
      expect(j.synthesised).to.have.length(2);
      expect(j.synthesised.map((s: { fold: string }) => s.fold)).to.include(j.chosen.fold);
      for (const s of j.synthesised) expect(s.luts).to.be.greaterThan(0);
      expect(r.err.match(/explore: synthesised \d\/2/g)).to.have.length(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('closestPoints takes the chosen point and its neighbours along the front', () => {
    const pts = [1, 2, 3, 4, 5].map((ii) => ({ fold: `f${ii}`, mode: 'folded', iiCycles: ii, latencyCycles: ii, vectorsPerSecond: 1 / ii, resources: { luts: 10 - ii, ffs: 0, carries: 0, brams: 0, lutrams: 0 } }));
    expect(closestPoints(pts, pts[2]!, 3).map((p) => p.fold)).to.deep.equal(['f2', 'f3', 'f4']);
    expect(closestPoints(pts, pts[0]!, 2).map((p) => p.fold)).to.deep.equal(['f1', 'f2']);
    expect(closestPoints(pts, null, 1).map((p) => p.fold)).to.deep.equal(['f5']);
  });
});
