import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simulateDesign } from '../../src/sim/simulate.js';
import { writeDirAtomic } from '../../src/util/atomic-fs.js';
import { firstTraceMismatch } from '../../src/verify/compare.js';
import { runRtl } from '../../src/verify/rtl-run.js';
import { requireTool } from '../support/tools.js';
import { randomDesign } from './random-designs.js';

// A handful of small random designs (each one Verilator build, cached by
// content under .cache/verilator), every one at p = 0 and p = 0.3.
const CASES: { seed: number; input: 'uint' | 'bipolar' }[] = [
  { seed: 3, input: 'bipolar' },
  { seed: 17, input: 'bipolar' },
  { seed: 42, input: 'uint' },
];

describe('sim/verilator: cycle-exact against the RTL @slow', () => {
  for (const { seed, input } of CASES) {
    it(`random network ${seed} (${input} input): same transfer cycles and beats at stall 0 and 0.3 @slow`, async function () {
      requireTool(this, 'verilator');
      this.timeout(600_000);
      const d = randomDesign(seed, 24, { depth: [2, 3], inputWidth: [8, 40], hiddenWidth: [4, 24], input });
      const dir = mkdtempSync(path.join(os.tmpdir(), 'siman-simtest-'));
      try {
        const designDir = path.join(dir, 'design');
        writeDirAtomic(designDir, d.flow.design.files);
        for (const permille of [0, 300]) {
          const opts = { seed: seed + 100, stallPermille: permille, watchdogCycles: 100_000 };
          const rtl = await runRtl({ designDir, manifest: d.flow.design.manifest, encoding: d.flow.model.input.encoding, inputs: d.inputs, ...opts });
          const sim = simulateDesign(d.flow.plan, d.inputs, opts);
          const m = firstTraceMismatch('simulator', sim, 'verilator', rtl);
          expect(m, `fold ${d.fold}, stall ${permille}‰: ${m?.message}`).to.equal(null);
          expect(sim.outputCycles).to.deep.equal(rtl.outputCycles);
          expect(sim.inputCycles).to.deep.equal(rtl.inputCycles);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
