/**
 * Place and route with nextpnr-ice40 (`synth --pnr`): the log parser, tool
 * lookup and option errors (fast), and a real run on a small seeded random
 * model (@slow): Fmax > 0 and vectors/s = Fmax / II. No Yosys or nextpnr
 * numbers are asserted as constants.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/diagnostics.js';
import { designFromModel } from '../../src/flow.js';
import { serializeModel } from '../../src/model/write.js';
import { randomModel } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';
import { NEXTPNR_ENV, findNextpnr, parseNextpnrLog } from '../../src/tools/nextpnr.js';
import { pnrDesign, pnrWrapper, timingFigures, type PnrReport } from '../../src/estimate/pnr-design.js';
import { cli } from '../support/cli.js';
import { hasTool, requireTool } from '../support/tools.js';

const LOG = `Info: Device utilisation:
Info: 	         ICESTORM_LC:   617/ 5280    11%
Info: 	        ICESTORM_RAM:     0/   30     0%
Info: 	               SB_IO:     8/   96     8%

Info: Placed 8 cells based on constraints.
Info: Max frequency for clock 'clk$SB_IO_IN_$glb_clk': 45.10 MHz (PASS at 12.00 MHz)
Info: Routing..
Info: Max frequency for clock 'clk$SB_IO_IN_$glb_clk': 42.84 MHz (PASS at 12.00 MHz)
ERROR: something went wrong
`;

function smallModel() {
  return randomModel(createRng(5), { depth: [2, 2], inputWidth: [16, 16], hiddenWidth: [8, 8], classes: [4, 4], input: 'uint', uintBits: [2, 2] });
}

describe('nextpnr-ice40 timing (synth --pnr)', function () {
  it('parses the post-route Fmax, the utilisation and errors from a log', () => {
    const info = parseNextpnrLog(LOG);
    expect(info.fmaxMhz).to.deep.equal({ 'clk$SB_IO_IN_$glb_clk': 42.84 });
    expect(info.targetMhz).to.deep.equal({ 'clk$SB_IO_IN_$glb_clk': 12 });
    expect(info.utilisation.ICESTORM_LC).to.deep.equal({ used: 617, available: 5280 });
    expect(info.utilisation.SB_IO).to.deep.equal({ used: 8, available: 96 });
    expect(info.errors).to.deep.equal(['something went wrong']);
  });

  it('derives vectors/s and latency from Fmax, II and latency cycles', () => {
    const t = timingFigures(50, 16, 40);
    expect(t.vectorsPerSecond).to.equal(50e6 / 16);
    expect(t.latencyUs).to.be.closeTo(0.8, 1e-12);
  });

  it('wraps the top so that only a handful of pins remain', () => {
    const v = pnrWrapper('siman_top', 320, 60);
    expect(v).to.match(/reg\s+\[319:0\] shift/);
    expect(v).to.match(/siman_top u_top/);
    expect(v).to.match(/dout <= \^result_q/);
  });

  it('a missing tool is E_TOOL_MISSING naming the env variable, then PATH', () => {
    const err = (env: NodeJS.ProcessEnv): UserError => {
      try {
        findNextpnr(env);
      } catch (e) {
        return e as UserError;
      }
      throw new Error('expected an error');
    };
    const a = err({ PATH: '' });
    expect(a.diagnostics[0]!.code).to.equal('E_TOOL_MISSING');
    expect(a.diagnostics[0]!.hint).to.contain(NEXTPNR_ENV);
    const b = err({ [NEXTPNR_ENV]: '/nonexistent/nextpnr-ice40', PATH: '' });
    expect(b.diagnostics[0]!.code).to.equal('E_TOOL_MISSING');
    expect(b.diagnostics[0]!.message).to.contain(NEXTPNR_ENV);
  });

  describe('command line', function () {
    let dir: string;
    let modelPath: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'siman-pnr-'));
      modelPath = join(dir, 'small.json');
      writeFileSync(modelPath, serializeModel(smallModel()));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('--pnr is for ice40 only; --device needs --pnr', async () => {
      expect((await cli('synth', modelPath, '--target', 'xilinx', '--pnr')).err).to.match(/E_USAGE.*--pnr is only available for --target ice40/);
      expect((await cli('synth', modelPath, '--target', 'ice40', '--device', 'hx8k')).err).to.match(/E_USAGE.*--device only applies with --pnr/);
      expect((await cli('synth', modelPath, '--target', 'ice40', '--pnr', '--device', 'xc7')).err).to.match(/E_USAGE.*--device/);
    });

    it('reports Fmax > 0 and vectors/s = Fmax / II on a small random model @slow', async function () {
      requireTool(this, 'nextpnr-ice40');
      this.timeout(900_000);
      const engine = hasTool('yosys') ? 'native' : 'wasm';
      const r = await cli('synth', modelPath, '--target', 'ice40', '--yosys', engine, '--pnr', '--device', 'up5k', '--json', '--quiet');
      expect(r.code, r.err).to.equal(0);
      const p = (JSON.parse(r.out) as { pnr: PnrReport }).pnr;
      expect(p.device).to.equal('up5k');
      expect(p.fmaxMhz).to.be.greaterThan(0);
      expect(p.iiCycles).to.equal(designFromModel(smallModel()).plan.iiCycles);
      expect(p.vectorsPerSecond).to.be.closeTo((p.fmaxMhz * 1e6) / p.iiCycles, 1e-6 * p.vectorsPerSecond);
      expect(p.latencyUs).to.be.closeTo(p.latencyCycles / p.fmaxMhz, 1e-9);
      expect(p.utilisation.ICESTORM_LC!.used).to.be.greaterThan(0);
      expect(p.utilisation.ICESTORM_LC!.used).to.be.at.most(p.utilisation.ICESTORM_LC!.available);
    });
  });

  it('a design too big for the device is a clear error suggesting a bigger device or more folding @slow', async function () {
    requireTool(this, 'nextpnr-ice40');
    this.timeout(900_000);
    const engine = hasTool('yosys') ? 'native' : 'wasm';
    let err: unknown;
    try {
      await pnrDesign(designFromModel(smallModel()), { device: 'lp384', engine });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(UserError);
    const d = (err as UserError).diagnostics[0]!;
    expect(d.code).to.equal('E_TOOL_FAILED');
    expect(d.message).to.match(/does not fit the iCE40 LP384/);
    expect(d.hint).to.match(/bigger device.*fold/);
  });
});
