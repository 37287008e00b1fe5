/**
 * Verilator runner: find the tool, lint Verilog, and build Verilated
 * executables into a content-addressed cache so that a repeated build of
 * the same inputs costs nothing.
 *
 * The generated C++ class is always `Vtop` (header `Vtop.h`, via
 * `--prefix Vtop`), whatever the top module is called, so one C++ harness
 * serves every design.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag, fail, UserError, type Diagnostic } from '../diagnostics.js';
import { findTool, whichOnPath } from './find-tool.js';

/** Environment variable that overrides where verilator is. */
export const VERILATOR_ENV = 'SIMAN_HW_VERILATOR';
/** Environment variable that overrides the build cache root. */
export const CACHE_ENV = 'SIMAN_HW_CACHE';

const INSTALL_HINT = `install Verilator (apt-get install verilator) or set ${VERILATOR_ENV}=/path/to/verilator`;

/** Name of the C++ class (and header) of every Verilated model. */
export const VERILATED_CLASS = 'Vtop';

export interface VerilatorTool {
  /** Path of the executable. */
  exe: string;
  /** First line of `verilator --version`, e.g. `Verilator 5.006 2023-01-22 ...`. */
  version: string;
}


interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Spawn with an argument array; stdout and stderr interleaved into `output`. */
function run(exe: string, args: string[], opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** The last `n` non-empty lines of a tool's output, for error notes. */
export function outputTail(text: string, n = 25): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-n);
}

const toolCache = new Map<string, VerilatorTool>();

/**
 * Locate Verilator: `$SIMAN_HW_VERILATOR` (must be executable when set),
 * else the first `verilator` on PATH. Throws E_TOOL_MISSING with one
 * actionable hint.
 */
export function findVerilator(env: NodeJS.ProcessEnv = process.env): string {
  return findTool({ name: 'verilator', envVar: VERILATOR_ENV, missing: 'verilator not found on PATH', installHint: INSTALL_HINT }, env);
}

/** {@link findVerilator} plus its version line (cached per executable). */
export async function verilatorTool(env: NodeJS.ProcessEnv = process.env): Promise<VerilatorTool> {
  const exe = findVerilator(env);
  const known = toolCache.get(exe);
  if (known) return known;
  let r: RunResult;
  try {
    r = await run(exe, ['--version'], { env });
  } catch (e) {
    fail('E_TOOL_MISSING', `could not run ${exe}: ${(e as Error).message}`, undefined, { hint: INSTALL_HINT });
  }
  if (r.code !== 0) {
    fail('E_TOOL_FAILED', `${exe} --version exited with status ${r.code}`, undefined, { notes: outputTail(r.output) });
  }
  const tool = { exe, version: r.output.split('\n')[0]!.trim() };
  toolCache.set(exe, tool);
  return tool;
}

/** Project root (two levels above this file, in src/ or dist/). */
function projectRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** `$SIMAN_HW_CACHE`, else `.cache/verilator` in the project (gitignored). */
export function defaultCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const v = env[CACHE_ENV];
  return v ? path.resolve(v) : path.join(projectRoot(), '.cache', 'verilator');
}

/** A Verilog parameter value: numbers as is, strings quoted for Verilator. */
export type ParamValue = number | bigint | string;

export interface BuildOptions {
  /** Top module name. */
  top: string;
  /** Verilog / SystemVerilog sources. */
  sources: string[];
  /** C++ harness sources (they include `Vtop.h`). */
  cppSources: string[];
  /** `-I` directories searched for includes and modules. */
  includeDirs?: string[];
  /** Verilog `+define+NAME=VALUE` (true = defined without value). */
  defines?: Record<string, string | number | true>;
  /** Top-level parameter overrides (`-GNAME=VALUE`). */
  params?: Record<string, ParamValue>;
  /** Extra C++ compiler flags (`-CFLAGS`). */
  cflags?: string[];
  /** Extra verilator arguments (part of the cache key). */
  extraArgs?: string[];
  /**
   * Compile the generated C++ without optimisation: much faster builds of
   * very wide designs (tens of MB of C++), slower simulation per cycle.
   */
  fastBuild?: boolean;
  /** Cache root; default {@link defaultCacheRoot}. */
  cacheRoot?: string;
  /** Kill the build after this many ms (E_TOOL_FAILED); default 10 min. */
  timeoutMs?: number;
}

export interface BuiltModel {
  /** Path of the executable. */
  exe: string;
  /** Cache directory of this build. */
  dir: string;
  /** Content hash naming the directory. */
  key: string;
  /** True when an earlier build was reused. */
  cached: boolean;
}

function paramArg(name: string, v: ParamValue): string {
  if (typeof v === 'string') return `-G${name}="${v}"`;
  return `-G${name}=${v.toString()}`;
}

/** Arguments that define the model (everything but paths of the output). */
function modelArgs(o: BuildOptions): string[] {
  const args = ['--cc', '--exe', '--build', '-j', '2', '-O2', '--prefix', VERILATED_CLASS, '-Wno-fatal', '--top-module', o.top];
  for (const d of o.includeDirs ?? []) args.push(`-I${path.resolve(d)}`);
  for (const [k, v] of Object.entries(o.defines ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    args.push(v === true ? `+define+${k}` : `+define+${k}=${v}`);
  }
  for (const [k, v] of Object.entries(o.params ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) args.push(paramArg(k, v));
  for (const f of o.cflags ?? []) args.push('-CFLAGS', f);
  if (o.fastBuild) args.push('-MAKEFLAGS', 'OPT_FAST=-O0 OPT_SLOW=-O0');
  args.push(...(o.extraArgs ?? []));
  return args;
}

function readForKey(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    fail('E_IO', `cannot read ${file}: ${(e as Error).message}`, { file });
  }
}

/** Hash of everything that can change the built executable. */
function buildKey(o: BuildOptions, version: string): string {
  const h = createHash('sha256');
  const put = (s: string | Buffer) => {
    const b = typeof s === 'string' ? Buffer.from(s) : s;
    h.update(`${b.length}:`);
    h.update(b);
  };
  put('siman-hw verilator build v1');
  put(version);
  // Absolute include paths are in the arguments; key on their contents instead.
  const args = modelArgs({ ...o, includeDirs: [] });
  for (const a of args) put(a);
  for (const f of [...o.sources, ...o.cppSources]) {
    put(path.basename(f));
    put(readForKey(f));
  }
  for (const d of o.includeDirs ?? []) {
    const names = existsSync(d) ? readdirSync(d).sort() : [];
    put(`dir ${names.length}`);
    for (const n of names) {
      const p = path.join(d, n);
      if (!statSync(p).isFile()) continue;
      put(n);
      put(readForKey(p));
    }
  }
  return h.digest('hex').slice(0, 32);
}

const STAMP = 'build.json';
const EXE = 'model';

/**
 * Build environment: with ccache on PATH, compiles go through it, so the
 * Verilator runtime and the harness are compiled once for all designs.
 */
function buildEnv(): NodeJS.ProcessEnv {
  if (process.env.OBJCACHE !== undefined) return process.env;
  return whichOnPath('ccache') ? { ...process.env, OBJCACHE: 'ccache' } : process.env;
}

/**
 * Verilate and compile a C++ harness into `<cacheRoot>/<key>/obj/model`,
 * keyed by a hash of every input (source contents, flags, parameters,
 * Verilator version). A second call with the same inputs returns at once.
 * Concurrent builds of one key each build in a private temporary
 * directory and rename it into place; the loser discards its copy.
 *
 * Throws E_TOOL_MISSING (no verilator), E_IO (a source cannot be read),
 * E_TOOL_FAILED (non-zero exit or timeout; notes carry the output tail).
 */
export async function buildVerilated(o: BuildOptions): Promise<BuiltModel> {
  const tool = await verilatorTool();
  const root = path.resolve(o.cacheRoot ?? defaultCacheRoot());
  const key = buildKey(o, tool.version);
  const dir = path.join(root, key);
  const exe = path.join(dir, 'obj', EXE);
  if (existsSync(path.join(dir, STAMP)) && existsSync(exe)) return { exe, dir, key, cached: true };

  mkdirSync(root, { recursive: true });
  const tmp = path.join(root, `tmp-${key.slice(0, 12)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(tmp, { recursive: true });
  const args = [
    ...modelArgs(o),
    '--Mdir',
    path.join(tmp, 'obj'),
    '-o',
    EXE,
    ...o.sources.map((s) => path.resolve(s)),
    ...o.cppSources.map((s) => path.resolve(s)),
  ];
  const timeoutMs = o.timeoutMs ?? 600_000;
  let r: RunResult;
  try {
    r = await run(tool.exe, args, { cwd: tmp, timeoutMs, env: buildEnv() });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    fail('E_TOOL_FAILED', `could not run ${tool.exe}: ${(e as Error).message}`);
  }
  if (r.code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    const why = r.signal ? `was killed (${r.signal}${r.signal === 'SIGKILL' ? `, timeout ${timeoutMs} ms` : ''})` : `exited with status ${r.code}`;
    throw new UserError(
      diag('E_TOOL_FAILED', `verilator build of ${o.top} ${why}`, undefined, {
        notes: outputTail(r.output),
        hint: 'the notes show the end of the Verilator / compiler output',
      }),
    );
  }
  writeFileSync(path.join(tmp, STAMP), JSON.stringify({ top: o.top, version: tool.version, args: modelArgs({ ...o, includeDirs: [] }) }, null, 2));
  try {
    renameSync(tmp, dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Another process finished the same build first: use its copy.
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    rmSync(tmp, { recursive: true, force: true });
    return { exe, dir, key, cached: true };
  }
  return { exe, dir, key, cached: false };
}

const MESSAGE = /^%(Warning|Error)(?:-([A-Z0-9_]+))?:\s*(?:([^:\s][^:]*):(\d+):(?:(\d+):)?\s*)?(.*)$/;

/**
 * Parse Verilator's `%Warning-CODE: file:line:col: text` and `%Error: ...`
 * lines into diagnostics (warnings: W_TOOL, errors: E_TOOL_FAILED). The
 * Verilator code is kept as the message prefix (`[UNUSEDSIGNAL] ...`).
 */
export function parseVerilatorMessages(text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of text.split('\n')) {
    const m = MESSAGE.exec(line.trimEnd());
    if (!m) continue;
    const [, kind, code, file, ln, col, msg] = m;
    if (kind === 'Error' && /^Exiting due to/.test(msg!)) continue;
    const text2 = code ? `[${code}] ${msg}` : msg!;
    const d = diag(kind === 'Warning' ? 'W_TOOL' : 'E_TOOL_FAILED', text2);
    if (kind === 'Warning') d.severity = 'warning';
    if (file !== undefined && ln !== undefined) {
      d.location = { file, line: Number(ln) };
      if (col !== undefined) d.location.column = Number(col);
    }
    out.push(d);
  }
  return out;
}

export interface LintOptions {
  includeDirs?: string[];
  params?: Record<string, ParamValue>;
  defines?: Record<string, string | number | true>;
}

/**
 * `verilator --lint-only -Wall` on `files` with `top` as the top module.
 * Returns every warning (severity warning, W_TOOL) and error (E_TOOL_FAILED)
 * as a diagnostic; an empty list means clean. Throws E_TOOL_FAILED only
 * when Verilator fails without saying why.
 */
export async function lintVerilog(files: string[], top: string, opts: LintOptions = {}): Promise<Diagnostic[]> {
  const tool = await verilatorTool();
  const args = ['--lint-only', '-Wall', '-Wno-fatal', '--top-module', top];
  for (const d of opts.includeDirs ?? []) args.push(`-I${path.resolve(d)}`);
  for (const [k, v] of Object.entries(opts.defines ?? {})) args.push(v === true ? `+define+${k}` : `+define+${k}=${v}`);
  for (const [k, v] of Object.entries(opts.params ?? {})) args.push(paramArg(k, v));
  args.push(...files.map((f) => path.resolve(f)));
  let r: RunResult;
  try {
    r = await run(tool.exe, args);
  } catch (e) {
    fail('E_TOOL_FAILED', `could not run ${tool.exe}: ${(e as Error).message}`);
  }
  const diags = parseVerilatorMessages(r.output);
  if (r.code !== 0 && !diags.some((d) => d.severity === 'error')) {
    fail('E_TOOL_FAILED', `verilator --lint-only exited with status ${r.code}`, undefined, { notes: outputTail(r.output) });
  }
  return diags;
}
