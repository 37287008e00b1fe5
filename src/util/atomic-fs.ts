/**
 * Atomic output: a command either leaves its complete output or none.
 * Files are written to a temporary sibling and renamed over the target;
 * directories are assembled in a temporary sibling directory and swapped in
 * with renames, so an interrupted or failing run never leaves a half
 * directory and never destroys the previous output before the new one is
 * complete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail } from '../diagnostics.js';

function tempSibling(target: string): string {
  const dir = path.dirname(target);
  const base = path.basename(target);
  return path.join(dir, `.${base}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
}

function ioFail(what: string, target: string, err: unknown): never {
  const e = err as NodeJS.ErrnoException;
  const hint =
    e.code === 'ENOSPC'
      ? 'the disk is full: free some space and run again'
      : e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS'
        ? 'the location is not writable: choose another output path (-o)'
        : e.code === 'ENOENT'
          ? 'the parent directory does not exist: create it first'
          : e.code === 'ENOTDIR'
            ? 'a component of the path is a file, not a directory: choose another output path'
          : undefined;
  fail('E_IO', `cannot ${what}: ${e.message ?? String(err)}`, { file: target }, hint ? { hint } : {});
}

/** Write one file atomically (temp file + rename). */
export function writeFileAtomic(target: string, content: string | Uint8Array): void {
  const tmp = tempSibling(target);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, target);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // The temp file was never created (e.g. the parent is not a directory).
    }
    ioFail('write file', target, err);
  }
}

/**
 * Write a set of files (paths relative to `targetDir`, using `/`) as one
 * directory, replacing any previous content of `targetDir` only once the new
 * directory is complete. Relative paths must stay inside the directory.
 */
export function writeDirAtomic(targetDir: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  const parent = path.dirname(path.resolve(targetDir));
  if (!fs.existsSync(parent)) {
    fail('E_IO', `output parent directory does not exist: ${parent}`, { file: targetDir }, {
      hint: 'create the parent directory or choose another -o',
    });
  }
  if (!fs.statSync(parent).isDirectory()) {
    fail('E_IO', `output parent is not a directory: ${parent}`, { file: targetDir }, {
      hint: 'choose an -o inside a directory',
    });
  }
  if (fs.existsSync(targetDir) && !fs.statSync(targetDir).isDirectory()) {
    fail('E_IO', `output path exists and is not a directory`, { file: targetDir }, {
      hint: 'remove it or choose another -o',
    });
  }
  const tmp = tempSibling(path.resolve(targetDir));
  const cleanup = (): void => {
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
    } catch {
      // Nothing was created (e.g. the parent is not a directory).
    }
  };
  // An interrupt (Ctrl-C) must not leave the temp dir behind.
  const onSignal = (sig: NodeJS.Signals): void => {
    cleanup();
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    fs.mkdirSync(tmp);
    for (const [rel, content] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const norm = path.posix.normalize(rel);
      if (norm.startsWith('../') || norm === '..' || path.posix.isAbsolute(norm)) {
        throw new Error(`internal: output file name escapes the output directory: ${rel}`);
      }
      const dest = path.join(tmp, ...norm.split('/'));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, content);
    }
    swapIn(tmp, path.resolve(targetDir));
  } catch (err) {
    cleanup();
    if ((err as NodeJS.ErrnoException).code) ioFail('write output directory', targetDir, err);
    throw err;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** Replace `target` by `fresh` (both directories) with renames only. */
function swapIn(fresh: string, target: string): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(fresh, target);
    return;
  }
  const old = tempSibling(target) + '-old';
  fs.renameSync(target, old);
  try {
    fs.renameSync(fresh, target);
  } catch (err) {
    fs.renameSync(old, target); // put the previous output back
    throw err;
  }
  fs.rmSync(old, { recursive: true, force: true });
}
