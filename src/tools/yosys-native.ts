/**
 * Native engine: spawn a system `yosys` in a temporary sandbox directory.
 * The executable comes from SIMAN_HW_YOSYS, then PATH.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findTool } from './find-tool.js';
import { SCRIPT_FILE, type SandboxFiles } from './yosys-files.js';
import type { EngineRun, EngineRequest } from './yosys-engine.js';

/** Environment variable that overrides where the native yosys is. */
export const YOSYS_ENV = 'SIMAN_HW_YOSYS';

/**
 * Locate the native yosys: `$SIMAN_HW_YOSYS` (must exist when set), else
 * the first `yosys` on PATH. Throws E_TOOL_MISSING with one actionable line.
 */
export function findNativeYosys(env: NodeJS.ProcessEnv = process.env): string {
  return findTool(
    {
      name: process.platform === 'win32' ? 'yosys.exe' : 'yosys',
      envVar: YOSYS_ENV,
      missing: 'yosys not found on PATH',
      installHint: `install Yosys (e.g. apt-get install yosys) or set ${YOSYS_ENV}=/path/to/yosys; the default wasm engine needs no install`,
      overrideHint: `point ${YOSYS_ENV} at a yosys binary, unset it to search PATH, or use the wasm engine`,
    },
    env,
  );
}

/** Write the sandbox, run `yosys -s script`, read outputs back, clean up. */
export async function runNative(req: EngineRequest, files: SandboxFiles, script: string): Promise<EngineRun> {
  const exe = findNativeYosys();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siman-hw-yosys-'));
  try {
    for (const [name, text] of files) {
      const abs = path.join(dir, name);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
    writeFileSync(path.join(dir, SCRIPT_FILE), script);
    // Yosys does not create directories for the files it writes.
    for (const name of req.outputs) mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    const { exitCode, timedOut } = await spawnYosys(exe, dir, req);
    const outputs: Record<string, string> = {};
    if (!timedOut) {
      for (const name of req.outputs) {
        try {
          outputs[name] = readFileSync(path.join(dir, name), 'utf8');
        } catch {
          // Missing outputs are reported by the caller, which knows whether they were optional.
        }
      }
    }
    return { exitCode, timedOut, outputs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function spawnYosys(
  exe: string,
  cwd: string,
  req: EngineRequest,
): Promise<{ exitCode: number; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout also stops the `yosys-abc` children.
    const child = spawn(exe, ['-s', SCRIPT_FILE], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let timedOut = false;
    const timer =
      req.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          }, req.timeoutMs)
        : undefined;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (s: string) => req.onStdout(s));
    child.stderr.on('data', (s: string) => req.onStderr(s));
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), timedOut });
    });
  });
}
