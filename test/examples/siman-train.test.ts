/**
 * examples/siman-train: networks trained in PyTorch with the SiMaN rule and
 * exported twice, as ONNX (0/1 weights) and as model JSON (latent floats,
 * binarized by siman-hw). Our float and packed references on the imported
 * ONNX must predict what torch predicted on every digits row except those
 * listed as near a Sign(0) or a float tie, and the JSON export must predict
 * exactly what the ONNX export does. No Python needed: torch's predictions
 * are recorded in NAME.expected.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { loadInputs } from '../../src/model/inputs.js';
import { loadModel } from '../../src/model/load.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import { inferFloat, signZeroRows } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const DIR = path.join(ROOT, 'examples', 'siman-train');
const DATA = path.join(ROOT, 'examples', 'digits', 'digits.csv');
const TRAIN_ROWS = 1437;

interface Expected {
  inputBits: number;
  rows: number;
  testAccuracy: number;
  torchPredictions: number[];
  signZeroRows: number[];
  tieRows: number[];
}

describe('examples/siman-train: torch exports through siman-hw', () => {
  for (const name of ['mlp', 'mlp-wd', 'cnn', 'cnn-wd']) {
    const slow = name.startsWith('cnn') ? ' @slow' : '';
    it(`${name}: ONNX import agrees with torch on digits.csv, and the JSON export with the ONNX${slow}`, function () {
      this.timeout(60_000);
      const e = JSON.parse(fs.readFileSync(path.join(DIR, `${name}.expected.json`), 'utf8')) as Expected;
      const onnx = loadModel(path.join(DIR, `${name}.onnx`), { inputBits: e.inputBits });
      const json = loadModel(path.join(DIR, `${name}.json`));
      const inputs = loadInputs(DATA, onnx.input, { labels: 'last' });
      expect(inputs.count).to.equal(e.rows);

      // The importer sees exactly 0/1 weights: bits with 'and', nothing left to binarize.
      for (const l of onnx.layers) {
        if (l.type === 'dense' || l.type === 'conv2d') expect([l.weight.format, l.semantics]).to.deep.equal(['bits', 'and']);
      }

      const float = inferFloat(onnx, inputs);
      const packed = inferPacked(prepareNetwork(onnx), inputs);
      const fromJson = inferFloat(json, inputs);
      const explained = new Set([...e.signZeroRows, ...e.tieRows]);
      if (explained.size > 0) console.log(`      ${name}: rows excluded (near Sign(0) or a tie): ${[...explained].sort((a, b) => a - b).join(' ')}`);
      let agree = 0;
      let correct = 0;
      for (let r = 0; r < inputs.count; r++) {
        if (packed.predictions[r] !== float.predictions[r]) expect(packed.predictions[r], `row ${r} packed vs float`).to.equal(float.predictions[r]);
        if (fromJson.predictions[r] !== float.predictions[r]) expect(fromJson.predictions[r], `row ${r} JSON vs ONNX`).to.equal(float.predictions[r]);
        if (r >= TRAIN_ROWS && float.predictions[r] === inputs.labels![r]) correct++;
        if (explained.has(r)) continue;
        if (float.predictions[r] !== e.torchPredictions[r]) expect(float.predictions[r], `row ${r} vs torch`).to.equal(e.torchPredictions[r]);
        agree++;
      }
      expect(agree + explained.size).to.equal(inputs.count);
      // Our exact zeros are among the rows torch saw within 1e-4 of 0.
      for (const r of signZeroRows(onnx, inputs)) expect(e.signZeroRows, `row ${r}`).to.include(r);
      if (explained.size === 0) expect(correct / (inputs.count - TRAIN_ROWS)).to.equal(e.testAccuracy);
    });
  }
});
