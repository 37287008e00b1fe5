import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serializeModel } from '../../src/model/write.js';
import { lowerResidualNetwork } from '../../src/passes/lower-residual.js';
import { inferResidual } from '../../src/ref/residual-ref.js';
import { randomInputs } from '../../src/testing/random-model.js';
import { randomResidualModel } from '../../src/testing/random-residual.js';
import { createRng } from '../../src/testing/rng.js';
import { cli } from '../support/cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-res-cli-'));
const rng = createRng(18);
const model = randomResidualModel(rng, { input: 'uint' });
const modelPath = path.join(tmp, 'res.json');
fs.writeFileSync(modelPath, serializeModel(model));
const inputs = randomInputs(rng, model.input, 6);
const inputPath = path.join(tmp, 'in.json');
const rows: number[][] = [];
for (let r = 0; r < inputs.count; r++) rows.push(Array.from(inputs.data.subarray(r * inputs.width, (r + 1) * inputs.width)));
fs.writeFileSync(inputPath, JSON.stringify(rows));
const firstResidual = model.layers.findIndex((l) => l.type === 'residual');

describe('commands on residual networks', () => {
  it('infer runs the integer stream semantics, and --path both agrees with the float model', async () => {
    const want = inferResidual(lowerResidualNetwork(model), { count: inputs.count, width: inputs.width, data: inputs.data });
    for (const p of ['packed', 'float', 'both']) {
      const r = await cli('infer', modelPath, '--input', inputPath, '--json', '--path', p);
      expect(r.code, r.err).to.equal(0);
      const j = JSON.parse(r.out) as { predictions: number[]; scores: number[][]; ambiguousRows?: number[] };
      expect(j.predictions).to.deep.equal(Array.from(want.predictions));
      expect(j.scores.flat()).to.deep.equal(Array.from(want.scores));
      if (p !== 'packed') expect(j.ambiguousRows).to.deep.equal([]);
    }
  });

  it('infer --path both warns about the listed rows where a coarse stream decides differently', async () => {
    // fracBits 0: the stream rounds every term to an integer, so some rows differ.
    const coarse = structuredClone(model);
    for (const l of coarse.layers) if (l.type === 'residual') l.fracBits = 0;
    const p = path.join(tmp, 'coarse.json');
    fs.writeFileSync(p, serializeModel(coarse));
    const many = randomInputs(createRng(7), model.input, 200);
    const ip = path.join(tmp, 'many.json');
    const rs: number[][] = [];
    for (let r = 0; r < many.count; r++) rs.push(Array.from(many.data.subarray(r * many.width, (r + 1) * many.width)));
    fs.writeFileSync(ip, JSON.stringify(rs));
    const r = await cli('infer', p, '--input', ip, '--path', 'both');
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(/^warning\[W_STREAM_ROUNDING\]: \d+ of 200 rows \(.*\) decide differently/);
  });

  const refused: string[][] = [
    ['generate', modelPath, '-o', path.join(tmp, 'rtl')],
    ['simulate', modelPath, '--vectors', '2'],
    ['verify', modelPath, '--vectors', '2', '--no-rtl'],
    ['synth', modelPath, '--target', 'generic'],
    ['estimate', modelPath, '--target', 'ice40'],
    ['explore', modelPath, '--target', 'ice40'],
    ['report', modelPath, '--input', inputPath, '-o', path.join(tmp, 'report')],
    ['binarize', modelPath, '-o', path.join(tmp, 'bin.json')],
  ];
  for (const argv of refused) {
    it(`${argv[0]} refuses it with E_UNSUPPORTED at the first residual block, exit 2, no stack trace`, async () => {
      const r = await cli(...argv);
      expect(r.code, r.err).to.equal(2);
      expect(r.err).to.include(`error[E_UNSUPPORTED] layers[${firstResidual}]`);
      expect(r.err).to.match(/do not support residual networks yet/);
      expect(r.err).to.match(/hint: supported there: chains of dense and conv2d stages/);
      expect(r.err).to.not.match(/internal error|\n\s+at /);
      expect(fs.existsSync(path.join(tmp, 'rtl'))).to.equal(false);
    });
  }
});
