import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../support/cli.js';
import { listCorpusCases } from '../support/corpus.js';

const DIGITS = 'examples/digits/digits-mlp.json';
const DIGITS_CSV = 'examples/digits/digits.csv';

describe('cli', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-cli-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints help and version; unknown commands and flags are usage errors (exit 2)', async () => {
    const help = await cli('--help');
    expect(help.code).to.equal(0);
    expect(help.out).to.match(/commands:[\s\S]*verify/);
    expect((await cli('--version')).out).to.match(/^\d+\.\d+\.\d+\n$/);
    const unknown = await cli('frobnicate');
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.match(/error\[E_USAGE\].*unknown command 'frobnicate'/);
    const badFlag = await cli('infer', DIGITS, '--inptu', 'x.csv');
    expect(badFlag.code).to.equal(2);
    expect(badFlag.err).to.match(/E_USAGE/);
    expect(badFlag.err).to.match(/--inptu/);
    const missing = await cli('infer');
    expect(missing.code).to.equal(2);
    expect(missing.err).to.match(/missing argument/);
    for (const name of ['binarize', 'infer', 'generate', 'verify']) {
      const h = await cli(name, '--help');
      expect(h.code, name).to.equal(0);
      expect(h.out, name).to.match(new RegExp(`usage: siman-hw ${name}`));
    }
  });

  it('infer --json reproduces the shipped expected outputs exactly (all 1797 rows)', async () => {
    const r = await cli('infer', DIGITS, '--input', DIGITS_CSV, '--labels', 'last', '--json', '--path', 'both');
    expect(r.code, r.err).to.equal(0);
    const got = JSON.parse(r.out) as { predictions: number[]; scores: number[][]; accuracy: number };
    const want = JSON.parse(fs.readFileSync('examples/digits/digits-mlp.expected.json', 'utf8')) as { predictions: number[]; scores: number[][]; allAccuracy: number };
    expect(got.predictions).to.deep.equal(want.predictions);
    expect(got.scores).to.deep.equal(want.scores);
    expect(got.accuracy).to.be.closeTo(want.allAccuracy, 5e-5);
  });

  it('binarize writes a bits + threshold model that infers identically', async () => {
    const out = path.join(tmp, 'bits.json');
    const b = await cli('binarize', DIGITS, '-o', out, '--json');
    expect(b.code, b.err).to.equal(0);
    const summary = JSON.parse(b.out) as { layers: Array<{ type: string; ones?: number[]; thresholds?: unknown[] }> };
    expect(summary.layers.map((l) => l.type)).to.deep.equal(['dense', 'threshold', 'dense']);
    expect(summary.layers[0]!.ones).to.have.length(256);
    const bits = JSON.parse(fs.readFileSync(out, 'utf8')) as { layers: Array<{ type: string; weightFormat?: string }> };
    expect(bits.layers.filter((l) => l.type === 'dense').every((l) => l.weightFormat === 'bits')).to.equal(true);
    const a = await cli('infer', DIGITS, '--input', DIGITS_CSV, '--labels', 'last', '--json');
    const c = await cli('infer', out, '--input', DIGITS_CSV, '--labels', 'last', '--json', '--path', 'both');
    expect(c.code, c.err).to.equal(0);
    expect(JSON.parse(c.out)).to.deep.equal(JSON.parse(a.out));
  });

  describe('malformed corpus through the command line', () => {
    for (const c of listCorpusCases()) {
      it(`${c.name}: exit 2, ${c.code}, names '${c.where}', no stack trace`, async () => {
        const args =
          c.kind === 'model'
            ? ['binarize', c.modelPath, '-o', path.join(tmp, `${c.name}.json`)]
            : ['infer', c.modelPath, '--input', c.inputPath!, '--labels', c.labels!];
        const r = await cli(...args);
        expect(r.code, r.err).to.equal(2);
        expect(r.err).to.include(`[${c.code}]`);
        expect(r.err).to.include(c.where);
        expect(r.err).not.to.match(/internal error|\n\s+at /);
        expect(fs.existsSync(path.join(tmp, `${c.name}.json`))).to.equal(false);
      });
    }
  });

  it('generate is deterministic and atomic', async () => {
    const a = path.join(tmp, 'gen-a');
    const b = path.join(tmp, 'gen-b');
    expect((await cli('generate', DIGITS, '-o', a)).code).to.equal(0);
    expect((await cli('generate', DIGITS, '-o', b)).code).to.equal(0);
    const files = fs.readdirSync(a).sort();
    expect(fs.readdirSync(b).sort()).to.deep.equal(files);
    for (const f of files) expect(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), f).to.equal(true);
    const manifest = fs.readFileSync(path.join(a, 'manifest.json'), 'utf8');
    expect(manifest).not.to.include(tmp);
    // A failing run (bad fold) leaves the previous output untouched and no temp dir.
    const bad = await cli('generate', DIGITS, '-o', a, '--fold', '0:pe=3');
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/E_FOLD/);
    expect(fs.readdirSync(a).sort()).to.deep.equal(files);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-'))).to.deep.equal([]);
  });

  it('rejects a --top that is not a Verilog identifier', async () => {
    for (const top of ['module', '1abc', 'a-b', 'x y']) {
      const r = await cli('generate', DIGITS, '-o', path.join(tmp, 'never'), '--top', top);
      expect(r.code, top).to.equal(2);
      expect(r.err).to.match(/E_USAGE.*--top/);
    }
    expect(fs.existsSync(path.join(tmp, 'never'))).to.equal(false);
  });

  it('the real executable exits 2 without a stack trace on a missing file', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'infer', 'no/such/model.json', '--input', 'x.csv'], { encoding: 'utf8' });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/error\[E_IO\]/);
    expect(r.stderr).not.to.match(/\n\s+at /);
  });
});
