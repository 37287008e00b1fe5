/**
 * Lowering hardwired `xnor` onto the AND datapath (src/plan/lowering.ts,
 * docs/numerics.md §11): the identity on plain arrays, the planner's lanes
 * (side, wiring, per-fold masks) against today's accumulator for every
 * channel and fold, the shifted thresholds and score constants against the
 * unshifted ones for every reachable q, the width, the `auto` rule and the
 * `--lower` spec.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { designFromModel } from '../../src/flow.js';
import { UserError } from '../../src/diagnostics.js';
import { parseModelText } from '../../src/model/load.js';
import { accRange, type Stage } from '../../src/ir/network.js';
import type { Model, ThresholdChannel } from '../../src/ir/model.js';
import { hardwiredLanes } from '../../src/plan/hardwired.js';
import { accOffset, laneSelections, lowerPays } from '../../src/plan/lowering.js';
import { hwThreshold, scoreOffset, scoreScale } from '../../src/plan/memory.js';
import { parseLowerSpec, resolveLower } from '../../src/plan/lower-spec.js';
import { divisors } from '../../src/plan/folding.js';
import { fcParams } from '../support/arbitraries.js';
import { cli } from '../support/cli.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Weight rows with a chosen number of ones: 0, n, ⌊n/2⌋ or any. */
const arbRow = (n: number): fc.Arbitrary<number[]> =>
  fc
    .tuple(fc.constantFrom('zero', 'full', 'half', 'any'), fc.array(fc.boolean(), { minLength: n, maxLength: n }), fc.nat(n))
    .map(([kind, bits, rot]) => {
      if (kind === 'any') return bits.map((b) => (b ? 1 : 0));
      const k = kind === 'zero' ? 0 : kind === 'full' ? n : Math.floor(n / 2);
      return Array.from({ length: n }, (_, i) => ((i + rot) % n < k ? 1 : 0));
    });

interface Case {
  n: number;
  rows: number[][];
  bits: number | null;
  xs: number[][];
  pe: number;
}

/** n (odd and even), rows, an encoding (null = bipolar, else uint bits), input vectors and a PE dividing out. */
const arbCase: fc.Arbitrary<Case> = fc
  .tuple(fc.integer({ min: 1, max: 23 }), fc.integer({ min: 1, max: 8 }), fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }))
  .chain(([n, out, bits]) =>
    fc.record({
      n: fc.constant(n),
      rows: fc.array(arbRow(n), { minLength: out, maxLength: out }),
      bits: fc.constant(bits),
      xs: fc.array(fc.array(fc.integer({ min: 0, max: bits === null ? 1 : 2 ** bits - 1 }), { minLength: n, maxLength: n }), { minLength: 1, maxLength: 6 }),
      pe: fc.constantFrom(...divisors(out)),
    }),
  );

function model(c: Case): Model {
  return parseModelText(
    JSON.stringify({
      format: 'siman-hw.model/v1',
      name: 'lowering',
      input: c.bits === null ? { shape: [c.n], encoding: 'bipolar' } : { shape: [c.n], encoding: 'uint', bits: c.bits },
      layers: [{ type: 'dense', in: c.n, out: c.rows.length, weight: c.rows, weightFormat: 'bits', semantics: 'xnor' }],
    }),
    'test.json',
    '.',
  );
}

/** Today's accumulator: matches (bits) or Σ_{w=1} x − Σ_{w=0} x (uint). */
const todayQ = (row: number[], x: number[], uint: boolean): number =>
  row.reduce((a, w, i) => a + (uint ? (w ? x[i]! : -x[i]!) : w === x[i] ? 1 : 0), 0);

describe('plan/lowering', () => {
  it('identity: popcount(~(w ^ x)) = 2·s1 − p + (n − K) = p − 2·s0 + (n − K); Σ(2w−1)·x = 2·S1 − Σx = Σx − 2·S0', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        for (const row of c.rows) {
          const K = row.reduce((a, b) => a + b, 0);
          for (const x of c.xs) {
            const s1 = row.reduce((a, w, i) => a + w * x[i]!, 0);
            const p = x.reduce((a, b) => a + b, 0);
            const s0 = p - s1;
            if (c.bits === null) {
              expect(todayQ(row, x, false)).to.equal(2 * s1 - p + (c.n - K)).and.to.equal(p - 2 * s0 + (c.n - K));
            } else {
              expect(todayQ(row, x, true)).to.equal(2 * s1 - p).and.to.equal(p - 2 * s0);
            }
          }
        }
      }),
      fcParams(200),
    );
  });

  it("planned lanes (side, wired inputs, each fold's mask) give q − accOffset for every channel, fold and input; each lane sums min over its side unions", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const l = designFromModel(model(c), { mode: 'hardwired', fold: `0:pe=${c.pe}`, lower: 'on' }).plan.layers[0]!;
        expect(l.lowered).to.equal(true);
        const lanes = hardwiredLanes(l);
        const uint = c.bits !== null;
        for (const lane of lanes) {
          const N = lane.inputs.length;
          // The lane's side is the smaller union over its folds.
          let u1 = 0;
          let u0 = 0;
          for (let i = 0; i < c.n; i++) {
            const ws = Array.from({ length: l.nf }, (_, f) => c.rows[f * l.pe + lane.lane]![i]!);
            if (ws.includes(1)) u1++;
            if (ws.includes(0)) u0++;
          }
          expect(N).to.equal(Math.min(u0, u1));
          for (let f = 0; f < l.nf; f++) {
            const ch = f * l.pe + lane.lane;
            for (const x of c.xs) {
              const s = lane.inputs.reduce((a, i, j) => a + lane.mask[f * N + j]! * x[i]!, 0);
              const p = x.reduce((a, b) => a + b, 0);
              const lowered = lane.side === 1 ? p - 2 * s : 2 * s - p;
              expect(lowered + accOffset(l.stage, true, ch)).to.equal(todayQ(c.rows[ch]!, x, uint));
            }
          }
        }
      }),
      fcParams(200),
    );
  });

  it('shifted thresholds decide as the unshifted ones on every reachable q, shifted score constants give the same score, and ACC_W holds every lowered q and threshold', () => {
    const arbCh: fc.Arbitrary<ThresholdChannel> = fc.oneof(
      fc.record({ kind: fc.constant('ge' as const), t: fc.integer({ min: -40, max: 40 }) }),
      fc.record({ kind: fc.constant('le' as const), t: fc.integer({ min: -40, max: 40 }) }),
      fc.record({ kind: fc.constant('const' as const), value: fc.constantFrom(1 as const, -1 as const) }),
    );
    fc.assert(
      fc.property(arbCase, arbCh, (c, th) => {
        const l = designFromModel(model(c), { mode: 'hardwired', lower: 'on' }).plan.layers[0]!;
        const st: Stage = l.stage;
        const half = 2 ** (l.accWidth - 1);
        for (let ch = 0; ch < st.out; ch++) {
          const off = accOffset(st, true, ch);
          const [lo, hi] = accRange(st, ch);
          const a = hwThreshold(st, ch, th);
          const b = hwThreshold(st, ch, th, off);
          expect(b.le).to.equal(a.le);
          for (let q = lo; q <= hi; q++) {
            expect(b.le ? q - off <= b.t : q - off >= b.t).to.equal(a.le ? q <= a.t : q >= a.t);
            expect(scoreScale(st) * (q - off) - scoreOffset(st, ch, off)).to.equal(scoreScale(st) * q - scoreOffset(st, ch));
            expect(q - off).to.be.within(-half, half - 1);
          }
        }
      }),
      fcParams(200),
    );
  });

  it('auto lowers a fully parallel 64-input layer, not a one-lane layer whose folds cover both sides of every input; on/off force it', () => {
    const rows = (out: number, n: number, seed: number) => Array.from({ length: out }, (_, c) => Array.from({ length: n }, (_, i) => ((i * 7 + c * 13 + seed) % 5 < 2 ? 1 : 0)));
    const m = model({ n: 64, rows: rows(16, 64, 1), bits: null, xs: [], pe: 16 });
    expect(designFromModel(m, { mode: 'hardwired' }).plan.layers[0]!.lowered).to.equal(true);
    expect(designFromModel(m, { mode: 'hardwired', lower: 'off' }).plan.layers[0]!.lowered).to.equal(false);
    expect(designFromModel(m, { mode: 'hardwired', fold: '0:pe=1' }).plan.layers[0]!.lowered).to.equal(false);
    expect(designFromModel(m, { mode: 'hardwired', fold: '0:pe=1', lower: 'on' }).plan.layers[0]!.lowered).to.equal(true);
    // Folded layers and `and` layers are never lowered.
    expect(designFromModel(m, { lower: 'on' }).plan.layers[0]!.lowered).to.equal(false);
    const st = designFromModel(m, { mode: 'hardwired' }).plan.layers[0]!;
    const wired = laneSelections(st.stage, 16).reduce((a, x) => a + x.inputs.length, 0);
    expect(lowerPays(st.stage, 16, 1, 8)).to.equal(wired + 64 + 16 * 8 < 16 * 64);
    expect(designFromModel(m, { mode: 'hardwired' }).design.manifest.layers[0]!.lowered).to.equal(true);
  });

  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (e instanceof UserError) return e.diagnostics[0]!.code;
      throw e;
    }
    return 'none';
  };

  it('--lower spec: whole-design and per-layer forms; E_LOWER for bad values, repeats, missing layers and on for a layer that cannot be lowered', () => {
    expect(parseLowerSpec(undefined)).to.deep.equal({ kind: 'all', choice: 'auto' });
    expect(resolveLower(3, parseLowerSpec(' 1 : off '))).to.deep.equal(['auto', 'off', 'auto']);
    expect(code(() => parseLowerSpec('yes'))).to.equal('E_LOWER');
    expect(code(() => parseLowerSpec('0:on;0:off'))).to.equal('E_LOWER');
    expect(code(() => resolveLower(1, parseLowerSpec('1:on')))).to.equal('E_LOWER');
    const m = model({ n: 4, rows: [[1, 0, 1, 1]], bits: null, xs: [], pe: 1 });
    expect(code(() => designFromModel(m, { lower: '0:on' }))).to.equal('E_LOWER');
    expect(code(() => designFromModel(m, { mode: 'hardwired', lower: '0:on' }))).to.equal('none');
  });

  it('generate --lower: a bad spec exits 2 with E_LOWER and writes nothing; the manifest records lowered per layer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-lower-cli-'));
    try {
      const model = path.join(dir, 'm.json');
      const rows = Array.from({ length: 8 }, (_, c) => Array.from({ length: 24 }, (_, i) => ((i + 3 * c) % 4 < 2 ? 1 : 0)));
      fs.writeFileSync(
        model,
        JSON.stringify({
          format: 'siman-hw.model/v1',
          name: 'lower-cli',
          input: { shape: [24], encoding: 'bipolar' },
          layers: [{ type: 'dense', in: 24, out: 8, weight: rows, weightFormat: 'bits', semantics: 'xnor' }],
        }),
      );
      const bad = await cli('generate', model, '-o', path.join(dir, 'bad'), '--mode', 'hardwired', '--lower', 'maybe');
      expect(bad.code).to.equal(2);
      expect(bad.err).to.match(/error\[E_LOWER\]/);
      expect(bad.err).to.not.match(/\n\s+at /);
      expect(fs.existsSync(path.join(dir, 'bad'))).to.equal(false);
      for (const [lower, want] of [['on', true], ['off', false]] as const) {
        const r = await cli('generate', model, '-o', path.join(dir, lower), '--mode', 'hardwired', '--lower', lower);
        expect(r.code, r.err).to.equal(0);
        const m = JSON.parse(fs.readFileSync(path.join(dir, lower, 'manifest.json'), 'utf8')) as { layers: { lowered: boolean }[] };
        expect(m.layers[0]!.lowered).to.equal(want);
        expect(fs.readFileSync(path.join(dir, lower, 'siman_top_l0_hw.v'), 'utf8').includes('siman_hwlower')).to.equal(want);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
