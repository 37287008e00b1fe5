/**
 * Three-way verify of CNNs that zero-pad ±1 activations (thresholds per
 * border class, the class travelling from the window unit to the MVU):
 * reference = TS simulator = Verilator on every score and every transfer
 * cycle, at p = 0 (planned latency and II) and p = 0.3: the ONNX fixture
 * cnn-zero-pad and random CNNs (padding 1–2, random folds).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { designFromModel } from '../../src/flow.js';
import { loadModel } from '../../src/model/load.js';
import { randomCnnModel, randomInputs } from '../../src/testing/random-model.js';
import { randomFold } from '../../src/testing/random-fold.js';
import { createRng } from '../../src/testing/rng.js';
import { spawnSync } from 'node:child_process';
import { lintVerilog } from '../../src/tools/verilator.js';
import { writeDirAtomic } from '../../src/util/atomic-fs.js';
import { requireTool } from '../support/tools.js';
import { expectThreeWay } from '../support/three-way.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'onnx');

/** A random zero-padded CNN (padding 1–2 on ±1 activations), randomly folded. */
export function zeroPadDesign(seed: number, vectors: number) {
  const rng = createRng(seed);
  // Odd seeds: a bipolar image (every conv zero-pads); even: a uint first conv, then a zero-padded one.
  const model = randomCnnModel(rng, seed % 2 === 1
    ? { maxWork: 3000, input: 'bipolar', padding: [1, 2], zeroPad: 1, imageSize: [3, 7] }
    : { maxWork: 4000, input: 'uint', convs: [2, 2], padding: [1, 2], zeroPad: 1, imageSize: [6, 9], kernel: [2, 3], pool: 'none' });
  const fold = randomFold(rng, designFromModel(model).plan.layers);
  return { model, fold, flow: designFromModel(model, { fold }), inputs: randomInputs(rng, model.input, vectors) };
}

describe('verify: zero-padded random CNNs, reference = simulator = Verilator @slow', function () {
  this.timeout(900_000);
  let tmp: string;
  before(function () {
    requireTool(this, 'verilator');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-zeropad-'));
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  it('the cnn-zero-pad ONNX fixture (9 classes in two layers, pool before the sign) on its 64 rows', async () => {
    const e = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'cnn-zero-pad.expected.json'), 'utf8')) as { inputs: number[][] };
    const flow = designFromModel(loadModel(path.join(FIXTURES, 'cnn-zero-pad.onnx'), { inputBits: 2 }));
    expect(flow.plan.layers.map((l) => l.classes)).to.deep.equal([1, 9, 9, 1]);
    const inputs = { count: e.inputs.length, width: e.inputs[0]!.length, data: Int32Array.from(e.inputs.flat()) };
    await expectThreeWay(flow, inputs, path.join(tmp, 'onnx'), 11, 'cnn-zero-pad.onnx');
  });

  for (const seed of [3001, 3002, 3003, 3004]) {
    it(`seed ${seed}: identical scores and transfer cycles at p = 0 and 0.3; planned timing at p = 0`, async () => {
      const d = zeroPadDesign(seed, 16);
      const classes = d.flow.plan.layers.map((l) => l.classes);
      expect(Math.max(...classes), 'a layer with border classes').to.be.greaterThan(1);
      await expectThreeWay(d.flow, d.inputs, path.join(tmp, `d${seed}`), seed, `fold ${d.fold}, classes ${classes.join(',')}`);
    });
  }
});

describe('generate: zero-padded CNNs lint clean', function () {
  this.timeout(300_000);
  it('verilator --lint-only -Wall and Yosys read_verilog + hierarchy -check + proc report nothing', async function () {
    requireTool(this, 'verilator');
    requireTool(this, 'yosys');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-zeropad-lint-'));
    try {
      for (const seed of [3001, 3002]) {
        const { flow } = zeroPadDesign(seed, 1);
        const dir = path.join(tmp, `d${seed}`);
        writeDirAtomic(dir, flow.design.files);
        const files = flow.design.manifest.files.verilog.map((f) => path.join(dir, f));
        const diags = await lintVerilog(files, flow.design.manifest.top);
        expect(diags.map((d) => d.message), `seed ${seed}`).to.deep.equal([]);
        const script = `read_verilog -defer ${files.map((f) => `"${f}"`).join(' ')}; hierarchy -check -top ${flow.design.manifest.top}; proc`;
        const r = spawnSync(process.env.SIMAN_HW_YOSYS || 'yosys', ['-q', '-p', script], { encoding: 'utf8', cwd: dir });
        expect(r.status, r.stderr).to.equal(0);
        expect(`${r.stdout}${r.stderr}`.split('\n').filter((l) => /warning|error/i.test(l)), `seed ${seed}`).to.deep.equal([]);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
