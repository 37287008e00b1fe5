/**
 * Synthesise a design for one target and return parsed resource numbers:
 * per module, rolled up, and per instance of the top (one per layer).
 * This is the entry point the `synth` command and the estimator
 * calibration use; it only combines {@link synthScript}, {@link runYosys}
 * and the pure parsers in estimate/synth-stats.
 */
import type { Diagnostic } from '../diagnostics.js';
import {
  instanceResources,
  parseInstances,
  parseStatJson,
  type InstanceStats,
  type SynthStats,
} from '../estimate/synth-stats.js';
import { INSTANCES_FILE, STAT_FILE, synthScript, type SynthTarget } from './yosys-script.js';
import { runYosys, type YosysEngine } from './yosys.js';

export interface SynthOptions {
  target: SynthTarget;
  top: string;
  /** Inputs as for {@link runYosys}: name -> text, or paths relative to `cwd`. */
  files: Record<string, string> | readonly string[];
  /** Which inputs are Verilog to read; default every `.v`/`.sv` input, in order. */
  sources?: readonly string[];
  engine?: YosysEngine;
  cwd?: string;
  timeoutMs?: number;
  onProgress?: (line: string) => void;
  /** Flatten before synthesis (per-module numbers then only cover the top). */
  flatten?: boolean;
  xilinxFamily?: string;
}

export interface SynthResult {
  target: SynthTarget;
  engine: YosysEngine;
  /** Yosys version that produced the numbers, e.g. `0.55`. */
  yosysVersion: string;
  stats: SynthStats;
  /** Design-module instances per parent module. */
  instances: Record<string, Array<{ instance: string; module: string }>>;
  /** Resources of each design-module instance in the top, in name order. */
  topInstances: InstanceStats[];
  diagnostics: Diagnostic[];
  script: string[];
  durationMs: number;
}

/** Run synthesis and parse its statistics. Errors as for {@link runYosys}. */
export async function synthesize(o: SynthOptions): Promise<SynthResult> {
  const names = Array.isArray(o.files) ? (o.files as readonly string[]) : Object.keys(o.files);
  const sources = o.sources ?? names.filter((n) => /\.s?v$/.test(n));
  const script = synthScript({
    target: o.target,
    top: o.top,
    sources: sources.map((s) => s.replace(/\\/g, '/').replace(/^\.\//, '')),
    flatten: o.flatten ?? false,
    ...(o.xilinxFamily !== undefined ? { xilinxFamily: o.xilinxFamily } : {}),
  });
  const run = await runYosys({
    engine: o.engine ?? 'wasm',
    script,
    files: o.files,
    outputs: [STAT_FILE, INSTANCES_FILE],
    ...(o.cwd !== undefined ? { cwd: o.cwd } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.onProgress !== undefined ? { onProgress: o.onProgress } : {}),
  });
  const stats = parseStatJson(run.outputs[STAT_FILE]!, { top: o.top });
  const instances = parseInstances(run.outputs[INSTANCES_FILE]!);
  return {
    target: o.target,
    engine: run.engine,
    yosysVersion: run.version,
    stats,
    instances,
    topInstances: instanceResources(stats, instances),
    diagnostics: run.diagnostics,
    script,
    durationMs: run.durationMs,
  };
}
