/**
 * What the calibration scripts (bench/calibrate.ts, bench/calibrate-window.ts)
 * share: command-line options, the default Yosys engine (also the estimate
 * bench's), and rewriting a generated coefficient table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { SynthTarget } from '../src/tools/yosys-script.js';
import { findNativeYosys } from '../src/tools/yosys.js';

export interface CalibrationArgs {
  argv: string[];
  /** The value after `name`, if given. */
  arg: (name: string) => string | undefined;
  target: SynthTarget;
  /** `--yosys`, else the native Yosys when one is installed (faster), else wasm. */
  engine: 'wasm' | 'native';
  runs: number;
}

/** The native Yosys when one is installed (faster, and what the committed coefficients were fitted with), else wasm. */
export function defaultEngine(): 'wasm' | 'native' {
  try {
    findNativeYosys();
    return 'native';
  } catch {
    return 'wasm';
  }
}

/**
 * Replace the generated table at the end of the source file `path`: everything
 * from `export const NAME` on becomes `export const NAME: TYPE = <JSON of value>;`.
 */
export function rewriteTable(path: string, name: string, type: string, value: unknown): void {
  const text = readFileSync(path, 'utf8');
  const head = text.slice(0, text.indexOf(`export const ${name}`));
  writeFileSync(path, `${head}export const ${name}: ${type} = ${JSON.stringify(value, null, 2)};\n`);
}

/** Parse `--target T [--yosys wasm|native] [--runs N]` and give access to the other flags. */
export function calibrationArgs(defaultRuns: number): CalibrationArgs {
  const argv = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    argv,
    arg,
    target: (arg('--target') ?? 'ice40') as SynthTarget,
    engine: (arg('--yosys') ?? defaultEngine()) as 'wasm' | 'native',
    runs: Number(arg('--runs') ?? defaultRuns),
  };
}
