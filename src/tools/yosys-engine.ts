/**
 * The contract between the Yosys front (yosys.ts) and its two engines.
 * Engines only move bytes: the front parses logs and raises diagnostics.
 */

export type YosysEngine = 'wasm' | 'native';

/** What the front asks an engine to do. */
export interface EngineRequest {
  /** Sandbox-relative files to read back after the run. */
  outputs: readonly string[];
  timeoutMs?: number;
  onStdout(chunk: string): void;
  onStderr(chunk: string): void;
}

/** What an engine reports back. */
export interface EngineRun {
  exitCode: number;
  timedOut: boolean;
  /** Requested outputs that exist after the run. */
  outputs: Record<string, string>;
}
