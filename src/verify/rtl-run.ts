/**
 * Run a generated design under Verilator with the C++ harness in sim/:
 * build (cached by content), write the input beats, run, and parse the
 * logged transfers back into cycle-stamped score vectors.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag, UserError } from '../diagnostics.js';
import { decodeScores, encodeInputBeat, hexToWords, wordsToHex } from '../ir/beats.js';
import type { InputEncoding } from '../ir/model.js';
import type { Manifest } from '../emit/design.js';
import { buildVerilated, outputTail } from '../tools/verilator.js';
import type { StreamTrace } from './trace.js';

/** The C++ harness driving every generated top. */
export const HARNESS_CPP = fileURLToPath(new URL('../../sim/harness.cpp', import.meta.url));

export interface RtlRunOptions {
  /** Directory holding the generated design (manifest, Verilog, memory files). */
  designDir: string;
  manifest: Manifest;
  encoding: InputEncoding;
  /** Row-major input vectors. */
  inputs: { count: number; width: number; data: Int32Array };
  seed: number;
  stallPermille: number;
  /** Give up after this many cycles without an output. */
  watchdogCycles: number;
  onProgress?: (msg: string) => void;
}

/** Build (or reuse) the Verilated model of a design and run the vectors through it. */
export async function runRtl(o: RtlRunOptions): Promise<StreamTrace> {
  const sources = o.manifest.files.verilog.map((f) => path.join(o.designDir, f));
  o.onProgress?.('verilator: building (cached when unchanged)');
  const built = await buildVerilated({ top: o.manifest.top, sources, cppSources: [HARNESS_CPP], fastBuild: isWide(o.manifest) });
  o.onProgress?.(built.cached ? 'verilator: reused cached build' : 'verilator: built');

  const work = mkdtempSync(path.join(os.tmpdir(), 'siman-rtl-'));
  try {
    const vecFile = path.join(work, 'vectors.hex');
    const outFile = path.join(work, 'out.txt');
    const lines: string[] = [];
    const per = o.manifest.inputBeatsPerVector;
    const pixel = new Int32Array(o.inputs.width / per);
    for (let r = 0; r < o.inputs.count; r++) {
      const row = o.inputs.data.subarray(r * o.inputs.width, (r + 1) * o.inputs.width);
      if (per === 1) {
        lines.push(wordsToHex(encodeInputBeat(row, o.encoding), o.manifest.inputBits));
        continue;
      }
      // An image [c,h,w] goes pixel by pixel, row-major: channel c of pixel p is element c·h·w + p.
      for (let p = 0; p < per; p++) {
        for (let c = 0; c < pixel.length; c++) pixel[c] = row[c * per + p]!;
        lines.push(wordsToHex(encodeInputBeat(pixel, o.encoding), o.manifest.inputBits));
      }
    }
    writeFileSync(vecFile, lines.join('\n') + '\n');
    o.onProgress?.(`verilator: running ${o.inputs.count} vectors`);
    const res = await runHarness(built.exe, [vecFile, outFile, String(o.seed), String(o.stallPermille), String(o.watchdogCycles), String(per)], o.designDir);
    if (res.code === 4) {
      throw new UserError(
        diag('E_DEADLOCK', `RTL simulation made no output for ${o.watchdogCycles} cycles`, { file: o.designDir }, { notes: outputTail(res.output) }),
      );
    }
    if (res.code !== 0) {
      throw new UserError(
        diag('E_TOOL_FAILED', `Verilated model exited with ${res.signal ?? `status ${res.code}`}`, { file: o.designDir }, { notes: outputTail(res.output) }),
      );
    }
    return parseHarnessLog(readFileSync(outFile, 'utf8'), o.manifest);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Inputs reduced per cycle above which a design counts as wide: Verilator
 * emits tens of MB of C++ for such designs (e.g. the fully parallel digits
 * MLP), where unoptimised compilation saves minutes and the few cycles per
 * vector make the slower simulation irrelevant.
 */
export const WIDE_DESIGN_INPUTS_PER_CYCLE = 8192;

function isWide(m: Manifest): boolean {
  const perCycle = m.layers.reduce((a, l) => a + l.pe * l.simd * (l.inputMode === 'uint' ? m.inputElementBits : 1), 0);
  return perCycle > WIDE_DESIGN_INPUTS_PER_CYCLE;
}

function runHarness(exe: string, args: string[], cwd: string): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

/** Parse the harness log (`i CYCLE`, `o CYCLE HEX`, `end CYCLES`). */
export function parseHarnessLog(text: string, manifest: Manifest): StreamTrace {
  const inputCycles: number[] = [];
  const outputCycles: number[] = [];
  const scores: Float64Array[] = [];
  let totalCycles = -1;
  const nwords = Math.ceil(manifest.outputBits / 32) + 2;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parts = line.split(' ');
    if (parts[0] === 'i') inputCycles.push(Number(parts[1]));
    else if (parts[0] === 'o') {
      outputCycles.push(Number(parts[1]));
      scores.push(decodeScores(hexToWords(parts[2]!, nwords), manifest.classes, manifest.scoreBits));
    } else if (parts[0] === 'end') totalCycles = Number(parts[1]);
    else throw new Error(`unexpected harness output line: ${line}`);
  }
  if (totalCycles < 0) throw new Error('harness output has no end line');
  return { inputCycles, outputCycles, scores, totalCycles };
}
