import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResidualLayer } from '../../src/ir/model.js';
import { parseModelText } from '../../src/model/load.js';
import { serializeModel } from '../../src/model/write.js';
import { splitSegments, splitStages } from '../../src/passes/stage-structure.js';
import { randomResidualModel } from '../../src/testing/random-residual.js';
import { createRng } from '../../src/testing/rng.js';
import { catchUserError } from '../support/errors.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-res-'));

type J = Record<string, unknown>;
const text = (layers: J[], input: J = { shape: [2, 4, 4], encoding: 'bipolar' }): string => JSON.stringify({ format: 'siman-hw.model/v1', name: 'res', input, layers });
const w4 = (o: number, i: number, k: number): number[][][][] =>
  Array.from({ length: o }, (_, a) => Array.from({ length: i }, (_, b) => Array.from({ length: k }, (_, y) => Array.from({ length: k }, (_, x) => (a + b + y + x) % 2))));
const conv = (i: number, o: number, extra: J = {}): J => ({ type: 'conv2d', inChannels: i, outChannels: o, kernel: 3, padding: 1, weight: w4(o, i, 3), weightFormat: 'bits', semantics: 'xnor', ...extra });
const bn = (n: number): J => ({ type: 'batchnorm', gamma: Array(n).fill(1), beta: Array(n).fill(0.5), mean: Array(n).fill(0), var: Array(n).fill(1), eps: 1e-5 });
const dense = (n: number): J => ({ type: 'dense', in: n, out: 2, weight: Array.from({ length: 2 }, () => Array(n).fill(1)), weightFormat: 'bits', semantics: 'and' });

/** stem 2 → 2 on [2,4,4], an identity block of two convs, an option-A block to [4,2,2], sign, flatten, dense. */
const good = (): J[] => [
  conv(2, 2),
  bn(2),
  { type: 'residual', name: 'b1', shortcut: 'identity', layers: [conv(2, 3), bn(3), { type: 'sign' }, conv(3, 2), bn(2)] },
  { type: 'residual', shortcut: { type: 'subsample', stride: 2, padChannels: [1, 1] }, layers: [conv(2, 4, { stride: 2 }), bn(4)] },
  { type: 'sign' },
  { type: 'flatten' },
  dense(16),
];

function diag(layers: J[]): { code: string; path: string | undefined; message: string } {
  const e = catchUserError(() => parseModelText(text(layers), 'res.json', tmp));
  const d = e.diagnostics[0]!;
  return { code: d.code, path: d.location?.jsonPath, message: d.message };
}

describe('model: residual blocks', () => {
  it('loads identity and option-A blocks, with defaults, and splits them into a stream', () => {
    const m = parseModelText(text(good()), 'res.json', tmp);
    const r1 = m.layers[2] as ResidualLayer;
    const r2 = m.layers[3] as ResidualLayer;
    expect(r1.shortcut).to.deep.equal({ kind: 'identity' });
    expect(r1.fracBits).to.equal(32);
    expect(r1.layers.map((l) => l.type)).to.deep.equal(['conv2d', 'batchnorm', 'sign', 'conv2d', 'batchnorm']);
    expect(r2.shortcut).to.deep.equal({ kind: 'subsample', stride: [2, 2], padChannels: [1, 1] });
    const segs = splitSegments(m);
    expect(segs.map((s) => s.kind)).to.deep.equal(['stream', 'stage']);
    const st = segs[0]!.kind === 'stream' ? segs[0].stream : null;
    expect(st!.blocks.map((b) => [b.inShape, b.outShape, b.inner.length])).to.deep.equal([
      [[2, 4, 4], [2, 4, 4], 1],
      [[2, 4, 4], [4, 2, 2], 0],
    ]);
    expect(st!.signIndex).to.equal(4);
  });

  it('serializes residual models and loads them back equal', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const m = randomResidualModel(createRng(seed));
      const once = serializeModel(m);
      const back = parseModelText(once, 'r.json', tmp);
      expect(serializeModel(back)).to.equal(once);
    }
  });

  it('splitSegments names body layers by their full path; splitStages refuses streams with E_UNSUPPORTED', () => {
    const m = parseModelText(text(good()), 'res.json', tmp);
    const wrong = structuredClone(m);
    const body = (wrong.layers[2] as ResidualLayer).layers;
    (body[1] as { gamma: Float64Array }).gamma = new Float64Array(2);
    const e = catchUserError(() => splitSegments(wrong));
    expect([e.code, e.diagnostics[0]!.location?.jsonPath]).to.deep.equal(['E_SHAPE', 'layers[2].layers[1].gamma']);
    const u = catchUserError(() => splitStages(m));
    expect([u.code, u.diagnostics[0]!.location?.jsonPath]).to.deep.equal(['E_UNSUPPORTED', 'layers[2]']);
    expect(u.message).to.match(/residual block "b1": .*infer/s);
  });

  const bad: Array<[string, () => J[], string, string, RegExp]> = [
    ['identity shortcut with a channel change', () => { const l = good(); (l[2] as J).layers = [conv(2, 3), bn(3)]; return l; }, 'E_SHAPE', 'layers[2].shortcut', /identity shortcut/],
    ['padChannels that do not add up', () => { const l = good(); (l[3] as J).shortcut = { type: 'subsample', stride: 2, padChannels: [1, 2] }; return l; }, 'E_SHAPE', 'layers[3].shortcut.padChannels', /padChannels|channels/],
    ['a subsample stride the body does not have', () => { const l = good(); (l[3] as J).layers = [conv(2, 4), bn(4)]; return l; }, 'E_SHAPE', 'layers[3].shortcut.stride', /subsampled/],
    ['mismatched inChannels inside a body', () => { const l = good(); (l[2] as J).layers = [conv(2, 3), bn(3), { type: 'sign' }, conv(2, 2), bn(2)]; return l; }, 'E_SHAPE', 'layers[2].layers[3].inChannels', /inChannels/],
    ['a body ending in sign', () => { const l = good(); (l[2] as J).layers = [conv(2, 2), bn(2), { type: 'sign' }]; return l; }, 'E_STRUCTURE', 'layers[2].layers[2]', /ends with sign/],
    ['a maxpool2d inside a body', () => { const l = good(); (l[2] as J).layers = [conv(2, 2), { type: 'maxpool2d', kernel: 1 }, bn(2)]; return l; }, 'E_UNSUPPORTED', 'layers[2].layers[1]', /maxpool2d inside/],
    ['a residual block inside a body', () => { const l = good(); (l[2] as J).layers = [conv(2, 2), bn(2), { type: 'residual', shortcut: 'identity', layers: [conv(2, 2)] }]; return l; }, 'E_UNSUPPORTED', 'layers[2].layers[2].type', /inside a residual/],
    ['a stream not closed by sign', () => { const l = good(); l.splice(4, 1); return l; }, 'E_STRUCTURE', 'layers[4]', /must be followed by sign/],
    ['a residual block after a sign', () => { const l = good(); l.splice(2, 0, { type: 'sign' }); return l; }, 'E_STRUCTURE', 'layers[3]', /does not follow/],
    ['blocks of one stream with different fracBits', () => { const l = good(); (l[3] as J).fracBits = 20; return l; }, 'E_VALUE', 'layers[3].fracBits', /fracBits/],
    ['an unknown shortcut', () => { const l = good(); (l[2] as J).shortcut = 'projection'; return l; }, 'E_SCHEMA', 'layers[2].shortcut', /./],
    ['fracBits out of range', () => { const l = good(); (l[2] as J).fracBits = 60; (l[3] as J).fracBits = 60; return l; }, 'E_SCHEMA', 'layers[2].fracBits', /at most 52/],
    ['a wrong batchnorm length in a body', () => { const l = good(); (l[2] as J).layers = [conv(2, 3), bn(2), { type: 'sign' }, conv(3, 2), bn(2)]; return l; }, 'E_SHAPE', 'layers[2].layers[1].gamma', /expected 3 entries/],
    ['a maxpool2d on the stem output', () => { const l = good(); l.splice(1, 0, { type: 'maxpool2d', kernel: 1 }); return l; }, 'E_UNSUPPORTED', 'layers[1]', /maxpool2d on the real-valued/],
  ];
  for (const [what, layers, code, at, msg] of bad) {
    it(`refuses ${what}: ${code} at ${at}`, () => {
      const d = diag(layers());
      expect([d.code, d.path], d.message).to.deep.equal([code, at]);
      expect(d.message).to.match(msg);
    });
  }
});
