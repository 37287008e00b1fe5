import { expect } from 'chai';
import fc from 'fast-check';
import { shapeSize, type Model } from '../../src/ir/model.js';
import { binarizeWeights } from '../../src/passes/binarize-weights.js';
import { lowerResidualNetwork } from '../../src/passes/lower-residual.js';
import type { InputBatch } from '../../src/ref/batch.js';
import { inferFloat, inferFloatResidual } from '../../src/ref/float-ref.js';
import { inferResidual } from '../../src/ref/residual-ref.js';
import { randomInputs } from '../../src/testing/random-model.js';
import { randomResidualModel } from '../../src/testing/random-residual.js';
import { createRng } from '../../src/testing/rng.js';
import { directResidual } from '../support/direct-residual.js';

/** Every input of a model with a tiny input (bipolar: 2^n, uint: (2^bits)^n), or null beyond `max` rows. */
function allInputs(model: Model, max: number): InputBatch | null {
  const width = shapeSize(model.input.shape);
  const enc = model.input.encoding;
  const levels = enc.kind === 'uint' ? 2 ** enc.bits : 2;
  const count = levels ** width;
  if (count > max) return null;
  const data = new Int32Array(count * width);
  for (let r = 0; r < count; r++) {
    let v = r;
    for (let i = 0; i < width; i++) {
      const d = v % levels;
      v = Math.floor(v / levels);
      data[r * width + i] = enc.kind === 'uint' ? d : d === 1 ? 1 : -1;
    }
  }
  return { count, width, data };
}

interface Comparison {
  rows: number;
  ambiguous: number;
  differing: number;
}

/**
 * The three checks on one model and batch: the integer reference equals
 * the direct integer forward on every row; it equals the float model
 * (scores and predictions) on every row the float model does not list as
 * ambiguous; every row where they differ is listed.
 */
function compare(model: Model, inputs: InputBatch): Comparison {
  const net = lowerResidualNetwork(model);
  const int = inferResidual(net, inputs);
  const flt = inferFloatResidual(model, inputs);
  const bin = binarizeWeights.run(model, {}).model;
  const amb = new Set(flt.ambiguousRows);
  let differing = 0;
  for (let r = 0; r < inputs.count; r++) {
    const row = Array.from(int.scores.subarray(r * int.classes, (r + 1) * int.classes));
    expect(row, `row ${r}: integer reference vs direct`).to.deep.equal(directResidual(bin, inputs.data.subarray(r * inputs.width, (r + 1) * inputs.width)));
    const frow = Array.from(flt.scores.subarray(r * int.classes, (r + 1) * int.classes));
    const same = row.every((s, c) => s === frow[c]) && int.predictions[r] === flt.predictions[r];
    if (!same) {
      differing++;
      expect(amb.has(r), `row ${r} differs from the float model but is not listed as ambiguous`).to.equal(true);
    }
  }
  return { rows: inputs.count, ambiguous: amb.size, differing };
}

describe('ref/residual: integer stream semantics', () => {
  it('equal the float model on random residual networks at the default fracBits (32)', () => {
    let rows = 0;
    let ambiguous = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const rng = createRng(seed);
        const model = randomResidualModel(rng);
        const c = compare(model, randomInputs(rng, model.input, 24));
        rows += c.rows;
        ambiguous += c.ambiguous;
      }),
      { numRuns: 60 },
    );
    // Continuous random parameters put no stream value within ~1e-8 of 0.
    expect(ambiguous, `${ambiguous} of ${rows} rows ambiguous`).to.be.at.most(rows / 100);
    if (process.env.SIMAN_HW_VERBOSE) console.log(`      fracBits 32: ${ambiguous} of ${rows} rows ambiguous`);
  });

  it('at few fraction bits the integer stream decides differently, and every such row is listed (the bound is sound)', () => {
    let differing = 0;
    let rows = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 5 }), (seed, fracBits) => {
        const rng = createRng(seed);
        const model = randomResidualModel(rng, { fracBits });
        const c = compare(model, randomInputs(rng, model.input, 24));
        differing += c.differing;
        rows += c.rows;
      }),
      { numRuns: 80 },
    );
    // The check has teeth: coarse streams do change decisions.
    expect(differing, `${differing} of ${rows} rows differ`).to.be.greaterThan(0);
    if (process.env.SIMAN_HW_VERBOSE) console.log(`      fracBits 0..5: ${differing} of ${rows} rows differ, all listed`);
  });

  it('brute force: every input of tiny networks, both input encodings, coarse and fine streams', () => {
    let checked = 0;
    let rows = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = createRng(seed * 7919);
      const model = randomResidualModel(rng, { imageSize: [2, 3], blocks: [1, 2], fracBits: seed % 2 === 0 ? 32 : seed % 5 });
      const inputs = allInputs(model, 4096);
      if (!inputs) continue;
      rows += compare(model, inputs).rows;
      checked++;
    }
    expect(checked).to.be.greaterThan(15);
    if (process.env.SIMAN_HW_VERBOSE) console.log(`      brute force: ${checked} networks, ${rows} inputs`);
  });

  it('inferFloat runs residual models through the float stream', () => {
    const rng = createRng(5);
    const model = randomResidualModel(rng);
    const inputs = randomInputs(rng, model.input, 8);
    const a = inferFloat(model, inputs);
    const b = inferFloatResidual(model, inputs);
    expect(Array.from(a.scores)).to.deep.equal(Array.from(b.scores));
  });
});
