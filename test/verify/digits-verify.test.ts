import { requireTool } from '../support/tools.js';
import { expectVerifyPasses } from '../support/three-way.js';

const DIGITS = ['examples/digits/digits-mlp.json', '--input', 'examples/digits/digits.csv', '--labels', 'last'];

describe('verify: digits example, all 1797 rows @slow', function () {
  this.timeout(1_800_000);
  before(function () {
    requireTool(this, 'verilator');
  });

  // Folded: default (balanced), fully serial and fully parallel.
  for (const fold of ['auto', 'serial', 'full']) {
    it(`folded, fold ${fold}: every score matches with p = 0 (measured II and latency = planned) and with p = 0.3`, async () => {
      await expectVerifyPasses([...DIGITS, '--fold', fold], 1797);
    });
  }

  // Every layer hardwired, layer 0 in 8 groups of 32 lanes (the fully
  // parallel hardwired digits design is a ~120k-LUT netlist whose Verilator
  // build alone takes minutes; mixed modes are covered by the random tests).
  for (const [mode, fold] of [['hardwired', '0:pe=32']] as const) {
    it(`mode ${mode}, fold ${fold}: every score matches with p = 0 (measured II and latency = planned) and with p = 0.3`, async () => {
      await expectVerifyPasses([...DIGITS, '--mode', mode, '--fold', fold], 1797);
    });
  }
});
