import { expect } from 'chai';
import fc from 'fast-check';
import { designFromFile, designFromModel } from '../../src/flow.js';
import { UserError } from '../../src/diagnostics.js';
import { parseModeSpec, resolveModes, formatModes } from '../../src/plan/mode-spec.js';
import { hardwiredLanes } from '../../src/plan/hardwired.js';
import { HWU_EXTRA_LATENCY, FIFO_LATENCY } from '../../src/plan/plan.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { simulateDesign } from '../../src/sim/simulate.js';
import { firstScoreMismatch } from '../../src/verify/compare.js';
import { traceTiming } from '../../src/verify/trace.js';
import { bitsModel, randomHardwiredDesign } from '../sim/hardwired-designs.js';

const DIGITS = 'examples/digits/digits-mlp.json';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics[0]!.code;
    throw e;
  }
  return 'none';
};

describe('plan/mode-spec', () => {
  it('parses whole-design and per-layer forms and formats them back', () => {
    expect(parseModeSpec(undefined)).to.deep.equal({ kind: 'all', mode: 'folded' });
    expect(parseModeSpec('hardwired')).to.deep.equal({ kind: 'all', mode: 'hardwired' });
    expect(resolveModes(3, parseModeSpec('1:hardwired'))).to.deep.equal(['folded', 'hardwired', 'folded']);
    expect(resolveModes(2, parseModeSpec(' 0 : hardwired ; 1:folded '))).to.deep.equal(['hardwired', 'folded']);
    expect(formatModes(['hardwired', 'hardwired'])).to.equal('hardwired');
    expect(formatModes(['hardwired', 'folded'])).to.equal('0:hardwired;1:folded');
  });

  it('rejects bad modes, repeated and missing layers with E_MODE', () => {
    expect(code(() => parseModeSpec('wired'))).to.equal('E_MODE');
    expect(code(() => parseModeSpec('0:hardwired;0:folded'))).to.equal('E_MODE');
    expect(code(() => parseModeSpec('x:hardwired'))).to.equal('E_MODE');
    expect(code(() => resolveModes(2, parseModeSpec('2:hardwired')))).to.equal('E_MODE');
  });
});

describe('plan: hardwired layers', () => {
  it('SIMD = IN, PE = OUT by default, II = NF, latency = NF + DEPTH + 1 per layer', () => {
    const p = designFromFile(DIGITS, { mode: 'hardwired' }).plan;
    for (const l of p.layers) {
      expect(l.mode).to.equal('hardwired');
      expect([l.simd, l.sf, l.pe, l.nf]).to.deep.equal([l.in, 1, l.out, 1]);
      expect(l.iiCycles).to.equal(1);
      expect(l.latencyCycles).to.equal(l.nf + l.depth + HWU_EXTRA_LATENCY);
    }
    expect(p.iiCycles).to.equal(1);
    expect(p.latencyCycles).to.equal(p.layers.reduce((a, l) => a + l.latencyCycles, 0) + p.fifos.length * FIFO_LATENCY);
  });

  it('partial folding: pe= sets the lanes, serial gives PE = 1; simd other than IN is E_FOLD', () => {
    const p = designFromFile(DIGITS, { mode: 'hardwired', fold: '0:pe=32' }).plan;
    expect([p.layers[0]!.pe, p.layers[0]!.nf, p.layers[0]!.iiCycles]).to.deep.equal([32, 8, 8]);
    expect(p.layers[0]!.latencyCycles).to.equal(8 + p.layers[0]!.depth + 1);
    const s = designFromFile(DIGITS, { mode: 'hardwired', fold: 'serial' }).plan;
    expect(s.layers.map((l) => l.pe)).to.deep.equal([1, 1]);
    expect(code(() => designFromFile(DIGITS, { mode: 'hardwired', fold: '0:pe=32,simd=16' }))).to.equal('E_FOLD');
    expect(code(() => designFromFile(DIGITS, { mode: '5:hardwired' }))).to.equal('E_MODE');
  });

  it('mixed modes: each layer keeps its own unit and formulas; the manifest says which', () => {
    const f = designFromFile(DIGITS, { mode: '0:hardwired;1:folded' });
    expect(f.plan.layers.map((l) => l.mode)).to.deep.equal(['hardwired', 'folded']);
    const m = f.design.manifest;
    expect(m.mode).to.equal('0:hardwired;1:folded');
    expect(m.layers[0]!.module).to.equal('siman_top_l0_hw');
    expect(m.layers[0]!.weightFile).to.equal(null);
    expect(m.files.memory.some((x) => x.includes('_l0_'))).to.equal(false);
    expect(m.files.verilog).to.include('siman_top_l0_hw.v');
    const l1 = f.plan.layers[1]!;
    expect(l1.latencyCycles).to.equal(l1.nf * l1.sf + l1.depth + 3);
  });

  it('lanes: under and a lane is wired to the union of its channels\' ones (K_c at PE = OUT), under xnor to every input', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.boolean(), (seed, mixed) => {
        const d = randomHardwiredDesign(seed, 1, mixed);
        for (const l of d.flow.plan.layers.filter((x) => x.mode === 'hardwired')) {
          const lanes = hardwiredLanes(l);
          expect(lanes).to.have.length(l.pe);
          for (const lane of lanes) {
            const N = lane.inputs.length;
            for (let f = 0; f < l.nf; f++) {
              const c = f * l.pe + lane.lane;
              let ones = 0;
              for (let j = 0; j < N; j++) ones += lane.mask[f * N + j]!;
              // A lowered lane on the weight-0 side holds the complement.
              expect(ones, 'mask holds the channel\'s ones').to.equal(lane.side === 1 ? l.in - l.stage.ones[c]! : l.stage.ones[c]);
            }
            if (l.semantics === 'xnor' && !l.lowered) expect(N).to.equal(l.in);
            else if (l.semantics === 'xnor') expect(N).to.be.at.most(l.in);
            else if (l.nf === 1) expect(N).to.equal(l.stage.ones[lane.lane]);
          }
        }
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it('simulator: random hardwired / mixed networks match the reference and the planned timing at p = 0 and 0.3', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const d = randomHardwiredDesign(seed, 20, seed % 2 === 0, { input: seed % 3 === 0 ? 'bipolar' : 'uint' });
      const ref = inferPacked(d.flow.network, d.inputs);
      for (const permille of [0, 300]) {
        const sim = simulateDesign(d.flow.plan, d.inputs, { seed, stallPermille: permille, watchdogCycles: 100_000 });
        const m = firstScoreMismatch('simulator', sim, ref);
        expect(m, `${m?.message} (seed ${seed}, mode ${d.mode}, fold ${d.fold}, stall ${permille})`).to.equal(null);
        if (permille === 0) {
          const t = traceTiming(sim);
          expect(t.latencyCycles, `latency seed ${seed}`).to.equal(d.flow.plan.latencyCycles);
          expect(t.iiCycles, `II seed ${seed}`).to.equal(d.flow.plan.iiCycles);
        }
      }
    }
  });

  it('an all-zero and channel gets no lane: the emitted layer ties its q to 0', () => {
    const f = designFromModel(bitsModel('and', 16, [0, 0xffff, 0x00f0]), { mode: 'hardwired' });
    const v = f.design.files.get('siman_top_l0_hw.v')!;
    expect(v).to.match(/Lane 0: every weight is 0, so q = 0/);
    expect(v).to.match(/Lane 1: 16 inputs/);
    expect(v).to.match(/Lane 2: 4 inputs/);
    const x = designFromModel(bitsModel('xnor', 16, [0, 0xffff, 0x00f0]), { mode: 'hardwired', lower: 'off' }).design.files.get('siman_top_l0_hw.v')!;
    expect(x.match(/: 16 inputs/g)).to.have.length(3);
    // Lowered, K = 0 and K = n have no input on their side; K = 4 sums its 4 ones.
    const lo = designFromModel(bitsModel('xnor', 16, [0, 0xffff, 0x00f0]), { mode: 'hardwired', lower: 'on' }).design.files.get('siman_top_l0_hw.v')!;
    expect(lo).to.match(/Lane 0: no input on its side \(weight 1\) in any fold, so s = 0/);
    expect(lo).to.match(/Lane 1: no input on its side \(weight 0\) in any fold, so s = 0/);
    expect(lo).to.match(/Lane 2: 4 inputs/);
    expect(lo).to.match(/\.SIGNS\(3'h2\)/);
  });
});
