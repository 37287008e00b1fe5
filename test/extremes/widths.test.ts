/**
 * Overflow and extremes: planner widths against brute-force ranges, scores
 * beyond 32 bits (uint16 inputs, fan-in 65,536, all-ones weights) through
 * both references and the cycle simulator, the 2^49 fan-in bound, and one
 * wide uint16 layer verified three-way with Verilator.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { designFromModel } from '../../src/flow.js';
import type { DenseLayer, Model, Semantics } from '../../src/ir/model.js';
import { accRange, scoreRange } from '../../src/ir/network.js';
import { parseModelText } from '../../src/model/load.js';
import { serializeModel } from '../../src/model/write.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { simulateDesign } from '../../src/sim/simulate.js';
import { randomModel } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';
import { planNetwork } from '../../src/plan/plan.js';
import { parseFoldSpec } from '../../src/plan/fold-spec.js';
import { UserError } from '../../src/diagnostics.js';
import { cli } from '../support/cli.js';
import { requireTool } from '../support/tools.js';

/** One dense layer, `rows` given as functions of the input index (bits 0/1). */
function singleLayer(n: number, bits: number | 'bipolar', semantics: Semantics, rows: Array<(i: number) => number>): Model {
  const data = new Uint8Array(rows.length * n);
  rows.forEach((f, c) => {
    for (let i = 0; i < n; i++) data[c * n + i] = f(i);
  });
  const dense: DenseLayer = {
    type: 'dense',
    in: n,
    out: rows.length,
    weight: { format: 'bits', data },
    binarize: 'siman',
    semantics,
    bias: null,
    alpha: null,
  };
  return {
    format: 'siman-hw.model/v1',
    name: 'extreme',
    input: { shape: [n], encoding: bits === 'bipolar' ? { kind: 'bipolar' } : { kind: 'uint', bits } },
    layers: [dense],
  };
}

function constInputs(n: number, values: number[]): { count: number; width: number; data: Int32Array } {
  const data = new Int32Array(values.length * n);
  values.forEach((v, r) => data.fill(v, r * n, (r + 1) * n));
  return { count: values.length, width: n, data };
}

const ones = (): number => 1;
const zeros = (): number => 0;

describe('extremes: widths and exact scores', () => {
  it('planner widths hold the brute-force range of every channel, and nothing narrower would', () => {
    // Enumerate every input of small stages: the reachable q range must fit
    // ACC_W (with one step either side for thresholds) and the score range
    // must fit SW, and the widths must be the smallest that do.
    const fits = (lo: number, hi: number, w: number): boolean => lo >= -(2 ** (w - 1)) && hi <= 2 ** (w - 1) - 1;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = createRng(seed);
      const model = randomModel(rng, { depth: [1, 2], inputWidth: [1, 5], hiddenWidth: [1, 6], classes: [1, 4], uintBits: [1, 2] });
      const plan = planNetwork(designFromModel(model).network, { top: 'siman_top', fold: parseFoldSpec(undefined) });
      for (const lp of plan.layers) {
        const st = lp.stage;
        const m = st.input.kind === 'uint' ? 2 ** st.input.bits - 1 : 1;
        const levels = st.input.kind === 'uint' ? m + 1 : 2;
        const total = levels ** st.in;
        let qlo = Infinity;
        let qhi = -Infinity;
        let slo = Infinity;
        let shi = -Infinity;
        for (let v = 0; v < total; v++) {
          const x: number[] = [];
          let r = v;
          for (let i = 0; i < st.in; i++) {
            const d = r % levels;
            r = Math.floor(r / levels);
            x.push(st.input.kind === 'uint' ? d : d === 1 ? 1 : -1);
          }
          for (let c = 0; c < st.out; c++) {
            let q = 0;
            let s = 0;
            for (let i = 0; i < st.in; i++) {
              const b = st.bits[c * st.in + i]!;
              const w = st.semantics === 'and' ? b : 2 * b - 1;
              s += w * x[i]!;
              if (st.input.kind === 'uint') q += w * x[i]!;
              else q += st.semantics === 'and' ? (b && x[i] === 1 ? 1 : 0) : (b === 1) === (x[i] === 1) ? 1 : 0;
            }
            qlo = Math.min(qlo, q);
            qhi = Math.max(qhi, q);
            slo = Math.min(slo, s);
            shi = Math.max(shi, s);
            // The closed-form ranges contain every reachable value.
            const [a, b] = accRange(st, c);
            expect(q).to.be.within(a, b);
            const [sa, sb] = scoreRange(st, c);
            expect(s).to.be.within(sa, sb);
          }
        }
        const msg = `seed ${seed} layer ${lp.index}`;
        if (lp.outputMode === 'threshold') {
          expect(fits(qlo - 1, qhi + 1, lp.accWidth), msg).to.equal(true);
          expect(fits(qlo - 1, qhi + 1, lp.accWidth - 1) && lp.accWidth > 2, msg).to.equal(false);
        } else {
          expect(fits(qlo, qhi, lp.accWidth), msg).to.equal(true);
          expect(fits(slo, shi, lp.scoreWidth), msg).to.equal(true);
        }
      }
    }
  });

  it('scores beyond 2^32 are exact: uint16, fan-in 65,536, all-ones weights (references and simulator)', function () {
    this.timeout(120_000);
    const n = 65_536;
    for (const semantics of ['and', 'xnor'] as const) {
      const model = singleLayer(n, 16, semantics, [ones, zeros, (i) => i & 1]);
      const inputs = constInputs(n, [65_535, 0, 1, 65_534]);
      const packed = inferPacked(designFromModel(model).network, inputs);
      const float = inferFloat(model, inputs);
      const M = 65_535;
      const expected =
        semantics === 'and'
          ? [n * M, 0, (n / 2) * M, 0, 0, 0, n, 0, n / 2, n * (M - 1), 0, (n / 2) * (M - 1)]
          : [n * M, -n * M, 0, 0, 0, 0, n, -n, 0, n * (M - 1), -n * (M - 1), 0];
      expect(Array.from(packed.scores), semantics).to.deep.equal(expected);
      expect(Array.from(float.scores), semantics).to.deep.equal(expected);
      expect(n * M).to.be.above(2 ** 31 - 1); // would wrap in an Int32Array
      const flow = designFromModel(model, { fold: '0:pe=3,simd=4096' });
      const lp = flow.plan.layers[0]!;
      expect(lp.accWidth).to.equal(33);
      expect(lp.scoreWidth).to.equal(33);
      const sim = simulateDesign(flow.plan, inputs, { seed: 7, stallPermille: 300, watchdogCycles: 100_000 });
      expect(sim.scores.map((s) => Array.from(s)).flat(), semantics).to.deep.equal(expected);
    }
  });

  it('the loader refuses fan-in × largest input beyond 2^49 with E_VALUE at layers[0].in', () => {
    // The weight is never read: the bound is checked on the declared size.
    const text = JSON.stringify({
      format: 'siman-hw.model/v1',
      name: 'huge',
      input: { shape: [2 ** 34], encoding: 'uint', bits: 16 },
      layers: [{ type: 'dense', in: 2 ** 34, out: 1, weight: [[1]], weightFormat: 'bits', semantics: 'and' }],
    });
    let err: unknown;
    try {
      parseModelText(text, 'huge.json', os.tmpdir());
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(UserError);
    const d = (err as UserError).diagnostics.find((x) => x.code === 'E_VALUE');
    expect(d, String(err)).to.not.equal(undefined);
    expect(d!.location?.jsonPath).to.equal('layers[0].in');
  });

  it('verify: fan-in 4096 uint16 all-ones layer, three-way with Verilator, with stalls @slow', async function () {
    this.timeout(600_000);
    requireTool(this, 'verilator');
    const n = 4096;
    const model = singleLayer(n, 16, 'xnor', [ones, zeros]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-extreme-'));
    try {
      const file = path.join(dir, 'wide.json');
      fs.writeFileSync(file, serializeModel(model));
      const inputs = path.join(dir, 'in.csv');
      const rows = [65_535, 0, 1, 32_768].map((v) => Array(n).fill(v).join(','));
      fs.writeFileSync(inputs, rows.join('\n') + '\n');
      const r = await cli('verify', file, '--input', inputs, '--fold', '0:pe=2,simd=256', '--stall', '0.3', '--json');
      expect(r.code, r.err + r.out).to.equal(0);
      const json = JSON.parse(r.out) as { models: string[] };
      expect(json.models).to.include('verilator');
      const infer = await cli('infer', file, '--input', inputs, '--json');
      const scores = (JSON.parse(infer.out) as { scores: number[][] }).scores;
      expect(scores[0]).to.deep.equal([n * 65_535, -n * 65_535]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
