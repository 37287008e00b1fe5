/**
 * Finding an external tool the way every runner here does: an environment
 * variable naming the executable (which must then exist), else the first
 * match on PATH; a missing tool is one E_TOOL_MISSING diagnostic with an
 * actionable hint.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { fail } from '../diagnostics.js';

/** True for an executable regular file. */
export function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** First executable called `name` on PATH, or null. */
export function whichOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const p = path.join(dir, name);
    if (isExecutable(p)) return p;
  }
  return null;
}

export interface ToolSpec {
  /** Executable name on PATH, e.g. `verilator`. */
  name: string;
  /** Environment variable that overrides the executable, e.g. `SIMAN_HW_VERILATOR`. */
  envVar: string;
  /** Message when it is not on PATH, e.g. `verilator not found on PATH`. */
  missing: string;
  /** How to get it, e.g. `install Verilator (apt-get install verilator) or set …`. */
  installHint: string;
  /** Extra advice when the env var points at something unusable. */
  overrideHint?: string;
}

/** Locate a tool: `$envVar` (must be executable when set), else PATH. Throws E_TOOL_MISSING. */
export function findTool(spec: ToolSpec, env: NodeJS.ProcessEnv = process.env): string {
  const override = env[spec.envVar];
  if (override) {
    if (isExecutable(override)) return override;
    fail('E_TOOL_MISSING', `${spec.envVar}=${override} is not an executable file`, undefined, {
      hint: spec.overrideHint ?? `point ${spec.envVar} at a ${spec.name} binary, or unset it to search PATH`,
    });
  }
  return whichOnPath(spec.name, env) ?? fail('E_TOOL_MISSING', spec.missing, undefined, { hint: spec.installHint });
}
