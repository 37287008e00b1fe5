/**
 * ONNX import: fixtures built with onnx.helper (test/fixtures/onnx/make_fixtures.py)
 * whose onnxruntime predictions are recorded beside them; our float and
 * packed references must predict the same on every row except those listed
 * as explained by ONNX's Sign(0) = 0 or a float tie.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadModel } from '../../src/model/load.js';
import fc from 'fast-check';
import { QUANT_ROUNDING, upperStep } from '../../src/model/onnx-import.js';
import { inferFloat, signZeroRows } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import { catchUserError } from '../support/errors.js';
import { cli } from '../support/cli.js';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'onnx');

interface Expected {
  inputBits: number | null;
  inputs: number[][];
  ortPredictions: number[];
  signZeroRows: number[];
  tieRows: number[];
}

function expected(name: string): Expected {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${name}.expected.json`), 'utf8')) as Expected;
}

function batch(e: Expected): { count: number; width: number; data: Int32Array } {
  return { count: e.inputs.length, width: e.inputs[0]!.length, data: Int32Array.from(e.inputs.flat()) };
}

describe('ONNX import', () => {
  for (const name of ['mlp-gemm-and', 'mlp-matmul-xnor', 'mlp-sign-zero', 'cnn-conv-pool', 'mlp-input-scaling', 'qonnx-bipolar', 'qonnx-quant', 'qonnx-multithreshold-binary', 'cnn-zero-pad']) {
    it(`${name}: float and packed references agree with onnxruntime`, () => {
      const e = expected(name);
      const model = loadModel(path.join(DIR, `${name}.onnx`), e.inputBits === null ? {} : { inputBits: e.inputBits });
      const inputs = batch(e);
      const float = inferFloat(model, inputs);
      const packed = inferPacked(prepareNetwork(model), inputs);
      const explained = new Set([...e.signZeroRows, ...e.tieRows]);
      let agree = 0;
      for (let r = 0; r < inputs.count; r++) {
        expect(packed.predictions[r], `row ${r} packed vs float`).to.equal(float.predictions[r]);
        if (explained.has(r)) continue;
        expect(float.predictions[r], `row ${r} vs onnxruntime`).to.equal(e.ortPredictions[r]);
        agree++;
      }
      expect(agree + explained.size).to.equal(inputs.count);
      // Our exact zeros are among the rows onnxruntime saw within 1e-4 of 0.
      for (const r of signZeroRows(model, inputs)) expect(e.signZeroRows, `row ${r}`).to.include(r);
    });
  }

  it('maps weights: 0/1 -> and bits, +-1 -> xnor bits, other floats -> latent siman', () => {
    const and = loadModel(path.join(DIR, 'mlp-gemm-and.onnx'), { inputBits: 3 });
    const xnor = loadModel(path.join(DIR, 'mlp-matmul-xnor.onnx'));
    const float = loadModel(path.join(DIR, 'mlp-flatten-float.onnx'), { inputBits: 2 });
    const dense = (m: typeof and) => m.layers.filter((l) => l.type === 'dense');
    expect(and.input.encoding).to.deep.equal({ kind: 'uint', bits: 3 });
    expect(xnor.input.encoding.kind).to.equal('bipolar');
    for (const l of dense(and)) expect([l.semantics, l.weight.format]).to.deep.equal(['and', 'bits']);
    for (const l of dense(xnor)) expect([l.semantics, l.weight.format]).to.deep.equal(['xnor', 'bits']);
    for (const l of dense(float)) expect([l.semantics, l.weight.format]).to.deep.equal(['and', 'float']);
    expect(dense(xnor).map((l) => [l.in, l.out])).to.deep.equal([[10, 16], [16, 3]]);
  });

  it('refuses an unsupported op naming the node, index and op type', () => {
    const err = catchUserError(() => loadModel(path.join(DIR, 'unsupported-relu.onnx'), { inputBits: 2 }));
    expect(err.diagnostics[0]!.code).to.equal('E_UNSUPPORTED');
    expect(err.diagnostics[0]!.message).to.contain("node 1 'relu1' (Relu)");
  });

  it('imports Conv pads on ±1 activations as zero padding (padValue 0), the pool before the batchnorm kept', () => {
    const m = loadModel(path.join(DIR, 'cnn-zero-pad.onnx'), { inputBits: 2 });
    expect(m.layers.map((l) => l.type)).to.deep.equal(['conv2d', 'batchnorm', 'sign', 'conv2d', 'maxpool2d', 'batchnorm', 'sign', 'conv2d', 'batchnorm', 'sign', 'flatten', 'dense', 'batchnorm']);
    const convs = m.layers.filter((l) => l.type === 'conv2d');
    expect(convs.map((l) => [l.semantics, l.padding, l.padValue, l.stride])).to.deep.equal([['and', [1, 1], 0, [1, 1]], ['xnor', [1, 1], 0, [1, 1]], ['and', [2, 2], 0, [2, 2]]]);
    const net = prepareNetwork(m);
    expect(net.stages.map((s) => (s.kind === 'conv' && s.border ? s.border.rows * s.border.cols : 0))).to.deep.equal([0, 9, 9, 0]);
  });

  it('maps Conv and MaxPool to conv2d and maxpool2d stages', () => {
    const m = loadModel(path.join(DIR, 'cnn-conv-pool.onnx'), { inputBits: 2 });
    expect(m.layers.map((l) => l.type)).to.deep.equal(['conv2d', 'batchnorm', 'sign', 'maxpool2d', 'conv2d', 'maxpool2d', 'batchnorm', 'sign', 'flatten', 'dense', 'batchnorm']);
    const convs = m.layers.filter((l) => l.type === 'conv2d');
    expect(convs.map((l) => [l.semantics, l.padding])).to.deep.equal([['and', [1, 1]], ['xnor', [0, 0]]]);
  });

  it('folds Sub/Div/Mul of the input into the first layer (alpha = 1/8 for (x - 3) / 16 * 2)', () => {
    const m = loadModel(path.join(DIR, 'mlp-input-scaling.onnx'), { inputBits: 4 });
    const fc1 = m.layers[0]!;
    if (fc1.type !== 'dense') throw new Error('expected a dense first layer');
    expect(Array.from(fc1.alpha as Float64Array)).to.deep.equal(new Array(10).fill(0.125));
  });

  it('QONNX BipolarQuant: ±1 weights as xnor bits, weight and activation scales folded into alpha', () => {
    const m = loadModel(path.join(DIR, 'qonnx-bipolar.onnx'));
    expect(m.input.encoding.kind).to.equal('bipolar');
    const dense = m.layers.filter((l) => l.type === 'dense');
    for (const l of dense) expect([l.semantics, l.weight.format]).to.deep.equal(['xnor', 'bits']);
    const a2 = Array.from(dense[1]!.alpha as Float64Array);
    for (const a of a2) expect(a).to.be.closeTo(0.15, 1e-7); // 0.5 (activation) · 0.3 (weights, float32)
    expect(new Set(Array.from(dense[0]!.alpha as Float64Array)).size).to.equal(8); // one scale per output row
  });

  it('QONNX Quant: the input codes as uint, 1-bit weights as bits with per-row alpha, two-level activations folded', () => {
    const m = loadModel(path.join(DIR, 'qonnx-quant.onnx'));
    expect(m.input.encoding).to.deep.equal({ kind: 'uint', bits: 4 });
    expect(m.layers.map((l) => l.type)).to.deep.equal(['dense', 'batchnorm', 'sign', 'dense', 'sign', 'dense', 'batchnorm']);
    const dense = m.layers.filter((l) => l.type === 'dense');
    expect(dense.map((l) => [l.semantics, l.weight.format])).to.deep.equal([['and', 'bits'], ['xnor', 'bits'], ['xnor', 'bits']]);
    // fc1: the input Quant's scale 1/15 times each row's weight scale; fc2: 0.7 (weights) · 0.25 (levels 0 / 0.5 as ±1); fc3: no scale.
    expect(new Set(Array.from(dense[0]!.alpha as Float64Array)).size).to.equal(10);
    for (const a of Array.from(dense[1]!.alpha as Float64Array)) expect(a).to.be.closeTo(0.175, 1e-7);
    expect(dense[2]!.alpha).to.equal(null);
  });

  it('QONNX refusals name the node: a 4-bit activation Quant, a MultiThreshold with three thresholds', () => {
    const q = catchUserError(() => loadModel(path.join(DIR, 'unsupported-quant-4bit.onnx')));
    expect(q.diagnostics[0]!.code).to.equal('E_UNSUPPORTED');
    expect(q.diagnostics[0]!.message).to.contain("node 2 'qa1' (Quant)").and.to.contain('16 levels');
    const t = catchUserError(() => loadModel(path.join(DIR, 'unsupported-multithreshold-3.onnx')));
    expect(t.diagnostics[0]!.message).to.contain("node 2 'mt1' (MultiThreshold)").and.to.contain('one threshold per channel');
  });

  it('a uint-input graph without --input-bits is E_USAGE', () => {
    const err = catchUserError(() => loadModel(path.join(DIR, 'mlp-gemm-and.onnx')));
    expect(err.diagnostics[0]!.code).to.equal('E_USAGE');
  });

  it('finds the Sign(0) rows exactly where the hidden sums are 0', () => {
    const e = expected('mlp-sign-zero');
    const model = loadModel(path.join(DIR, 'mlp-sign-zero.onnx'));
    expect(signZeroRows(model, batch(e))).to.deep.equal(e.signZeroRows);
    // A model without zero sums reports none.
    const and = expected('mlp-gemm-and');
    expect(signZeroRows(loadModel(path.join(DIR, 'mlp-gemm-and.onnx'), { inputBits: 3 }), batch(and))).to.deep.equal([]);
  });

  describe('import command', () => {
    let tmp: string;
    beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnx-import-'))));
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('writes a model that loads to the same IR', async () => {
      const out = path.join(tmp, 'm.json');
      const r = await cli('import', path.join(DIR, 'mlp-gemm-and.onnx'), '-o', out, '--input-bits', '3');
      expect(r.code, r.err).to.equal(0);
      const again = loadModel(out);
      const e = expected('mlp-gemm-and');
      expect(Array.from(inferFloat(again, batch(e)).predictions)).to.deep.equal(Array.from(inferFloat(loadModel(path.join(DIR, 'mlp-gemm-and.onnx'), { inputBits: 3 }), batch(e)).predictions));
    });

    it('infer on an .onnx warns with the count of Sign(0) rows', async () => {
      const e = expected('mlp-sign-zero');
      const csv = path.join(tmp, 'in.csv');
      fs.writeFileSync(csv, e.inputs.map((r) => r.join(',')).join('\n') + '\n');
      const r = await cli('infer', path.join(DIR, 'mlp-sign-zero.onnx'), '--input', csv, '--json');
      expect(r.code, r.err).to.equal(0);
      expect(r.err).to.contain('W_SIGN_ZERO');
      expect(r.err).to.contain(`${e.signZeroRows.length} of ${e.inputs.length} rows`);
      expect((JSON.parse(r.out) as { signZeroRows: number[] }).signZeroRows).to.deep.equal(e.signZeroRows);
    });

    it('a truncated file is E_FORMAT, a missing one E_IO, and nothing is written', async () => {
      const bytes = fs.readFileSync(path.join(DIR, 'mlp-gemm-and.onnx'));
      const cut = path.join(tmp, 'cut.onnx');
      fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const junk = path.join(tmp, 'junk.onnx');
      fs.writeFileSync(junk, 'this is not protobuf\n');
      const out = path.join(tmp, 'm.json');
      for (const [file, code] of [[cut, 'E_FORMAT'], [junk, 'E_FORMAT'], [path.join(tmp, 'none.onnx'), 'E_IO']] as const) {
        const r = await cli('import', file, '-o', out, '--input-bits', '3');
        expect(r.code, r.err).to.equal(2);
        expect(r.err).to.contain(code);
        expect(r.err).to.contain(path.basename(file));
        expect(r.err).not.to.match(/\n\s+at /);
      }
      expect(fs.readdirSync(tmp).sort()).to.deep.equal(['cut.onnx', 'junk.onnx']);
    });
  });
});

describe('QONNX Quant rounding', () => {
  it('matches the qonnx rounding-mode table', () => {
    const table: Record<string, number[]> = {
      ROUND: [6, 2, 2, 1, 1, -1, -1, -2, -2, -6],
      CEIL: [6, 3, 2, 2, 1, -1, -1, -1, -2, -5],
      FLOOR: [5, 2, 1, 1, 1, -1, -2, -2, -3, -6],
      UP: [6, 3, 2, 2, 1, -1, -2, -2, -3, -6],
      DOWN: [5, 2, 1, 1, 1, -1, -1, -1, -2, -5],
      HALF_UP: [6, 3, 2, 1, 1, -1, -1, -2, -3, -6],
      HALF_DOWN: [5, 2, 2, 1, 1, -1, -1, -2, -2, -5],
    };
    const xs = [5.5, 2.5, 1.6, 1.1, 1.0, -1.0, -1.1, -1.6, -2.5, -5.5];
    for (const [mode, want] of Object.entries(table)) expect(xs.map((x) => QUANT_ROUNDING[mode]!(x) + 0), mode).to.deep.equal(want);
  });

  it('a two-level quantizer switches where upperStep says (away from the switching point)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(QUANT_ROUNDING)), fc.constantFrom(-1, 0), fc.double({ min: 0, max: 1, noNaN: true }), (mode, min, f) => {
        const u = min + f;
        const step = upperStep(mode, min);
        fc.pre(Math.abs(f - step) > 1e-9);
        expect(QUANT_ROUNDING[mode]!(Math.min(min + 1, Math.max(min, u))) === min + 1).to.equal(u > min + step);
      }),
    );
  });
});
