/**
 * Input files for a Yosys run. Both engines see the same flat sandbox: a
 * directory holding every input at a relative path, the script and the
 * outputs. That is what lets one script run unchanged on both engines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fail } from '../diagnostics.js';

/** Sandbox-relative POSIX path -> file contents. */
export type SandboxFiles = Map<string, string>;

/** Name of the script file inside the sandbox. */
export const SCRIPT_FILE = 'siman-hw-run.ys';

/**
 * Check a sandbox-relative name: POSIX, relative, no `..` segments, so a
 * file can never land outside the sandbox directory.
 */
export function checkSandboxName(name: string): string {
  const norm = path.posix.normalize(name.replace(/\\/g, '/'));
  if (name === '' || path.posix.isAbsolute(norm) || norm === '..' || norm.startsWith('../') || norm === '.') {
    fail('E_PATH', `Yosys input file name must be a relative path inside the run directory: ${JSON.stringify(name)}`);
  }
  return norm;
}

/**
 * Gather inputs. A record gives names and contents directly; a list names
 * files on disk, read relative to `cwd` and kept under that relative path
 * (so `read_verilog rtl/x.v` works when `rtl/x.v` is listed).
 */
export function gatherFiles(files: Record<string, string> | readonly string[], cwd: string): SandboxFiles {
  const out: SandboxFiles = new Map();
  if (Array.isArray(files)) {
    for (const f of files as readonly string[]) {
      const abs = path.resolve(cwd, f);
      const rel = path.relative(cwd, abs).split(path.sep).join('/');
      if (rel.startsWith('..') || path.isAbsolute(rel)) {
        fail('E_PATH', `Yosys input ${f} is outside the working directory ${cwd}`, { file: f }, {
          hint: 'pass cwd so that every input file lies below it',
        });
      }
      let text: string;
      try {
        text = readFileSync(abs, 'utf8');
      } catch (e) {
        fail('E_IO', `cannot read Yosys input: ${(e as Error).message}`, { file: f });
      }
      out.set(checkSandboxName(rel), text);
    }
  } else {
    for (const [name, text] of Object.entries(files as Record<string, string>)) {
      out.set(checkSandboxName(name), text);
    }
  }
  if (out.has(SCRIPT_FILE)) fail('E_PATH', `input file name ${SCRIPT_FILE} is reserved for the script`);
  return out;
}

/** Render a script line list as a `.ys` file (one command per line). */
export function renderScript(script: readonly string[]): string {
  for (const line of script) {
    if (/[\r\n]/.test(line)) throw new Error(`Yosys script line contains a newline: ${JSON.stringify(line)}`);
  }
  return script.join('\n') + '\n';
}
