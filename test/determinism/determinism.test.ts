/**
 * Determinism and name safety: the same inputs and flags give
 * byte-identical outputs (Verilog, memory files, manifest, and the JSON of
 * binarize/infer/simulate/estimate), whatever the output directory and the
 * working directory; outputs never contain the output or temp path. Hostile
 * model and layer names give lint-clean Verilog and safe file names; npy
 * paths that leave the model folder need --allow-outside-paths.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lintVerilog } from '../../src/tools/verilator.js';
import { writeNpy } from '../../src/model/npy.js';
import { cli } from '../support/cli.js';
import { hasTool } from '../support/tools.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIGITS = path.join(ROOT, 'examples/digits/digits-mlp.json');
const DIGITS_CSV = path.join(ROOT, 'examples/digits/digits.csv');
/** tsx by absolute URL, so the CLI can run from any working directory. */
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

function tree(dir: string): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const f of fs.readdirSync(dir).sort()) m.set(f, fs.readFileSync(path.join(dir, f)));
  return m;
}

function modelWithNames(name: string, layerNames: string[]): unknown {
  return {
    format: 'siman-hw.model/v1',
    name,
    input: { shape: [5], encoding: 'uint', bits: 2 },
    layers: [
      { type: 'dense', name: layerNames[0], in: 5, out: 4, weight: [[1, 0, 1, 1, 0], [0, 1, 1, 0, 1], [1, 1, 1, 1, 1], [0, 0, 0, 0, 1]], weightFormat: 'bits', semantics: 'and' },
      { type: 'threshold', name: layerNames[1], thresholds: [2, 1, 5, 0], direction: ['ge', 'le', 'ge', 'ge'] },
      { type: 'dense', name: layerNames[2], in: 4, out: 3, weight: [[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1]], weightFormat: 'bits', semantics: 'xnor' },
    ],
  };
}

describe('determinism and name safety', function () {
  this.timeout(300_000);
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-determinism-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('generate twice, in different output and working directories (real CLI): byte-identical, no paths inside', async () => {
    const a = path.join(tmp, 'first', 'rtl');
    const b = path.join(tmp, 'second-dir-with-longer-name', 'out');
    fs.mkdirSync(path.dirname(a));
    fs.mkdirSync(path.dirname(b));
    const fold = ['--fold', '0:pe=8,simd=16;1:pe=2,simd=64'];
    const run = (cwd: string, model: string, out: string): void => {
      const r = spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli.ts'), 'generate', model, '-o', out, ...fold], { cwd, encoding: 'utf8' });
      expect(r.status, r.stderr).to.equal(0);
    };
    run(ROOT, DIGITS, a);
    // Relative model and output paths from another working directory.
    run(path.dirname(b), path.relative(path.dirname(b), DIGITS), 'out');
    const ta = tree(a);
    const tb = tree(b);
    expect([...tb.keys()]).to.deep.equal([...ta.keys()]);
    for (const [f, bytes] of ta) {
      expect(tb.get(f)!.equals(bytes), f).to.equal(true);
      const text = bytes.toString('utf8');
      for (const p of [tmp, ROOT, os.tmpdir(), os.homedir()]) expect(text.includes(p), `${f} contains ${p}`).to.equal(false);
    }
  });

  it('binarize, infer, simulate, estimate: identical JSON across runs and output locations, no paths', async () => {
    const outs: string[][] = [];
    for (const where of ['x', 'y']) {
      const dir = path.join(tmp, where);
      fs.mkdirSync(dir);
      const bin = path.join(dir, 'bin.json');
      expect((await cli('binarize', DIGITS, '-o', bin)).code).to.equal(0);
      const texts = [fs.readFileSync(bin, 'utf8')];
      for (const argv of [
        ['infer', DIGITS, '--input', DIGITS_CSV, '--labels', 'last', '--json'],
        ['simulate', DIGITS, '--input', DIGITS_CSV, '--labels', 'last', '--stall', '0.3', '--seed', '5', '--json'],
        ['estimate', DIGITS, '--target', 'ice40', '--json'],
        ['verify', DIGITS, '--no-rtl', '--vectors', '16', '--stall', '0.2', '--json'],
      ]) {
        const r = await cli(...argv);
        expect(r.code, `${argv[0]}: ${r.err}`).to.equal(0);
        texts.push(r.out);
      }
      outs.push(texts);
    }
    expect(outs[1]).to.deep.equal(outs[0]);
    for (const t of outs[0]!) {
      for (const p of [tmp, ROOT, os.tmpdir()]) expect(t.includes(p), `output contains ${p}`).to.equal(false);
      expect(t).not.to.match(/\b20\d\d-\d\d-\d\dT\d\d:\d\d/); // no timestamps
    }
  });

  it('hostile model and layer names: lint-clean Verilog, file names stay inside the output directory', async function () {
    const names = [
      ['module', 'wire', 'always'],
      ['my model', 'layer one', 'la yer'],
      ['quo"te\'s', '*/ end', '/* x'],
      ['back\\slash', 'new\nline', 'tab\there'],
      ['../../etc/passwd', 'a/b', '..'],
      ['', 'ünïcødé', '𝓍'],
      ['1starts_with_digit', '$dollar', 'x'.repeat(300)],
    ];
    for (const [i, [model, ...layers]] of names.entries()) {
      const file = path.join(tmp, `m${i}.json`);
      fs.writeFileSync(file, JSON.stringify(modelWithNames(model!, layers)));
      const out = path.join(tmp, `out${i}`);
      const r = await cli('generate', file, '-o', out);
      if (model === '') {
        // An empty name is refused by the schema with a location.
        expect(r.code, r.err).to.equal(2);
        expect(r.err).to.match(/\[E_SCHEMA\].*name/);
        continue;
      }
      expect(r.code, r.err).to.equal(0);
      const files = fs.readdirSync(out);
      for (const f of files) expect(f, `file name from ${JSON.stringify(model)}`).to.match(/^[A-Za-z0-9_.-]+$/);
      expect(fs.readdirSync(tmp).filter((f) => !/^(m\d+\.json|out\d+)$/.test(f))).to.deep.equal([]);
      if (hasTool('verilator')) {
        const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { top: string; files: { verilog: string[] } };
        const diags = await lintVerilog(manifest.files.verilog.map((f) => path.join(out, f)), manifest.top, { includeDirs: [out] });
        expect(diags, `${JSON.stringify(model)}: ${diags.map((d) => d.message).join('\n')}`).to.deep.equal([]);
      }
    }
  });

  it('--top refuses names that are not plain Verilog identifiers', async () => {
    for (const top of ['module', 'a b', '1x', 'x;y', '', 'a/b']) {
      const r = await cli('generate', DIGITS, '-o', path.join(tmp, 'o'), '--top', top);
      expect(r.code, `${top}: ${r.err}`).to.equal(2);
      expect(r.err).not.to.match(/internal error|\n\s+at /);
      expect(fs.existsSync(path.join(tmp, 'o'))).to.equal(false);
    }
  });

  it('npy paths with .. or absolute are E_PATH through the CLI unless --allow-outside-paths', async () => {
    const inner = path.join(tmp, 'model');
    fs.mkdirSync(inner);
    fs.writeFileSync(path.join(tmp, 'outside.npy'), writeNpy([2, 3], [1, 0, 1, 0, 1, 1], '<f8'));
    const base = {
      format: 'siman-hw.model/v1',
      name: 'paths',
      input: { shape: [3], encoding: 'bipolar' },
      layers: [{ type: 'dense', in: 3, out: 2, weight: { npy: '' }, weightFormat: 'bits', semantics: 'and' }],
    };
    for (const p of ['../outside.npy', path.join(tmp, 'outside.npy'), 'sub/../../outside.npy']) {
      const file = path.join(inner, 'm.json');
      (base.layers[0]!.weight as { npy: string }).npy = p;
      fs.writeFileSync(file, JSON.stringify(base));
      const r = await cli('binarize', file, '-o', path.join(tmp, 'b.json'));
      expect(r.code, r.err).to.equal(2);
      expect(r.err).to.match(/\[E_PATH\].*layers\[0\]\.weight/);
      expect(r.err).to.include('--allow-outside-paths');
      const ok = await cli('binarize', file, '-o', path.join(tmp, 'b.json'), '--allow-outside-paths');
      expect(ok.code, ok.err).to.equal(0);
    }
  });
});
