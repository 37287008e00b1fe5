import { expect } from 'chai';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import type { InferenceResult } from '../../src/ref/batch.js';
import { digitsExpected, digitsInputs, digitsModel } from '../support/digits.js';

function expectGolden(result: InferenceResult): void {
  const expected = digitsExpected();
  const inputs = digitsInputs();
  expect(result.count).to.equal(1797);
  expect(result.classes).to.equal(10);
  for (let r = 0; r < result.count; r++) {
    const scores = Array.from(result.scores.subarray(r * 10, r * 10 + 10));
    if (scores.join() !== expected.scores[r]!.join()) expect(scores, `scores of row ${r}`).to.deep.equal(expected.scores[r]);
    if (result.predictions[r] !== expected.predictions[r]) expect(result.predictions[r], `prediction of row ${r}`).to.equal(expected.predictions[r]);
  }
  let correct = 0;
  for (let r = 1437; r < 1797; r++) if (result.predictions[r] === inputs.labels[r]) correct++;
  expect(correct / 360).to.be.closeTo(expected.testAccuracy, 1e-12);
}

describe('digits golden (examples/digits)', () => {
  it('float reference reproduces every prediction and score', () => {
    expectGolden(inferFloat(digitsModel(), digitsInputs()));
  });
  it('packed reference reproduces every prediction and score', () => {
    expectGolden(inferPacked(prepareNetwork(digitsModel()), digitsInputs()));
  });
});
