import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { simulateDesign } from '../../src/sim/simulate.js';
import { writeDirAtomic } from '../../src/util/atomic-fs.js';
import { runRtl } from '../../src/verify/rtl-run.js';
import { firstScoreMismatch, firstTraceMismatch } from '../../src/verify/compare.js';
import { traceTiming } from '../../src/verify/trace.js';
import { requireTool } from '../support/tools.js';
import { randomHardwiredDesign } from '../sim/hardwired-designs.js';

const RUNS = Number(process.env.SIMAN_HW_VERIFY_RUNS ?? 4);

// Hardwired (even runs: every layer; odd runs: mixed with folded layers),
// random PE per hardwired layer, one small Verilator build per network, run
// at p = 0 and 0.3: reference = TS simulator = Verilator, outputs and cycles.
describe('verify: random hardwired and mixed networks, reference = simulator = Verilator @slow', function () {
  this.timeout(900_000);
  let tmp: string;
  before(function () {
    requireTool(this, 'verilator');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-hwrand-'));
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  for (let run = 0; run < RUNS; run++) {
    const seed = 2000 + run;
    const mixed = run % 2 === 1;
    const input = run % 4 < 2 ? 'uint' : 'bipolar';
    it(`seed ${seed} (${mixed ? 'mixed' : 'hardwired'}, ${input} input): identical scores and transfer cycles at p = 0 and 0.3; planned timing at p = 0`, async () => {
      const d = randomHardwiredDesign(seed, 24, mixed, { depth: [1, 3], inputWidth: [1, 120], hiddenWidth: [1, 40], classes: [1, 10], input });
      const dir = path.join(tmp, `d${seed}`);
      writeDirAtomic(dir, d.flow.design.files);
      const ref = inferPacked(d.flow.network, d.inputs);
      for (const permille of [0, 300]) {
        const opts = { seed, stallPermille: permille, watchdogCycles: 100_000 };
        const where = `(mode ${d.mode}, fold ${d.fold}, stall ${permille}‰)`;
        const rtl = await runRtl({ designDir: dir, manifest: d.flow.design.manifest, encoding: d.flow.model.input.encoding, inputs: d.inputs, ...opts });
        const m1 = firstScoreMismatch('verilator', rtl, ref);
        expect(m1, `${m1?.message} ${where}`).to.equal(null);
        const sim = simulateDesign(d.flow.plan, d.inputs, opts);
        const m2 = firstTraceMismatch('simulator', sim, 'verilator', rtl);
        expect(m2, `${m2?.message} ${where}`).to.equal(null);
        if (permille === 0) {
          const t = traceTiming(rtl);
          expect(t.latencyCycles, `latency ${where}`).to.equal(d.flow.plan.latencyCycles);
          expect(t.iiCycles, `II ${where}`).to.equal(d.flow.plan.iiCycles);
        }
      }
    });
  }
});
