import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { requireTool } from '../support/tools.js';
import { expectThreeWay } from '../support/three-way.js';
import { randomLoweredDesign } from '../sim/hardwired-designs.js';
import { randomCnnDesign } from '../sim/random-designs.js';
import { designFromModel } from '../../src/flow.js';

const RUNS = Number(process.env.SIMAN_HW_VERIFY_RUNS ?? 4);

// Random all-xnor hardwired networks lowered onto the AND datapath
// (--lower on), each layer with a K = 0, a K = n and a K = ⌊n/2⌋ channel,
// random PE (folds change a lane's mask, not its side), uint and bipolar
// first layers, one small Verilator build per network, run at p = 0 and
// 0.3: reference = TS simulator = Verilator, outputs and cycles.
describe('verify: random lowered xnor hardwired networks, reference = simulator = Verilator @slow', function () {
  this.timeout(900_000);
  let tmp: string;
  before(function () {
    requireTool(this, 'verilator');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-lower-'));
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  for (let run = 0; run < RUNS; run++) {
    const seed = 1900 + run;
    const input = run % 2 === 0 ? 'uint' : 'bipolar';
    it(`seed ${seed} (${input} input): identical scores and transfer cycles at p = 0 and 0.3; planned timing at p = 0`, async () => {
      const d = randomLoweredDesign(seed, 24, { input });
      expect(d.flow.plan.layers.every((l) => l.lowered)).to.equal(true);
      await expectThreeWay(d.flow, d.inputs, path.join(tmp, `d${seed}`), seed, `mode ${d.mode}, fold ${d.fold}`);
    });
  }

  // A conv layer's hardwired unit is lowered the same way (one shared
  // popcount per window position); odd seeds are xnor CNNs.
  for (const seed of [2003]) {
    it(`random xnor CNN seed ${seed}, hardwired and lowered: identical scores and transfer cycles at p = 0 and 0.3`, async () => {
      const d = randomCnnDesign(seed, 3, 1500);
      const flow = designFromModel(d.model, { mode: 'hardwired', lower: 'on' });
      expect(flow.plan.layers.some((l) => l.lowered)).to.equal(true);
      await expectThreeWay(flow, d.inputs, path.join(tmp, `c${seed}`), seed, 'CNN hardwired --lower on');
    });
  }
});
