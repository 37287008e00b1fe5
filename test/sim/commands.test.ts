import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { simulateCommand } from '../../src/commands/simulate.js';
import { verifyCommand } from '../../src/commands/verify.js';
import { parseCommandArgs, type Command } from '../../src/commands/command.js';

const dir = fileURLToPath(new URL('../../examples/digits/', import.meta.url));

async function runCmd(cmd: Command, argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const { options, positionals } = parseCommandArgs(cmd, argv);
  const code = await cmd.run({ options, positionals, io: { out: (t) => (out += t), err: () => {} } });
  return { code, out };
}

describe('sim/commands', () => {
  it('simulate --json: predictions, accuracy, timing and per-layer figures', async function () {
    this.timeout(30_000);
    const { code, out } = await runCmd(simulateCommand, [dir + 'digits-mlp.json', '--input', dir + 'digits.csv', '--labels', 'last', '--vectors', '100', '--json']);
    expect(code).to.equal(0);
    const j = JSON.parse(out);
    expect(j.count).to.equal(100);
    expect(j.predictions).to.have.length(100);
    expect(j.accuracy).to.be.within(0.8, 1);
    expect(j.iiMeasured).to.equal(j.iiPlanned);
    expect(j.latencyMeasured).to.equal(j.latencyPlanned);
    expect(j.layers[0].activity.acc.rate).to.be.greaterThan(0);
  });

  it('verify --no-rtl: reference = simulator, simulator listed in the models', async function () {
    this.timeout(30_000);
    const { code, out } = await runCmd(verifyCommand, [dir + 'digits-mlp.json', '--vectors', '40', '--stall', '0.3', '--no-rtl', '--json']);
    expect(code).to.equal(0);
    const j = JSON.parse(out);
    expect(j.ok).to.equal(true);
    expect(j.models).to.deep.equal(['reference-float', 'reference-packed', 'simulator']);
  });
});
