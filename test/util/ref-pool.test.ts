import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src/diagnostics.js';
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

  it('inputs in a SharedArrayBuffer or not, the same result; progress reaches every row', async () => {
    const rng = createRng(1617);
    const model = randomModel(rng, { input: 'uint', uintBits: [8, 8], semantics: 'xnor' });
    const network = prepareNetwork(model);
    const inputs = randomInputs(rng, model.input, 101);
    const shared = new Int32Array(new SharedArrayBuffer(inputs.data.byteLength));
    shared.set(inputs.data);
    const one = inferPacked(network, inputs);
    let last = 0;
    let calls = 0;
    const res = await inferReference('packed', network, model, { ...inputs, data: shared }, { workers: 2, onProgress: (d, t) => { last = d; calls++; expect(t).to.equal(101); } });
    expectIdentical(one, res, 'shared inputs, 2 workers');
    expect([last, calls]).to.deep.equal([101, 16]);
    expectIdentical(one, await inferReference('packed', network, model, inputs, { workers: 2 }), 'unshared inputs, 2 workers');
  });

  it('bad input through workers is the same user error as on one thread (the first bad value of the whole batch)', async () => {
    const rng = createRng(1618);
    for (const input of ['uint', 'bipolar'] as const) {
      const model = randomModel(rng, { input, uintBits: [4, 4] });
      const network = prepareNetwork(model);
      const inputs = randomInputs(rng, model.input, 60);
      // Bad values in two slices: the earlier one is reported.
      inputs.data[45 * inputs.width + 1] = input === 'uint' ? 16 : 0;
      inputs.data[31 * inputs.width + 2] = -5;
      const single = (() => {
        try {
          inferPacked(network, inputs);
        } catch (e) {
          return e as UserError;
        }
        throw new Error('inferPacked accepted bad input');
      })();
      const viaWorkers = await inferReference('packed', network, model, inputs, { workers: 2 }).then(
        () => expect.fail('workers accepted bad input'),
        (e: unknown) => e,
      );
      expect(viaWorkers, input).to.be.instanceOf(UserError);
      expect((viaWorkers as UserError).message, input).to.equal(single.message);
      expect(single.diagnostics[0]!.location, input).to.deep.include({ row: 31, col: 2 });
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
