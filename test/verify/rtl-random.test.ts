import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireTool } from '../support/tools.js';
import { expectThreeWay } from '../support/three-way.js';
import { randomDesign } from '../sim/random-designs.js';

/** Number of random networks; raise with SIMAN_HW_VERIFY_RUNS for a longer soak. */
const RUNS = Number(process.env.SIMAN_HW_VERIFY_RUNS ?? 6);

// Each network is one Verilator build (cached by content), run at p = 0 and
// p = 0.3: reference = TS simulator = Verilator, outputs and cycles.
describe('verify: random networks, reference = simulator = Verilator @slow', function () {
  this.timeout(900_000);
  let tmp: string;
  before(function () {
    requireTool(this, 'verilator');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-rtlrand-'));
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  for (let run = 0; run < RUNS; run++) {
    const seed = 1000 + run;
    const input = run % 2 === 0 ? 'uint' : 'bipolar';
    it(`seed ${seed} (${input} input): identical scores and transfer cycles at p = 0 and 0.3; planned timing at p = 0`, async () => {
      const d = randomDesign(seed, 24, { depth: [1, 3], inputWidth: [1, 300], hiddenWidth: [1, 48], classes: [1, 10], input });
      await expectThreeWay(d.flow, d.inputs, path.join(tmp, `d${seed}`), seed, `fold ${d.fold}`);
    });
  }
});
