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

  // Fully hardwired and fully parallel; then layer 0 hardwired in 8 folds of 32 lanes next to a folded layer 1.
  for (const [mode, fold] of [
    ['hardwired', 'auto'],
    ['0:hardwired;1:folded', '0:pe=32'],
  ] as const) {
    it(`mode ${mode}, fold ${fold}: every score matches with p = 0 (measured II and latency = planned) and with p = 0.3`, async () => {
      await expectVerifyPasses([...DIGITS, '--mode', mode, '--fold', fold], 1797);
    });
  }
});
