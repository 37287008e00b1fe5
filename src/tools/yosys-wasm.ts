/**
 * WebAssembly engine: @yowasp/yosys (Yosys 0.55) in a worker thread.
 *
 * Why a worker: the wasm build runs synchronously and would block this
 * thread for the whole synthesis, so log lines could not be forwarded as
 * progress while it runs and a timeout could never fire. In a worker, the
 * output streams back as messages and `terminate()` really stops the work.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SCRIPT_FILE, type SandboxFiles } from './yosys-files.js';
import type { EngineRequest, EngineRun } from './yosys-engine.js';

/** Data handed to the worker. */
interface WorkerInput {
  bundleUrl: string;
  args: string[];
  tree: Tree;
  outputs: readonly string[];
}

type Tree = { [name: string]: Tree | string };

type WorkerMessage =
  | { kind: 'out' | 'err'; text: string }
  | { kind: 'done'; exitCode: number; outputs: Record<string, string> }
  | { kind: 'crash'; message: string };

/*
 * Plain JavaScript (CommonJS eval worker) so it runs the same from the
 * TypeScript sources and from the compiled package; it loads the ESM
 * bundle with a dynamic import.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
function stream(kind) {
  const dec = new TextDecoder('utf-8');
  return (bytes) => {
    const text = bytes === null ? dec.decode() : dec.decode(bytes, { stream: true });
    if (text !== '') parentPort.postMessage({ kind, text });
  };
}
function pick(tree, outputs) {
  const got = {};
  for (const name of outputs) {
    let node = tree;
    for (const part of name.split('/')) node = node && typeof node === 'object' ? node[part] : undefined;
    if (typeof node === 'string') got[name] = node;
    else if (node instanceof Uint8Array) got[name] = new TextDecoder().decode(node);
  }
  return got;
}
(async () => {
  const { runYosys } = await import(workerData.bundleUrl);
  const opts = { stdout: stream('out'), stderr: stream('err'), decodeASCII: true };
  let tree, exitCode = 0;
  try {
    tree = await runYosys(workerData.args, workerData.tree, opts);
  } catch (e) {
    if (e && typeof e.code === 'number' && e.files) { exitCode = e.code; tree = e.files; }
    else throw e;
  }
  parentPort.postMessage({ kind: 'done', exitCode, outputs: pick(tree, workerData.outputs) });
})().catch((e) => parentPort.postMessage({ kind: 'crash', message: String(e && e.stack || e) }));
`;

let bundleUrl: string | undefined;
function resolveBundle(): string {
  bundleUrl ??= pathToFileURL(createRequire(import.meta.url).resolve('@yowasp/yosys')).href;
  return bundleUrl;
}

function toTree(files: SandboxFiles, script: string, outputs: readonly string[]): Tree {
  const root: Tree = {};
  const put = (name: string, text: string | null) => {
    const parts = name.split('/');
    let dir = root;
    for (const p of parts.slice(0, -1)) {
      const next = dir[p];
      if (typeof next === 'string') throw new Error(`sandbox path ${name} crosses file ${p}`);
      dir = next ?? (dir[p] = {});
    }
    if (text !== null) dir[parts[parts.length - 1]!] = text;
  };
  for (const [name, text] of files) put(name, text);
  put(SCRIPT_FILE, script);
  // Yosys does not create directories for the files it writes.
  for (const name of outputs) put(name, null);
  return root;
}

/** Run one script in a fresh worker; resolves when Yosys exits or the timeout fires. */
export function runWasm(req: EngineRequest, files: SandboxFiles, script: string): Promise<EngineRun> {
  const input: WorkerInput = {
    bundleUrl: resolveBundle(),
    args: ['-s', SCRIPT_FILE],
    tree: toTree(files, script, req.outputs),
    outputs: req.outputs,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: input, stdout: false, stderr: false });
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      void worker.terminate();
      f();
    };
    const timer =
      req.timeoutMs !== undefined
        ? setTimeout(() => finish(() => resolve({ exitCode: 124, timedOut: true, outputs: {} })), req.timeoutMs)
        : undefined;
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      if (m.kind === 'out' || m.kind === 'err') (m.kind === 'out' ? req.onStdout : req.onStderr)(m.text);
      else if (m.kind === 'done') finish(() => resolve({ exitCode: m.exitCode, timedOut: false, outputs: m.outputs }));
      else if (m.kind === 'crash') {
        const msg = m.message;
        finish(() => reject(new Error(`yosys wasm worker crashed: ${msg}`)));
      }
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`yosys wasm worker exited (${code}) before reporting a result`))),
    );
  });
}
