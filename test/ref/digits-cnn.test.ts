import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConvStage } from '../../src/ir/network.js';
import { loadInputs } from '../../src/model/inputs.js';
import { loadModel } from '../../src/model/load.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { cli } from '../support/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const modelPath = root + 'examples/digits-cnn/digits-cnn.json';
const dataPath = root + 'examples/digits/digits.csv';

interface Expected {
  count: number;
  classes: number;
  accuracy: number;
  testAccuracy: number;
  predictions: number[];
  scores: number[][];
}
const expected = (): Expected => JSON.parse(readFileSync(root + 'examples/digits-cnn/digits-cnn.expected.json', 'utf8'));

describe('digits CNN golden (examples/digits-cnn)', () => {
  it('siman-hw infer --json reproduces every prediction, score and the accuracy', async () => {
    const run = await cli('infer', modelPath, '--input', dataPath, '--labels', 'last', '--json');
    expect(run.code, run.err).to.equal(0);
    const got = JSON.parse(run.out) as Expected;
    const want = expected();
    expect(got.count).to.equal(1797);
    expect(got.classes).to.equal(10);
    for (let r = 0; r < got.count; r++) {
      if (got.scores[r]!.join() !== want.scores[r]!.join()) expect(got.scores[r], `scores of row ${r}`).to.deep.equal(want.scores[r]);
    }
    expect(got.predictions).to.deep.equal(want.predictions);
    expect(got.accuracy).to.equal(want.accuracy);
  });

  it('lowers to two conv stages (OR pooling after the sign, OR/AND pooling before the batchnorm) and a dense stage', () => {
    const net = prepareNetwork(loadModel(modelPath));
    expect(net.stages.map((s) => s.kind)).to.deep.equal(['conv', 'conv', 'dense']);
    const [c1, c2] = net.stages as [ConvStage, ConvStage];
    expect(c1.inShape).to.deep.equal([1, 8, 8]);
    expect(c1.input).to.deep.equal({ kind: 'uint', bits: 5 });
    expect(c1.pool!.op.every((op) => op === 'or')).to.equal(true);
    expect(c2.padValue).to.equal(-1);
    c2.pool!.op.forEach((op, c) => expect(op).to.equal(c2.activation[c]!.kind === 'le' ? 'and' : 'or'));
    expect(c2.outShape).to.deep.equal([c2.out, 2, 2]);
  });

  it('the float reference agrees with the packed one on the test split', () => {
    const model = loadModel(modelPath);
    const all = loadInputs(dataPath, model.input, { labels: 'last' });
    const from = 1437;
    const test = { count: all.count - from, width: all.width, data: all.data.subarray(from * all.width) };
    const float = inferFloat(model, test);
    expect(Array.from(float.scores)).to.deep.equal(Array.from(inferPacked(prepareNetwork(model), test).scores));
    let correct = 0;
    for (let r = 0; r < test.count; r++) if (float.predictions[r] === all.labels![from + r]) correct++;
    expect(correct / test.count).to.equal(expected().testAccuracy);
  });
});
