import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireTool } from '../support/tools.js';
import { expectThreeWay } from '../support/three-way.js';
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
      await expectThreeWay(d.flow, d.inputs, path.join(tmp, `d${seed}`), seed, `mode ${d.mode}, fold ${d.fold}`);
    });
  }
});
