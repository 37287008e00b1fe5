/**
 * Three-way verify of CNNs: reference = TS simulator = Verilator on every
 * score and every transfer cycle, at p = 0 (planned latency and II) and
 * p = 0.3. A handful of small random CNNs (one Verilator build each, cached
 * by content), and the digits CNN example on all 1797 images.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { requireTool } from '../support/tools.js';
import { expectThreeWay, expectVerifyPasses } from '../support/three-way.js';
import { randomCnnDesign } from '../sim/random-designs.js';

describe('verify: random CNNs, reference = simulator = Verilator @slow', function () {
  this.timeout(900_000);
  let tmp: string;
  before(function () {
    requireTool(this, 'verilator');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-convrtl-'));
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  for (const seed of [2001, 2002, 2003, 2004, 2005]) {
    it(`seed ${seed}: identical scores and transfer cycles at p = 0 and 0.3; planned timing at p = 0`, async () => {
      const d = randomCnnDesign(seed, 6, 3000);
      const w = d.flow.plan.layers.find((l) => l.window?.role === 'window')!.window!;
      expect(w.positions).to.be.at.least(1);
      await expectThreeWay(d.flow, d.inputs, path.join(tmp, `d${seed}`), seed, `fold ${d.fold}, ${d.flow.plan.layers.length} layers`);
    });
  }
});

describe('verify: digits CNN example, all 1797 images @slow', function () {
  this.timeout(1_800_000);
  before(function () {
    requireTool(this, 'verilator');
  });
  it('every score matches with p = 0 (measured II and latency = planned) and with p = 0.3', async () => {
    await expectVerifyPasses(['examples/digits-cnn/digits-cnn.json', '--input', 'examples/digits/digits.csv', '--labels', 'last'], 1797);
  });
});
