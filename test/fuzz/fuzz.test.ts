/**
 * Fuzzing the user-facing surface (model JSON, npy, input files, --fold,
 * argv): every case must end in success or a typed, located diagnostic
 * (outcome.ts), within the per-case time limit of runner.ts. Modest counts
 * here; SIMAN_HW_FUZZ_RUNS=2000 npx mocha test/fuzz/fuzz.test.ts for more.
 */
import { expect } from 'chai';
import { FUZZ_RUNS, fuzz } from './runner.js';

describe('fuzz', function () {
  this.timeout(Math.max(120_000, FUZZ_RUNS * 2_000));
  for (const [property, scale] of [['model-json', 2], ['npy', 2], ['inputs', 2], ['fold', 1], ['argv', 2]] as const) {
    it(`${property}: ${FUZZ_RUNS * scale} random cases end in success or a located diagnostic`, async () => {
      const r = await fuzz(property, FUZZ_RUNS * scale);
      expect(r.cases).to.be.at.least(FUZZ_RUNS * scale);
    });
  }
});
