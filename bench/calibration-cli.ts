/**
 * Command-line options shared by the calibration scripts
 * (bench/calibrate.ts, bench/calibrate-window.ts).
 */
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

function hasNative(): boolean {
  try {
    findNativeYosys();
    return true;
  } catch {
    return false;
  }
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
    engine: (arg('--yosys') ?? (hasNative() ? 'native' : 'wasm')) as 'wasm' | 'native',
    runs: Number(arg('--runs') ?? defaultRuns),
  };
}
