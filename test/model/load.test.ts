import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DenseLayer, ThresholdLayer } from '../../src/ir/model.js';
import { loadModel, parseModelText } from '../../src/model/load.js';
import { writeNpy } from '../../src/model/npy.js';
import { catchUserError } from '../support/errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const digitsPath = path.resolve(here, '../../examples/digits/digits-mlp.json');

const tiny = (layers: unknown[], extra: object = {}) =>
  JSON.stringify({ format: 'siman-hw.model/v1', name: 'tiny', input: { shape: [2], encoding: 'uint', bits: 4 }, layers, ...extra }, null, 1);
const dense = (fanIn: number, out: number, extra: object = {}) => ({
  type: 'dense', in: fanIn, out, weight: Array.from({ length: out }, (_, r) => Array.from({ length: fanIn }, (_, c) => r - c + 0.5)), semantics: 'and', ...extra,
});

describe('model/load', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-load-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('loads the digits example into the IR', () => {
    const m = loadModel(digitsPath);
    expect(m.name).to.equal('digits-mlp');
    expect(m.input).to.deep.equal({ shape: [64], encoding: { kind: 'uint', bits: 5 } });
    expect(m.layers.map((l) => l.type)).to.deep.equal(['dense', 'batchnorm', 'sign', 'dense', 'batchnorm']);
    const d = m.layers[0] as DenseLayer;
    expect(d.weight.format).to.equal('float');
    expect(d.weight.data).to.be.instanceOf(Float64Array);
    expect(d.weight.data.length).to.equal(64 * 256);
    expect(d.bias).to.equal(null);
    expect(d.alpha).to.equal(null);
    expect(d.binarize).to.equal('siman');
  });

  it('applies defaults and keeps names and provenance', () => {
    const m = parseModelText(tiny([{ ...dense(2, 1), name: 'fc' }], { provenance: { by: 'test', n: [1] } }), 'm.json', tmp);
    const d = m.layers[0] as DenseLayer;
    expect(d).to.include({ name: 'fc', binarize: 'siman', semantics: 'and', bias: null, alpha: null });
    expect(d.weight.format).to.equal('float');
    expect(m.provenance).to.deep.equal({ by: 'test', n: [1] });
  });

  it('reads npy tensors relative to the model file, equal to inline ones', () => {
    fs.mkdirSync(path.join(tmp, 'sub'));
    fs.writeFileSync(path.join(tmp, 'sub', 'w.npy'), writeNpy([3, 2], [0.5, -1, 2, 0.25, -0.125, 3], '<f4'));
    fs.writeFileSync(path.join(tmp, 'g.npy'), writeNpy([3], [1, 2, 3], '|i1'));
    fs.writeFileSync(path.join(tmp, 'b.npy'), writeNpy([1, 3], [1, 0, 1], '|b1'));
    const layers = [
      { ...dense(2, 3), weight: { npy: 'sub/w.npy' }, alpha: 'auto' },
      { type: 'batchnorm', gamma: { npy: 'g.npy' }, beta: [0, 0, 0], mean: [0, 0, 0], var: [1, 1, 1], eps: 1e-5 },
      { type: 'sign' },
      { ...dense(3, 1), weight: { npy: 'b.npy' }, weightFormat: 'bits' },
    ];
    fs.writeFileSync(path.join(tmp, 'm.json'), tiny(layers));
    const m = loadModel(path.join(tmp, 'm.json'));
    expect(Array.from((m.layers[0] as DenseLayer).weight.data)).to.deep.equal([0.5, -1, 2, 0.25, -0.125, 3]);
    expect((m.layers[0] as DenseLayer).alpha).to.equal('auto');
    const w2 = (m.layers[3] as DenseLayer).weight;
    expect(w2.format).to.equal('bits');
    expect(w2.data).to.be.instanceOf(Uint8Array);
    expect(Array.from(w2.data)).to.deep.equal([1, 0, 1]);
  });

  it('refuses npy paths outside the model folder unless allowed', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-out-'));
    try {
      fs.writeFileSync(path.join(outside, 'w.npy'), writeNpy([1, 2], [1, 2]));
      fs.mkdirSync(path.join(tmp, 'm'));
      fs.writeFileSync(path.join(tmp, 'w.npy'), writeNpy([1, 2], [1, 2]));
      const abs = path.join(tmp, 'm', 'abs.json');
      const up = path.join(tmp, 'm', 'up.json');
      fs.writeFileSync(abs, tiny([{ ...dense(2, 1), weight: { npy: path.join(outside, 'w.npy') } }]));
      fs.writeFileSync(up, tiny([{ ...dense(2, 1), weight: { npy: '../w.npy' } }]));
      expect(catchUserError(() => loadModel(abs)).code).to.equal('E_PATH');
      expect(catchUserError(() => loadModel(up)).code).to.equal('E_PATH');
      expect(loadModel(abs, { allowOutsidePaths: true }).layers).to.have.length(1);
      expect(loadModel(up, { allowOutsidePaths: true }).layers).to.have.length(1);
      // a symlink inside the folder that points outside is refused as well
      fs.symlinkSync(path.join(outside, 'w.npy'), path.join(tmp, 'm', 'link.npy'));
      const link = path.join(tmp, 'm', 'link.json');
      fs.writeFileSync(link, tiny([{ ...dense(2, 1), weight: { npy: 'link.npy' } }]));
      expect(catchUserError(() => loadModel(link)).code).to.equal('E_PATH');
      // a path with .. that stays inside is fine
      fs.writeFileSync(path.join(tmp, 'm', 'w.npy'), writeNpy([1, 2], [1, 2]));
      const inside = path.join(tmp, 'm', 'in.json');
      fs.writeFileSync(inside, tiny([{ ...dense(2, 1), weight: { npy: 'sub/../w.npy' } }]));
      expect(loadModel(inside).layers).to.have.length(1);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reports a missing model file as E_IO with a hint', () => {
    const e = catchUserError(() => loadModel(path.join(tmp, 'nope.json')));
    expect(e.code).to.equal('E_IO');
    expect(e.diagnostics[0]!.hint).to.be.a('string');
    expect(catchUserError(() => loadModel(tmp)).code).to.equal('E_IO');
  });

  it('builds threshold channels, constants overriding threshold/direction', () => {
    const m = parseModelText(tiny([dense(2, 3), { type: 'threshold', thresholds: [3, -2, 7], direction: ['ge', 'le', 'le'], constant: [null, null, -1] }, dense(3, 2)]), 'm.json', tmp);
    expect((m.layers[1] as ThresholdLayer).channels).to.deep.equal([{ kind: 'ge', t: 3 }, { kind: 'le', t: -2 }, { kind: 'const', value: -1 }]);
  });

  it('rejects a stray maxpool2d or a flatten of a vector, naming the layer', () => {
    const pool = catchUserError(() => parseModelText(tiny([dense(2, 2), { type: 'maxpool2d', kernel: 2 }, dense(2, 1)]), 'm.json', tmp));
    expect(pool.message).to.include('layers[1]');
    const flat = catchUserError(() => parseModelText(tiny([dense(2, 2), { type: 'sign' }, { type: 'flatten' }, dense(2, 1)]), 'm.json', tmp));
    expect(flat.code).to.equal('E_SHAPE');
    expect(flat.message).to.include('layers[2]');
  });

  it('collects every problem, each with its own location', () => {
    const layers = [
      dense(2, 3, { alpha: [1, -1, 1] }),
      { type: 'batchnorm', gamma: [1, 1, 1], beta: [0, 0, 0], mean: [0, 0, 0], var: [1, -1, 1], eps: 0 },
      { type: 'sign' },
      dense(3, 2),
      { type: 'sign' },
    ];
    const e = catchUserError(() => parseModelText(tiny(layers), 'm.json', tmp));
    expect(e.diagnostics.map((d) => [d.code, d.location?.jsonPath])).to.deep.equal([
      ['E_STRUCTURE', 'layers[4]'],
      ['E_VALUE', 'layers[0].alpha[1]'],
      ['E_VALUE', 'layers[1].var[1]'],
      ['E_VALUE', 'layers[1].eps'],
    ]);
    for (const d of e.diagnostics) expect(d.location?.line).to.be.a('number');
  });

  it('caps the report at 20 problems with a note', () => {
    const layers = [dense(2, 30, { weightFormat: 'bits', weight: Array.from({ length: 30 }, () => [0, 1]) })];
    for (let k = 0; k < 25; k++) layers.push({ type: 'batchnorm', gamma: [1], beta: [0], mean: [0], var: [1], eps: 1 } as never);
    const e = catchUserError(() => parseModelText(tiny(layers), 'm.json', tmp));
    expect(e.diagnostics).to.have.length(20);
    expect(e.diagnostics[19]!.notes.join(' ')).to.match(/more problem/);
  });

  it('reports schema problems for all layers at once', () => {
    const e = catchUserError(() => parseModelText(tiny([{ type: 'dense', in: 2, out: 1, weight: [[1, 2]] }, { type: 'sgn' }, { type: 'sign', extra: 1 }]), 'm.json', tmp));
    expect(e.diagnostics.map((d) => d.location?.jsonPath)).to.deep.equal(['layers[0].semantics', 'layers[1].type', 'layers[2].extra']);
    expect(e.diagnostics[0]!.hint).to.include("'and' ({0,+1}) or 'xnor'");
    expect(e.diagnostics[1]!.hint).to.include('dense, conv2d, batchnorm, sign, threshold');
  });
});
