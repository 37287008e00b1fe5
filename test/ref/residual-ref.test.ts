import { expect } from 'chai';
import fc from 'fast-check';
import { shapeSize, type Model } from '../../src/ir/model.js';
import { binarizeWeights } from '../../src/passes/binarize-weights.js';
import { lowerResidualNetwork } from '../../src/passes/lower-residual.js';
import type { InputBatch } from '../../src/ref/batch.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferFloatResidual } from '../../src/ref/residual-float.js';
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

  it('hand-made: an exact 0 on the stream is +1 in both (not listed); ties to even at fracBits 0 change decisions, and those rows are listed', () => {
    // stem: z = 0.5·a − 0.5 ∈ {0, −1} per pixel (and-conv of one tap, weight 1); block: z' = sign(z) + z.
    const tiny = (fracBits: number): Model => ({
      format: 'siman-hw.model/v1',
      name: 'ties',
      input: { shape: [1, 2, 2], encoding: { kind: 'bipolar' } },
      layers: [
        { type: 'conv2d', inChannels: 1, outChannels: 1, kernel: [1, 1], stride: [1, 1], padding: [0, 0], padValue: 0, weight: { format: 'bits', data: Uint8Array.of(1) }, binarize: 'siman', semantics: 'and', bias: Float64Array.of(-0.5), alpha: Float64Array.of(0.5) },
        { type: 'residual', shortcut: { kind: 'identity' }, fracBits, layers: [{ type: 'conv2d', inChannels: 1, outChannels: 1, kernel: [1, 1], stride: [1, 1], padding: [0, 0], padValue: 0, weight: { format: 'bits', data: Uint8Array.of(1) }, binarize: 'siman', semantics: 'and', bias: null, alpha: null }] },
        { type: 'sign' },
        { type: 'flatten' },
        { type: 'dense', in: 4, out: 2, weight: { format: 'bits', data: Uint8Array.of(1, 1, 0, 0, 0, 0, 1, 1) }, binarize: 'siman', semantics: 'xnor', bias: null, alpha: null },
      ],
    });
    const inputs = allInputs(tiny(32), 16)!;
    const fine = compare(tiny(32), inputs);
    expect([fine.ambiguous, fine.differing]).to.deep.equal([0, 0]);
    // fracBits 0: A = rne(0.5) = 0 and B = rne(−0.5) = 0, so the integer stem is 0 (→ +1) everywhere.
    const net = lowerResidualNetwork(tiny(0));
    const stem = net.segments[0]!.kind === 'stream' ? net.segments[0].stream.stem : null;
    expect([stem!.a[0], stem!.b[0]]).to.deep.equal([0, 0]);
    const coarse = compare(tiny(0), inputs);
    // The stem's bound is 2^0·(0.5·|s| + 0.5) = 1 ≥ |z|: every row is listed. A pixel with a = −1
    // decides −1 in float and +1 in integers; on 10 of the 15 such rows that changes the scores.
    expect([coarse.ambiguous, coarse.differing]).to.deep.equal([16, 10]);
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
