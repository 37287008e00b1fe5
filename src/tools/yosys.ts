/**
 * Run a Yosys script on either engine and report the log, warnings and
 * requested output files in one typed result.
 *
 * - `wasm` (default): @yowasp/yosys in a worker thread, no install needed.
 * - `native`: the system `yosys` (SIMAN_HW_YOSYS, then PATH).
 *
 * Both engines run the same script in a sandbox holding exactly the given
 * input files, so the script refers to files by their sandbox names.
 */
import { diag, fail, UserError, type Diagnostic } from '../diagnostics.js';
import { checkSandboxName, gatherFiles, renderScript } from './yosys-files.js';
import type { EngineRequest, EngineRun, YosysEngine } from './yosys-engine.js';
import { collectWarnings, findError, isPassHeader, lineSplitter, logTail, parseYosysVersion } from './yosys-log.js';
import { runNative } from './yosys-native.js';
import { runWasm } from './yosys-wasm.js';

export type { YosysEngine } from './yosys-engine.js';
export { findNativeYosys, YOSYS_ENV } from './yosys-native.js';

export interface YosysRunOptions {
  /** Which Yosys to use; default `wasm`. */
  engine?: YosysEngine;
  /** Script as a list of commands, one per line (no newlines inside a line). */
  script: readonly string[];
  /**
   * Inputs: sandbox name -> contents, or paths of files on disk (read
   * relative to `cwd`, kept under that relative name).
   */
  files: Record<string, string> | readonly string[];
  /** Base directory for path inputs; default `process.cwd()`. */
  cwd?: string;
  /** Sandbox-relative files the script writes and the caller wants back. */
  outputs?: readonly string[];
  /** Stop Yosys after this many milliseconds (E_TOOL_FAILED). */
  timeoutMs?: number;
  /** Called with each pass header (`2.3. Executing ABC pass.`) as it appears. */
  onProgress?: (line: string) => void;
}

export interface YosysRunResult {
  engine: YosysEngine;
  /** Yosys version from the log banner, e.g. `0.55` or `0.23`. */
  version: string;
  /** Full log (stdout, then anything on stderr). */
  log: string;
  /** `Warning:` lines as warning diagnostics (code W_TOOL). */
  diagnostics: Diagnostic[];
  /** Requested output files, by sandbox name. */
  outputs: Record<string, string>;
  durationMs: number;
}

/**
 * Run Yosys. Throws UserError E_TOOL_MISSING (native engine not found),
 * E_TOOL_FAILED (non-zero exit, `ERROR:` in the log, timeout or a missing
 * requested output; notes carry the log tail), E_PATH / E_IO (bad inputs).
 */
export async function runYosys(opts: YosysRunOptions): Promise<YosysRunResult> {
  const engine = opts.engine ?? 'wasm';
  if (engine !== 'wasm' && engine !== 'native') fail('E_USAGE', `unknown Yosys engine ${JSON.stringify(engine)}`);
  if (opts.timeoutMs !== undefined && !(opts.timeoutMs > 0)) fail('E_USAGE', `timeoutMs must be positive`);
  const files = gatherFiles(opts.files, opts.cwd ?? process.cwd());
  const script = renderScript(opts.script);
  const outputs = (opts.outputs ?? []).map(checkSandboxName);

  const lines: string[] = [];
  let stderr = '';
  const pushOut = lineSplitter((line) => {
    lines.push(line);
    if (opts.onProgress && isPassHeader(line)) opts.onProgress(line);
  });
  const req: EngineRequest = {
    outputs,
    onStdout: pushOut,
    onStderr: (s) => void (stderr += s),
  };
  if (opts.timeoutMs !== undefined) req.timeoutMs = opts.timeoutMs;

  const t0 = performance.now();
  let run: EngineRun;
  try {
    run = engine === 'wasm' ? await runWasm(req, files, script) : await runNative(req, files, script);
  } catch (e) {
    if (e instanceof UserError) throw e;
    fail('E_TOOL_FAILED', `could not run yosys (${engine}): ${(e as Error).message}`);
  }
  pushOut(null);
  const durationMs = performance.now() - t0;
  const allLines = stderr === '' ? lines : lines.concat(stderr.split(/\r?\n/));
  const log = allLines.join('\n');
  const version = parseYosysVersion(log) ?? 'unknown';
  const diagnostics = collectWarnings(allLines);
  const tail = logTail(allLines);

  if (run.timedOut) {
    throw new UserError(
      diag('E_TOOL_FAILED', `yosys (${engine}) stopped after the ${opts.timeoutMs} ms timeout`, undefined, {
        notes: tail,
        hint: 'raise the timeout or synthesise a smaller design (fewer PE/SIMD, smaller layers)',
      }),
    );
  }
  const error = findError(allLines);
  if (run.exitCode !== 0 || error !== undefined) {
    throw new UserError(
      diag('E_TOOL_FAILED', `yosys ${version} (${engine}) failed: ${error ?? `exit status ${run.exitCode}`}`, undefined, {
        notes: tail,
      }),
    );
  }
  for (const name of outputs) {
    if (run.outputs[name] === undefined) {
      fail('E_TOOL_FAILED', `yosys (${engine}) finished but did not write ${name}`, undefined, { notes: tail });
    }
  }
  return { engine, version, log, diagnostics, outputs: run.outputs, durationMs };
}
