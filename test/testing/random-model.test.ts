import { expect } from 'chai';
import { shapeSize } from '../../src/ir/model.js';
import { splitStages } from '../../src/passes/stage-structure.js';
import { allBipolarInputs, randomCnnModel, randomInputs, randomModel, randomNetwork } from '../../src/testing/random-model.js';
import { standardPipeline } from '../../src/passes/lower-network.js';
import { runPasses } from '../../src/passes/pass.js';
import { createRng, ulpStep } from '../../src/testing/rng.js';
import { snapshot } from '../support/model-snapshot.js';

describe('testing/random-model', () => {
  it('is deterministic for a seed and always produces valid models within the options', () => {
    for (let seed = 1; seed <= 40; seed++) {
      expect(snapshot(randomModel(createRng(seed)))).to.equal(snapshot(randomModel(createRng(seed))));
      const m = randomModel(createRng(seed), { depth: [2, 3], inputWidth: [5, 9], classes: [3, 3] });
      const stages = splitStages(m);
      expect(stages.length).to.be.within(2, 3);
      expect(shapeSize(m.input.shape)).to.be.within(5, 9);
      expect(stages[stages.length - 1]!.dense.out).to.equal(3);
      const inputs = randomInputs(createRng(seed), m.input, 4);
      expect(inputs.data.length).to.equal(4 * shapeSize(m.input.shape));
    }
    expect(randomNetwork(createRng(5), { depth: [3, 3] }).stages).to.have.length(3);
  });
  it('enumerates every bipolar vector', () => {
    const all = allBipolarInputs(3);
    expect(all.count).to.equal(8);
    expect(Array.from(all.data.subarray(5 * 3, 6 * 3))).to.deep.equal([1, -1, 1]);
  });
  it('ulpStep moves by whole ulps in both directions, across zero', () => {
    expect(ulpStep(1, 1)).to.equal(1 + Number.EPSILON);
    expect(ulpStep(1, -1)).to.equal(1 - Number.EPSILON / 2);
    expect(ulpStep(-1, 1)).to.equal(-1 + Number.EPSILON / 2);
    expect(ulpStep(0, -1)).to.equal(-Number.MIN_VALUE);
    expect(ulpStep(Number.MIN_VALUE, -2)).to.equal(-Number.MIN_VALUE);
  });
});

describe('testing/random-model: randomCnnModel', () => {
  it('is deterministic, valid, within the options, and the passes do not mutate it', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const m = randomCnnModel(createRng(seed), { imageSize: [5, 9], kernel: [2, 4], classes: [4, 4], maxWork: 30_000 });
      expect(snapshot(m)).to.equal(snapshot(randomCnnModel(createRng(seed), { imageSize: [5, 9], kernel: [2, 4], classes: [4, 4], maxWork: 30_000 })));
      expect(m.input.shape).to.have.length(3);
      expect(m.input.shape[1]).to.be.within(5, 9);
      const stages = splitStages(m);
      expect(stages[0]!.conv).to.not.equal(null);
      for (const s of stages) if (s.conv) expect(s.conv.layer.kernel[0]).to.be.within(1, 4);
      expect(stages[stages.length - 1]!.dense.out).to.equal(4);
      const before = snapshot(m);
      runPasses(m, standardPipeline);
      expect(snapshot(m), `seed ${seed}`).to.equal(before);
    }
  });
});
