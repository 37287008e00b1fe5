/**
 * Shared plumbing of the RTL testbench tests: where the sources are, how a
 * testbench is built (through the cached Verilator runner) and run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildVerilated, type BuiltModel } from '../../src/tools/verilator.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
export const RTL_DIR = path.join(ROOT, 'rtl');
export const TB_DIR = path.join(here, 'tb');
export const TB_MAIN = path.join(TB_DIR, 'tb_main.cpp');

/** Build a testbench top found in `sources` (plus rtl/ and tb/ on the search path). */
export function buildTb(top: string, sources: string[]): Promise<BuiltModel> {
  return buildVerilated({
    top,
    sources,
    cppSources: [TB_MAIN],
    includeDirs: [RTL_DIR, TB_DIR],
    // Testbench code is not held to the RTL lint rules.
    extraArgs: ['-Wno-WIDTH'],
  });
}

export interface TbRun {
  status: number | null;
  output: string;
  /** `CASE ...` lines printed by the testbench. */
  cases: string[];
}

/** Run a built testbench in `cwd` (where its memory files are) with plusargs. */
export function runTb(exe: string, cwd: string, plusargs: string[] = []): TbRun {
  const r = spawnSync(exe, plusargs, { cwd, encoding: 'utf8', timeout: 120_000 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return { status: r.status, output, cases: output.split('\n').filter((l) => l.startsWith('CASE ')) };
}

export function tmpDir(tag: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `siman-hw-${tag}-`));
}

/** xorshift32 (DESIGN §2b), as a seeded stream of uint32 values. */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}
