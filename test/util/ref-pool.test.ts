import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import type { Model } from '../../src/ir/model.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import type { InferenceResult } from '../../src/ref/batch.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { randomCnnModel, randomInputs, randomModel } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';
import { inferReference, parseWorkers } from '../../src/util/ref-pool.js';
import { cli } from '../support/cli.js';

function expectIdentical(a: InferenceResult, b: InferenceResult, what: string): void {
  expect(b.count, what).to.equal(a.count);
  expect(b.classes, what).to.equal(a.classes);
  expect(Buffer.from(b.scores.buffer, b.scores.byteOffset, b.scores.byteLength).equals(Buffer.from(a.scores.buffer, a.scores.byteOffset, a.scores.byteLength)), `${what}: scores`).to.equal(true);
  expect(Buffer.from(b.logits.buffer, b.logits.byteOffset, b.logits.byteLength).equals(Buffer.from(a.logits.buffer, a.logits.byteOffset, a.logits.byteLength)), `${what}: logits`).to.equal(true);
  expect(Array.from(b.predictions), `${what}: predictions`).to.deep.equal(Array.from(a.predictions));
}

describe('util: reference on worker threads', () => {
  it('gives the single-thread result, byte for byte, on random dense and conv networks (both paths)', async () => {
    const rng = createRng(1616);
    const models: Model[] = [
      randomModel(rng, { input: 'uint', semantics: 'xnor' }),
      randomModel(rng, { input: 'bipolar', semantics: 'and' }),
      randomModel(rng, { input: 'bipolar', semantics: 'xnor', style: 'folded' }),
      randomCnnModel(rng),
    ];
    for (const [i, model] of models.entries()) {
      const network = prepareNetwork(model);
      // 77 rows: uneven slices, and more than one kernel batch per slice for some.
      const inputs = randomInputs(rng, model.input, 77);
      for (const workers of i === 3 ? [2, 3] : [2]) {
        expectIdentical(inferPacked(network, inputs), await inferReference('packed', network, model, inputs, { workers }), `model ${i} packed, ${workers} workers`);
      }
      expectIdentical(inferFloat(model, inputs), await inferReference('float', network, model, inputs, { workers: 2 }), `model ${i} float`);
      let last = 0;
      const stepped = await inferReference('packed', network, model, inputs, { workers: 1, onProgress: (d) => (last = d) });
      expectIdentical(inferPacked(network, inputs), stepped, `model ${i} single thread in slices`);
      expect(last).to.equal(77);
    }
  });

  it('siman-hw infer --json prints the same bytes with --workers 2 as with --workers 1', async () => {
    const dir = fileURLToPath(new URL('../../examples/digits/', import.meta.url));
    const args = ['infer', dir + 'digits-mlp.json', '--input', dir + 'digits.csv', '--labels', 'last', '--json', '--path', 'both'];
    const one = await cli(...args, '--workers', '1');
    const two = await cli(...args, '--workers', '2');
    expect(one.code, one.err).to.equal(0);
    expect(two.code, two.err).to.equal(0);
    expect(two.out).to.equal(one.out);
    expect(two.err).to.equal('');
  });

  it('--workers takes auto or a positive integer', () => {
    expect(parseWorkers(undefined)).to.equal('auto');
    expect(parseWorkers('auto')).to.equal('auto');
    expect(parseWorkers('3')).to.equal(3);
    for (const bad of ['0', '-1', 'x', '1.5']) expect(() => parseWorkers(bad), bad).to.throw(/--workers/);
  });
});
