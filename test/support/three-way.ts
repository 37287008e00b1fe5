/**
 * Shared checks of the three models (reference, TS simulator, Verilator)
 * for the verify tests: one design at p = 0 and p = 0.3, and the `verify`
 * command's JSON for the digits examples.
 */
import { expect } from 'chai';
import type { DesignFlow } from '../../src/flow.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { simulateDesign } from '../../src/sim/simulate.js';
import { writeDirAtomic } from '../../src/util/atomic-fs.js';
import { runRtl } from '../../src/verify/rtl-run.js';
import { firstScoreMismatch, firstTraceMismatch } from '../../src/verify/compare.js';
import { traceTiming } from '../../src/verify/trace.js';
import { cli } from './cli.js';

type Inputs = { count: number; width: number; data: Int32Array };

/**
 * Write the design to `dir`, run it under Verilator and the simulator at
 * p = 0 and 0.3: Verilator's scores equal the reference, the simulator's
 * transfers equal Verilator's cycle by cycle, and at p = 0 the measured
 * latency and II equal the plan. `label` goes into failure messages.
 */
export async function expectThreeWay(flow: DesignFlow, inputs: Inputs, dir: string, seed: number, label: string): Promise<void> {
  writeDirAtomic(dir, flow.design.files);
  const ref = inferPacked(flow.network, inputs);
  for (const permille of [0, 300]) {
    const opts = { seed, stallPermille: permille, watchdogCycles: 100_000 };
    const where = `(${label}, stall ${permille}‰)`;
    const rtl = await runRtl({ designDir: dir, manifest: flow.design.manifest, encoding: flow.model.input.encoding, inputs, ...opts });
    const m1 = firstScoreMismatch('verilator', rtl, ref);
    expect(m1, `${m1?.message} ${where}`).to.equal(null);
    const sim = simulateDesign(flow.plan, inputs, opts);
    const m2 = firstTraceMismatch('simulator', sim, 'verilator', rtl);
    expect(m2, `${m2?.message} ${where}`).to.equal(null);
    if (permille === 0) {
      const t = traceTiming(rtl);
      expect(t.latencyCycles, `latency ${where}`).to.equal(flow.plan.latencyCycles);
      expect(t.iiCycles, `II ${where}`).to.equal(flow.plan.iiCycles);
    }
  }
}

export interface VerifySummary {
  ok: boolean;
  vectors: number;
  iiPlanned: number;
  iiMeasured: number;
  latencyPlanned: number;
  latencyMeasured: number;
  models: string[];
}

async function verifyJson(args: string[], stall: number): Promise<VerifySummary> {
  const r = await cli('verify', ...args, '--stall', String(stall), '--seed', '7', '--json');
  expect(r.code, r.err + r.out).to.equal(0);
  return JSON.parse(r.out) as VerifySummary;
}

/**
 * `siman-hw verify ARGS` passes at p = 0 with the planned II and latency,
 * and at p = 0.3, on all `vectors` inputs, with Verilator among the models.
 */
export async function expectVerifyPasses(args: string[], vectors: number): Promise<void> {
  const calm = await verifyJson(args, 0);
  expect(calm.ok).to.equal(true);
  expect(calm.vectors).to.equal(vectors);
  expect(calm.models).to.include('verilator');
  expect(calm.iiMeasured).to.equal(calm.iiPlanned);
  expect(calm.latencyMeasured).to.equal(calm.latencyPlanned);
  const stalled = await verifyJson(args, 0.3);
  expect(stalled.ok).to.equal(true);
  expect(stalled.iiMeasured).to.be.at.least(stalled.iiPlanned);
}
