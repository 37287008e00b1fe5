import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { designFromModel } from '../../src/flow.js';
import type { Conv2dLayer, MaxPool2dLayer } from '../../src/ir/model.js';
import { parseModelText } from '../../src/model/load.js';
import { writeNpy } from '../../src/model/npy.js';
import { serializeModel } from '../../src/model/write.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import { splitStages } from '../../src/passes/stage-structure.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { randomCnnModel, randomInputs } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';
import { cli } from '../support/cli.js';
import { catchUserError } from '../support/errors.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-conv-'));

type J = Record<string, unknown>;
const cnnText = (layers: J[], input: J = { shape: [1, 5, 5], encoding: 'uint', bits: 3 }): string =>
  JSON.stringify({ format: 'siman-hw.model/v1', name: 'cnn', input, layers });
const ones = (o: number, i: number, kh: number, kw: number): number[][][][] =>
  Array.from({ length: o }, (_, a) => Array.from({ length: i }, () => Array.from({ length: kh }, (_, y) => Array.from({ length: kw }, (_, x) => (a + y + x) % 2))));

const good = (): J[] => [
  { type: 'conv2d', inChannels: 1, outChannels: 2, kernel: 3, padding: 1, weight: ones(2, 1, 3, 3), weightFormat: 'bits', semantics: 'and' },
  { type: 'batchnorm', gamma: [1, -1], beta: [0, 0.5], mean: [3, 2], var: [1, 1], eps: 1e-5 },
  { type: 'sign' },
  { type: 'maxpool2d', kernel: 2 },
  { type: 'conv2d', inChannels: 2, outChannels: 3, kernel: [2, 1], stride: [1, 2], padding: [1, 0], padValue: -1, weight: ones(3, 2, 2, 1), weightFormat: 'bits', semantics: 'xnor' },
  { type: 'maxpool2d', kernel: [2, 1], stride: 1 },
  { type: 'sign' },
  { type: 'flatten' },
  { type: 'dense', in: 3 * 2 * 1, out: 2, weight: [[1, 0, 1, 0, 1, 1], [0, 1, 1, 0, 0, 1]], weightFormat: 'bits', semantics: 'and' },
];

describe('model: conv2d / maxpool2d / flatten', () => {
  it('loads a CNN: defaults, integer and pair fields, shapes through every layer', () => {
    const m = parseModelText(cnnText(good()), 'm.json', tmp);
    const c0 = m.layers[0] as Conv2dLayer;
    expect([c0.kernel, c0.stride, c0.padding, c0.padValue]).to.deep.equal([[3, 3], [1, 1], [1, 1], 0]);
    expect((m.layers[3] as MaxPool2dLayer).stride).to.deep.equal([2, 2]);
    const c1 = m.layers[4] as Conv2dLayer;
    expect([c1.kernel, c1.stride, c1.padding, c1.padValue]).to.deep.equal([[2, 1], [1, 2], [1, 0], -1]);
    const stages = splitStages(m);
    // [1,5,5] -conv3 p1-> [2,5,5] -pool2-> [2,2,2] -conv(2,1) s(1,2) p(1,0)-> [3,3,1] -pool(2,1) s1-> [3,2,1]
    expect(stages[0]!.conv!.convShape).to.deep.equal([2, 5, 5]);
    expect(stages[0]!.conv!.outShape).to.deep.equal([2, 2, 2]);
    expect(stages[1]!.conv!.convShape).to.deep.equal([3, 3, 1]);
    expect(stages[1]!.conv!.outShape).to.deep.equal([3, 2, 1]);
    expect(stages[1]!.conv!.pool!.position).to.equal('pre');
    const net = prepareNetwork(m);
    expect(net.stages.map((s) => s.kind)).to.deep.equal(['conv', 'conv', 'dense']);
  });

  it('reads a conv weight from an (out, in, kh, kw) npy and refuses a wrong npy shape', () => {
    const w = ones(2, 1, 3, 3).flat(3);
    fs.writeFileSync(path.join(tmp, 'w.npy'), writeNpy([2, 1, 3, 3], w, '|u1'));
    fs.writeFileSync(path.join(tmp, 'bad.npy'), writeNpy([2, 9], w, '|u1'));
    const layers = good();
    const inline = parseModelText(cnnText(layers), 'm.json', tmp);
    const fromNpy = parseModelText(cnnText([{ ...layers[0], weight: { npy: 'w.npy' } }, ...layers.slice(1)]), 'm.json', tmp);
    expect(Array.from((fromNpy.layers[0] as Conv2dLayer).weight.data)).to.deep.equal(Array.from((inline.layers[0] as Conv2dLayer).weight.data));
    const e = catchUserError(() => parseModelText(cnnText([{ ...layers[0], weight: { npy: 'bad.npy' } }, ...layers.slice(1)]), 'm.json', tmp));
    expect(e.code).to.equal('E_SHAPE');
    expect(e.diagnostics[0]!.location?.jsonPath).to.equal('layers[0].weight');
  });

  it('names the layer and the expected size in shape errors', () => {
    const cases: Array<[J[], string, string, string]> = [
      [[{ ...good()[0], inChannels: 3 }, ...good().slice(1)], 'E_SHAPE', 'layers[0].inChannels', 'has 1 channels'],
      [[{ ...good()[0], kernel: 8, weight: ones(2, 1, 8, 8) }, ...good().slice(1)], 'E_SHAPE', 'layers[0].kernel', 'larger than the padded input 7×7'],
      [[...good().slice(0, 8), { ...good()[8], in: 5, weight: [[1, 0, 1, 0, 1], [0, 1, 1, 0, 0]] }], 'E_SHAPE', 'layers[8].in', 'previous layer has 6 outputs'],
      [[...good().slice(0, 7), good()[8]!], 'E_SHAPE', 'layers[7]', 'insert a flatten'],
      [[...good().slice(0, 6), { type: 'maxpool2d', kernel: 2 }, { type: 'sign' }, ...good().slice(7)], 'E_STRUCTURE', 'layers[6]', 'must be followed by sign or threshold'],
      [[{ ...good()[0], weight: ones(2, 1, 3, 2) }, ...good().slice(1)], 'E_SHAPE', 'layers[0].weight[0][0][0]', 'expected 3 entries (kw)'],
      [[...good().slice(0, 4), { ...good()[4], padValue: 0 }, good()[5]!, { type: 'threshold', thresholds: [1, 2, 3], direction: ['ge', 'ge', 'le'] }, ...good().slice(7)], 'E_UNSUPPORTED', 'layers[6]', 'a threshold layer after the zero-padded conv2d layers[4]'],
      [[...good().slice(0, 4), { ...good()[4], alpha: [1, -1, 1] }, ...good().slice(5)], 'E_VALUE', 'layers[4].alpha[1]', 'must be >= 0'],
    ];
    for (const [layers, code, where, text] of cases) {
      const e = catchUserError(() => parseModelText(cnnText(layers), 'm.json', tmp));
      const d = e.diagnostics[0]!;
      expect([d.code, d.location?.jsonPath], `${where}: ${d.message}`).to.deep.equal([code, where]);
      expect(d.message, where).to.include(text);
    }
  });

  it('serializeModel round-trips random CNNs (same inference)', () => {
    for (let seed = 1; seed <= 18; seed++) {
      const rng = createRng(seed);
      // Seeds 13-18: zero padding of ±1 activations (padValue 0 written and read back).
      const model = randomCnnModel(rng, seed <= 12 ? { maxWork: 20_000 } : { maxWork: 20_000, input: 'bipolar', padding: [1, 2], zeroPad: 1 });
      // The file format requires alpha >= 0 (in-memory random models also try negative ones).
      for (const l of model.layers) if ((l.type === 'dense' || l.type === 'conv2d') && l.alpha instanceof Float64Array) l.alpha = l.alpha.map(Math.abs);
      const back = parseModelText(serializeModel(model), 'm.json', tmp);
      const inputs = randomInputs(rng, model.input, 3);
      expect(Array.from(inferFloat(back, inputs).scores), `seed ${seed}`).to.deep.equal(Array.from(inferFloat(model, inputs).scores));
      expect(Array.from(inferPacked(prepareNetwork(back), inputs).logits)).to.deep.equal(Array.from(inferFloat(model, inputs).logits));
    }
  });

  it('generate and estimate build conv networks; binarize and infer work', async () => {
    const m = parseModelText(cnnText(good()), 'm.json', tmp);
    expect(designFromModel(m).plan.inputBeat).to.equal('pixel');
    const file = path.join(tmp, 'cnn.json');
    fs.writeFileSync(file, cnnText(good()));
    fs.writeFileSync(path.join(tmp, 'in.csv'), Array.from({ length: 4 }, (_, r) => Array.from({ length: 25 }, (_, i) => (r * 7 + i * 3) % 8).join(',')).join('\n') + '\n');
    const gen = await cli('generate', file, '-o', path.join(tmp, 'rtl'));
    expect(gen.code, gen.err).to.equal(0);
    const est = await cli('estimate', file, '--target', 'ice40', '--activity', 'default');
    expect(est.code, est.err).to.equal(0);
    expect(est.out).to.include('window unit');
    const bin = await cli('binarize', file, '-o', path.join(tmp, 'cnn-bits.json'));
    expect(bin.code, bin.err).to.equal(0);
    const a = await cli('infer', file, '--input', path.join(tmp, 'in.csv'), '--json', '--path', 'both');
    const b = await cli('infer', path.join(tmp, 'cnn-bits.json'), '--input', path.join(tmp, 'in.csv'), '--json', '--path', 'both');
    expect(a.code, a.err).to.equal(0);
    expect(JSON.parse(b.out)).to.deep.equal(JSON.parse(a.out));
  });
});
