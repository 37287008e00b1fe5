import { expect } from 'chai';
import { cli } from '../support/cli.js';
import { requireTool } from '../support/tools.js';

const DIGITS = 'examples/digits/digits-mlp.json';
const CSV = 'examples/digits/digits.csv';

interface VerifySummary {
  ok: boolean;
  vectors: number;
  iiPlanned: number;
  iiMeasured: number;
  latencyPlanned: number;
  latencyMeasured: number;
  models: string[];
}

async function verify(mode: string, fold: string, stall: number): Promise<VerifySummary> {
  const r = await cli('verify', DIGITS, '--input', CSV, '--labels', 'last', '--mode', mode, '--fold', fold, '--stall', String(stall), '--seed', '7', '--json');
  expect(r.code, r.err + r.out).to.equal(0);
  return JSON.parse(r.out) as VerifySummary;
}

describe('verify: digits example in hardwired mode, all 1797 rows @slow', function () {
  this.timeout(1_800_000);
  before(function () {
    requireTool(this, 'verilator');
  });

  // Fully hardwired and fully parallel; then layer 0 hardwired in 8 folds of 32 lanes next to a folded layer 1.
  for (const [mode, fold] of [
    ['hardwired', 'auto'],
    ['0:hardwired;1:folded', '0:pe=32'],
  ] as const) {
    it(`mode ${mode}, fold ${fold}: every score matches with p = 0 (measured II and latency = planned) and with p = 0.3`, async () => {
      const calm = await verify(mode, fold, 0);
      expect(calm.ok).to.equal(true);
      expect(calm.vectors).to.equal(1797);
      expect(calm.models).to.include('verilator');
      expect(calm.iiMeasured).to.equal(calm.iiPlanned);
      expect(calm.latencyMeasured).to.equal(calm.latencyPlanned);
      const stalled = await verify(mode, fold, 0.3);
      expect(stalled.ok).to.equal(true);
      expect(stalled.iiMeasured).to.be.at.least(stalled.iiPlanned);
    });
  }
});
