import { expect } from 'chai';
import fc from 'fast-check';
import { fcParams } from '../support/arbitraries.js';
import type { Model } from '../../src/ir/model.js';
import type { ConvStage } from '../../src/ir/network.js';
import { prepareNetwork, standardPipeline } from '../../src/passes/lower-network.js';
import { runPasses } from '../../src/passes/pass.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { allBipolarInputs, randomCnnModel, randomInputs } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';
import type { InferenceResult, InputBatch } from '../../src/ref/batch.js';
import { directScores } from '../support/direct-forward.js';

function expectSame(a: InferenceResult, b: InferenceResult, what: string): void {
  expect(a.classes, what).to.equal(b.classes);
  for (let i = 0; i < a.scores.length; i++) {
    if (a.scores[i] !== b.scores[i]) expect.fail(`${what}: score ${i} differs: ${a.scores[i]} vs ${b.scores[i]}`);
  }
  for (let i = 0; i < a.logits.length; i++) {
    if (!Object.is(a.logits[i], b.logits[i])) expect.fail(`${what}: logit ${i} differs: ${a.logits[i]} vs ${b.logits[i]}`);
  }
  expect(Array.from(a.predictions), what).to.deep.equal(Array.from(b.predictions));
}

/** fast-check draws the seed (and shrinks it); the seeded generator builds the CNN and its inputs. */
const arbCnn = (opts: Parameters<typeof randomCnnModel>[1], vectors: number) =>
  fc.integer({ min: 1, max: 0x7fffffff }).map((seed) => {
    const rng = createRng(seed);
    const model = randomCnnModel(rng, opts);
    return { seed, model, inputs: randomInputs(rng, model.input, vectors) };
  });

function floatEqualsPacked({ seed, model, inputs }: { seed: number; model: Model; inputs: InputBatch }): void {
  const float = inferFloat(model, inputs);
  expectSame(inferPacked(prepareNetwork(model), inputs), float, `seed ${seed}`);
  expectSame(inferFloat(runPasses(model, standardPipeline).model, inputs), float, `seed ${seed} (folded model)`);
}

describe('conv reference (float ≡ packed, direct convolution, pool folding)', () => {
  it('property: float ≡ packed ≡ folded model on random CNNs', () => {
    fc.assert(fc.property(arbCnn({ maxWork: 40_000 }, 4), floatEqualsPacked), fcParams(60));
  });

  it('property: float ≡ packed on larger random CNNs (1–40 channels, full work budget) @slow', () => {
    fc.assert(fc.property(arbCnn({}, 6), floatEqualsPacked), fcParams(1000));
  });

  it('float ≡ packed on 60 random CNNs (kernel 1–5, stride 1–2, padding 0–2, both semantics, uint and bipolar)', () => {
    const seen = { and: 0, xnor: 0, uint: 0, bipolar: 0, pre: 0, post: 0, padded: 0 };
    for (let seed = 1; seed <= 60; seed++) {
      const rng = createRng(seed);
      const model = randomCnnModel(rng, { maxWork: 60_000 });
      const inputs = randomInputs(rng, model.input, 5);
      const what = `seed ${seed}`;
      const float = inferFloat(model, inputs);
      const network = prepareNetwork(model);
      expectSame(inferPacked(network, inputs), float, what);
      // The folded model file computes the same function.
      expectSame(inferFloat(runPasses(model, standardPipeline).model, inputs), float, `${what} (folded model)`);
      for (const st of network.stages) {
        seen[st.semantics]++;
        if (st.kind !== 'conv') continue;
        if (st.padding[0] + st.padding[1] > 0) seen.padded++;
      }
      seen[model.input.encoding.kind]++;
      for (const l of model.layers) if (l.type === 'maxpool2d') seen[model.layers[model.layers.indexOf(l) - 1]!.type === 'conv2d' ? 'pre' : 'post']++;
    }
    for (const [k, v] of Object.entries(seen)) expect(v, `coverage of ${k}`).to.be.greaterThan(3);
  });

  it('matches a separately written direct convolution on random CNNs', () => {
    for (let seed = 100; seed < 130; seed++) {
      const rng = createRng(seed);
      const model = randomCnnModel(rng, { imageSize: [2, 7], channels: [1, 6] });
      const inputs = randomInputs(rng, model.input, 4);
      expect(Array.from(inferFloat(model, inputs).scores), `seed ${seed}`).to.deep.equal(directScores(model, inputs));
    }
  });

  it('brute force: every bipolar 3×3 image through small convs of every kernel/stride/padding', () => {
    const inputs = allBipolarInputs(9);
    let n = 0;
    for (const k of [1, 2, 3, 4, 5]) {
      for (const stride of [1, 2]) {
        for (const pad of [0, 1, 2]) {
          if (k > 3 + 2 * pad) continue;
          const rng = createRng(1000 + n++);
          const model = randomCnnModel(rng, { convs: [1, 1], inChannels: [1, 1], imageSize: [3, 3], kernel: [k, k], stride: [stride, stride], padding: [pad, pad], channels: [1, 3], input: 'bipolar', denseHidden: [0, 0], classes: [1, 3] });
          const float = inferFloat(model, inputs);
          expect(Array.from(float.scores), `k${k} s${stride} p${pad}`).to.deep.equal(directScores(model, inputs));
          expectSame(inferPacked(prepareNetwork(model), inputs), float, `k${k} s${stride} p${pad}`);
        }
      }
    }
  });

  it('conv -> maxpool -> batchnorm -> sign folds exactly, with AND pooling for falling thresholds', () => {
    let andChannels = 0;
    let orChannels = 0;
    for (let seed = 200; seed < 240; seed++) {
      const rng = createRng(seed);
      const model = randomCnnModel(rng, { pool: 'pre', style: 'float', convs: [1, 2], maxWork: 40_000 });
      const inputs = randomInputs(rng, model.input, 8);
      const network = prepareNetwork(model);
      for (const st of network.stages) {
        if (st.kind !== 'conv' || !st.pool) continue;
        st.pool.op.forEach((op, c) => {
          const ch = st.activation[c]!;
          expect(op, `seed ${seed} channel ${c}`).to.equal(ch.kind === 'le' ? 'and' : 'or');
          if (op === 'and') andChannels++;
          else if (ch.kind === 'ge') orChannels++;
        });
      }
      expectSame(inferPacked(network, inputs), inferFloat(model, inputs), `seed ${seed}`);
      expect(Array.from(inferFloat(model, inputs).scores)).to.deep.equal(directScores(model, inputs));
    }
    expect(andChannels, 'le channels pooled with AND').to.be.greaterThan(10);
    expect(orChannels, 'ge channels pooled with OR').to.be.greaterThan(10);
  });

  it('a hand-made pre-pool case: gamma < 0 makes the threshold le and the pool AND', () => {
    // 1 bipolar channel 1×2, conv 1×1 (and, bit 1) -> maxpool 1×2 -> BN(gamma -1, mean 0) -> sign.
    // s = a at each position; max s then y = -max s: +1 iff both a are -1, i.e. AND of [q <= 0].
    const model: Model = {
      format: 'siman-hw.model/v1',
      name: 'hand',
      input: { shape: [1, 1, 2], encoding: { kind: 'bipolar' } },
      layers: [
        { type: 'conv2d', inChannels: 1, outChannels: 1, kernel: [1, 1], stride: [1, 1], padding: [0, 0], padValue: 0, weight: { format: 'bits', data: Uint8Array.of(1) }, binarize: 'sign', semantics: 'and', bias: null, alpha: null },
        { type: 'maxpool2d', kernel: [1, 2], stride: [1, 2] },
        { type: 'batchnorm', gamma: Float64Array.of(-1), beta: Float64Array.of(-0.5), mean: Float64Array.of(0), var: Float64Array.of(1), eps: 0 },
        { type: 'sign' },
        { type: 'flatten' },
        { type: 'dense', in: 1, out: 1, weight: { format: 'bits', data: Uint8Array.of(1) }, binarize: 'sign', semantics: 'and', bias: null, alpha: null },
      ],
    };
    const network = prepareNetwork(model);
    const conv = network.stages[0] as ConvStage;
    expect(conv.kind).to.equal('conv');
    expect(conv.activation).to.deep.equal([{ kind: 'le', t: 0 }]);
    expect(conv.pool!.op).to.deep.equal(['and']);
    const inputs = allBipolarInputs(2);
    // rows: (-1,-1) (+1,-1) (-1,+1) (+1,+1): y = -max - 0.5 >= 0 only for the first.
    expect(Array.from(inferFloat(model, inputs).scores)).to.deep.equal([1, -1, -1, -1]);
    expect(Array.from(inferPacked(network, inputs).scores)).to.deep.equal([1, -1, -1, -1]);
  });
});
