import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { designFromModel } from '../../src/flow.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { createRng } from '../../src/testing/rng.js';
import { randomInputs, randomModel } from '../../src/testing/random-model.js';
import { randomFold } from '../../src/testing/random-fold.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import { writeDirAtomic } from '../../src/util/atomic-fs.js';
import { runRtl } from '../../src/verify/rtl-run.js';
import { firstScoreMismatch } from '../../src/verify/compare.js';
import { traceTiming } from '../../src/verify/trace.js';
import { requireTool } from '../support/tools.js';

/** Number of random networks; raise with SIMAN_HW_VERIFY_RUNS for a longer soak. */
const RUNS = Number(process.env.SIMAN_HW_VERIFY_RUNS ?? 4);

describe('verify: random networks through Verilator @slow', function () {
  this.timeout(900_000);
  let tmp: string;
  before(function () {
    requireTool(this, 'verilator');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-rtlrand-'));
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  for (let run = 0; run < RUNS; run++) {
    const seed = 1000 + run;
    it(`seed ${seed}: RTL scores equal the reference; planned II and latency hold at p = 0`, async () => {
      const rng = createRng(seed);
      const model = randomModel(rng, { depth: [1, 3], inputWidth: [1, 300], hiddenWidth: [1, 48], classes: [1, 10] });
      const fold = randomFold(rng, prepareNetwork(model));
      const stall = run % 2 === 0 ? 0 : 0.3;
      const flow = designFromModel(model, { fold });
      const inputs = randomInputs(rng, model.input, 24);
      const dir = path.join(tmp, `d${seed}`);
      writeDirAtomic(dir, flow.design.files);
      const trace = await runRtl({
        designDir: dir,
        manifest: flow.design.manifest,
        encoding: model.input.encoding,
        inputs,
        seed,
        stallPermille: Math.round(stall * 1000),
        watchdogCycles: 100_000,
      });
      const ref = inferPacked(flow.network, inputs);
      const mismatch = firstScoreMismatch('verilator', trace, ref);
      expect(mismatch, `${mismatch?.message} (fold ${fold}, stall ${stall})`).to.equal(null);
      if (stall === 0) {
        const t = traceTiming(trace);
        expect(t.latencyCycles, 'latency').to.equal(flow.plan.latencyCycles);
        expect(t.iiCycles, 'II').to.equal(flow.plan.iiCycles);
      }
    });
  }
});
