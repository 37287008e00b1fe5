/**
 * examples/resnet20-shape: the written model and images load, `infer
 * --path both` agrees (no listed row), and the output is deterministic.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeResnet20Shape } from '../../examples/resnet20-shape/make-model.js';
import { cli } from '../support/cli.js';

describe('examples/resnet20-shape', () => {
  it('writes the same files for the same seed, and infer --path both agrees on its images', async () => {
    const a = writeResnet20Shape(fs.mkdtempSync(path.join(os.tmpdir(), 'siman-r20-')), 20, 3);
    const b = writeResnet20Shape(fs.mkdtempSync(path.join(os.tmpdir(), 'siman-r20-')), 20, 3);
    expect(fs.readFileSync(a.model, 'utf8')).to.equal(fs.readFileSync(b.model, 'utf8'));
    expect(fs.readFileSync(a.images, 'utf8')).to.equal(fs.readFileSync(b.images, 'utf8'));
    const r = await cli('infer', a.model, '--input', a.images, '--path', 'both', '--json');
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.equal('');
    const j = JSON.parse(r.out) as { count: number; classes: number; ambiguousRows: number[] };
    expect([j.count, j.classes, j.ambiguousRows]).to.deep.equal([3, 10, []]);
  });
});
