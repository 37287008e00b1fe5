/**
 * Fault injection: failing / killed external tools, unwritable and full
 * output locations, an interrupted `generate`, and a deadlocked simulation.
 * Each must end in a typed diagnostic (exit 2, no stack trace) and leave
 * previous outputs intact with no temporary directories.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from '../support/cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIGITS = path.join(ROOT, 'examples/digits/digits-mlp.json');

function tinyModel(dir: string, name = 'tiny'): string {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: 'siman-hw.model/v1',
      name,
      input: { shape: [4], encoding: 'uint', bits: 3 },
      layers: [
        { type: 'dense', in: 4, out: 3, weight: [[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 1, 1]], weightFormat: 'bits', semantics: 'and' },
        { type: 'threshold', thresholds: [3, 2, 9], direction: ['ge', 'le', 'ge'] },
        { type: 'dense', in: 3, out: 2, weight: [[1, 0, 1], [0, 1, 1]], weightFormat: 'bits', semantics: 'xnor' },
      ],
    }),
  );
  return file;
}

/** Every file under `dir` with its bytes, for "left intact" checks. */
function snapshot(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of fs.readdirSync(dir).sort()) m.set(f, fs.readFileSync(path.join(dir, f)).toString('base64'));
  return m;
}

/** Write zeros into `file` until the file system is full (ENOSPC). */
function fillDisk(file: string): void {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(4096);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    fs.closeSync(fd);
  }
}

function tempLeftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => /\.tmp-/.test(f));
}

function script(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`);
  fs.chmodSync(file, 0o755);
  return file;
}

describe('faults', function () {
  this.timeout(120_000);
  let tmp: string;
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-faults-'));
    for (const k of ['SIMAN_HW_VERILATOR', 'SIMAN_HW_YOSYS', 'SIMAN_HW_CACHE', 'TMPDIR']) saved[k] = process.env[k];
    // A private temp root, so temp dirs of this run can be counted exactly.
    process.env.TMPDIR = path.join(tmp, 'tmproot');
    fs.mkdirSync(process.env.TMPDIR);
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('external tools', () => {
    const cases: Array<[string, string, string]> = [
      ['missing', '', 'E_TOOL_MISSING'],
      ['exits 1', 'echo "verilator: cannot do that" >&2; exit 1', 'E_TOOL_FAILED'],
      ['answers --version, then the build exits 1', 'if [ "$1" = --version ]; then echo "Verilator 5.0 fake"; exit 0; fi\necho "%Error: broken" >&2; exit 1', 'E_TOOL_FAILED'],
      ['answers --version, then kills itself', 'if [ "$1" = --version ]; then echo "Verilator 5.0 fake-kill"; exit 0; fi\nkill -9 $$', 'E_TOOL_FAILED'],
    ];
    for (const [what, body, code] of cases) {
      it(`verify with a Verilator that ${what}: ${code}, --keep output intact, no temp dir`, async () => {
        const model = tinyModel(tmp);
        process.env.SIMAN_HW_VERILATOR = body ? script(tmp, `verilator-${code}-${what.length}`, body) : path.join(tmp, 'no-such-verilator');
        process.env.SIMAN_HW_CACHE = path.join(tmp, 'cache');
        const keep = path.join(tmp, 'keep');
        const r = await cli('verify', model, '--vectors', '4', '--keep', keep);
        expect(r.code, r.err).to.equal(2);
        expect(r.err).to.include(`[${code}]`);
        expect(r.err).not.to.match(/internal error|\n\s+at /);
        // --keep holds a complete design (written before the build), never a half one.
        expect(fs.existsSync(path.join(keep, 'manifest.json'))).to.equal(true);
        expect(tempLeftovers(tmp)).to.deep.equal([]);
        expect(fs.readdirSync(path.join(tmp, 'tmproot'))).to.deep.equal([]);
      });
    }

    it('synth with a native Yosys that fails or is missing: typed error, previous -o intact', async function () {
      const model = tinyModel(tmp);
      const out = path.join(tmp, 'synth-out');
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, 'previous.txt'), 'keep me');
      const before = snapshot(out);
      process.env.SIMAN_HW_YOSYS = script(tmp, 'yosys-fail', 'if [ "$1" = -V ]; then echo "Yosys 0.0 fake"; exit 0; fi\necho "ERROR: fake failure" >&2; exit 1');
      const r = await cli('synth', model, '--target', 'ice40', '--yosys', 'native', '-o', out);
      expect(r.code, r.err).to.equal(2);
      expect(r.err).to.match(/\[E_TOOL_FAILED\]/);
      expect(r.err).not.to.match(/internal error|\n\s+at /);
      expect(snapshot(out)).to.deep.equal(before);
      process.env.SIMAN_HW_YOSYS = path.join(tmp, 'no-such-yosys');
      const m = await cli('synth', model, '--target', 'ice40', '--yosys', 'native', '-o', out);
      expect(m.code, m.err).to.equal(2);
      expect(m.err).to.include('[E_TOOL_MISSING]');
      expect(snapshot(out)).to.deep.equal(before);
      expect(tempLeftovers(tmp)).to.deep.equal([]);
    });
  });

  describe('output locations', () => {
    it('missing parent, an existing file, a file as parent: E_IO with a hint, nothing written', async () => {
      const model = tinyModel(tmp);
      const file = path.join(tmp, 'a-file');
      fs.writeFileSync(file, 'x');
      for (const out of [path.join(tmp, 'no', 'such', 'dir'), file, path.join(file, 'sub')]) {
        const r = await cli('generate', model, '-o', out);
        expect(r.code, `${out}: ${r.err}`).to.equal(2);
        expect(r.err).to.include('[E_IO]');
        expect(r.err).to.match(/hint: /);
        expect(r.err).not.to.match(/internal error|\n\s+at /);
      }
      const b = await cli('binarize', model, '-o', path.join(tmp, 'no', 'such', 'out.json'));
      expect(b.code, b.err).to.equal(2);
      expect(b.err).to.include('[E_IO]');
      expect(fs.readFileSync(file, 'utf8')).to.equal('x');
      expect(tempLeftovers(tmp)).to.deep.equal([]);
    });

    it('a full disk (small tmpfs, filled up) and a read-only file system: E_IO with a hint, previous output intact', async function () {
      const mnt = path.join(tmp, 'mnt');
      fs.mkdirSync(mnt);
      if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt]).status !== 0) {
        console.warn('!!! SKIPPING: cannot mount a tmpfs here (needs root); the EACCES/ENOENT cases above still run');
        this.skip();
      }
      try {
        const out = path.join(mnt, 'rtl');
        const first = await cli('generate', tinyModel(tmp), '-o', out);
        expect(first.code, first.err).to.equal(0);
        const before = snapshot(out);
        fillDisk(path.join(mnt, 'filler'));
        // Nothing more fits: ENOSPC.
        const full = await cli('generate', DIGITS, '-o', out);
        expect(full.code, full.err).to.equal(2);
        expect(full.err).to.include('[E_IO]');
        expect(full.err).to.match(/disk is full/);
        expect(full.err).not.to.match(/internal error|\n\s+at /);
        expect(snapshot(out)).to.deep.equal(before);
        expect(tempLeftovers(mnt)).to.deep.equal([]);
        const bin = await cli('binarize', DIGITS, '-o', path.join(mnt, 'big.json'));
        expect(bin.code, bin.err).to.equal(2);
        expect(bin.err).to.match(/\[E_IO\][\s\S]*disk is full/);
        expect(tempLeftovers(mnt)).to.deep.equal([]);
        // Read-only: EROFS.
        expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).to.equal(0);
        const ro = await cli('generate', tinyModel(tmp, 'other'), '-o', out);
        expect(ro.code, ro.err).to.equal(2);
        expect(ro.err).to.match(/\[E_IO\][\s\S]*not writable/);
        expect(snapshot(out)).to.deep.equal(before);
      } finally {
        spawnSync('umount', [mnt]);
      }
    });
  });

  describe('interrupted generate (real CLI process)', () => {
    it('SIGINT at any moment leaves the previous output or the complete new one, and no temp dir', async function () {
      this.timeout(300_000);
      // A wide model so the run takes a while (load, pack, emit).
      const n = 1024;
      const rows = Array.from({ length: 512 }, (_, c) => Array.from({ length: n }, (_, i) => ((i * 7 + c * 13) % 5 < 2 ? 1 : 0)));
      const model = path.join(tmp, 'wide.json');
      fs.writeFileSync(
        model,
        JSON.stringify({
          format: 'siman-hw.model/v1',
          name: 'wide',
          input: { shape: [n], encoding: 'bipolar' },
          layers: [{ type: 'dense', in: n, out: 512, weight: rows, weightFormat: 'bits', semantics: 'and' }],
        }),
      );
      const out = path.join(tmp, 'rtl');
      expect((await cli('generate', tinyModel(tmp), '-o', out)).code).to.equal(0);
      const previous = snapshot(out);
      const complete = path.join(tmp, 'complete');
      expect((await cli('generate', model, '-o', complete)).code).to.equal(0);
      const fresh = snapshot(complete);
      const outcomes = new Set<string>();
      for (const delay of [150, 400, 700, 1000, 1400, 2000, 3000]) {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'generate', model, '-o', out], { cwd: ROOT, stdio: 'ignore' });
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        await new Promise((r) => setTimeout(r, delay));
        child.kill('SIGINT');
        await exited;
        const now = snapshot(out);
        const same = (a: Map<string, string>, b: Map<string, string>): boolean => JSON.stringify([...a]) === JSON.stringify([...b]);
        expect(same(now, previous) || same(now, fresh), `after SIGINT at ${delay} ms the output is neither the previous nor the new one`).to.equal(true);
        expect(tempLeftovers(tmp), `temp dirs after SIGINT at ${delay} ms`).to.deep.equal([]);
        outcomes.add(same(now, previous) ? 'previous' : 'new');
        if (same(now, fresh)) {
          // Restore the previous output for the next round.
          fs.rmSync(out, { recursive: true });
          expect((await cli('generate', tinyModel(tmp), '-o', out)).code).to.equal(0);
        }
      }
      expect(outcomes.size).to.be.at.least(1);
    });
  });

  describe('deadlock watchdog', () => {
    it('verify --no-rtl and simulate with a tiny --watchdog: E_DEADLOCK naming the cycles and the layer', async () => {
      const model = tinyModel(tmp);
      for (const argv of [
        ['verify', model, '--no-rtl', '--vectors', '8', '--watchdog', '10', '--stall', '0.9'],
        ['simulate', model, '--vectors', '8', '--watchdog', '10', '--stall', '0.9'],
      ]) {
        const r = await cli(...argv);
        expect(r.code, r.err).to.equal(2);
        expect(r.err).to.include('[E_DEADLOCK]');
        expect(r.err).to.match(/no output for 10 cycles/);
        expect(r.err).to.match(/layer \d|FIFO|source/);
        expect(r.err).not.to.match(/internal error|\n\s+at /);
      }
    });
  });
});
