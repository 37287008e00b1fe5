/**
 * Typed diagnostics. Every user-facing problem (bad model, bad input, bad
 * flag, missing tool) is a {@link Diagnostic} with a stable code and a
 * location; the CLI prints them like a compiler and exits 2. Anything that
 * escapes as a plain Error is an internal bug (exit 1).
 */

/** Stable diagnostic codes; tests and users may match on them. */
export type DiagCode =
  | 'E_USAGE' // bad command line
  | 'E_IO' // file missing / unreadable / unwritable
  | 'E_JSON_SYNTAX' // not valid JSON
  | 'E_SCHEMA' // JSON structure does not match the model format
  | 'E_SHAPE' // tensor or layer shapes do not chain
  | 'E_VALUE' // a number is out of its legal range (NaN, var < 0, ...)
  | 'E_STRUCTURE' // layer sequence not supported (e.g. ends in sign)
  | 'E_NPY' // malformed or unsupported .npy file
  | 'E_FORMAT' // not a file of the expected binary format (e.g. ONNX)
  | 'E_INPUT' // inference input file problem (width, range, format)
  | 'E_FOLD' // illegal folding spec
  | 'E_MODE' // illegal --mode spec (folded / hardwired per layer)
  | 'E_LOWER' // illegal --lower spec (auto / on / off per layer), or on for a layer that is not hardwired xnor
  | 'E_PATH' // a path escapes where it may be read or written
  | 'E_TOOL_MISSING' // verilator / yosys / nextpnr not found
  | 'E_TOOL_FAILED' // external tool exited non-zero or timed out
  | 'W_TOOL' // warning printed by an external tool (Yosys `Warning:` lines)
  | 'W_SIGN_ZERO' // an imported ONNX Sign sees exactly 0 on some rows (ONNX: 0, siman-hw: +1)
  | 'W_STREAM_ROUNDING' // a residual stream value within the rounding bound of 0: integer and float64 models decide differently
  | 'E_DEADLOCK' // simulation made no progress
  | 'E_TOO_LARGE' // a job expected to run far longer than allowed (e.g. synthesis past --timeout)
  | 'E_UNSUPPORTED'; // valid but not implemented

export type Severity = 'error' | 'warning' | 'note';

/**
 * Where a problem is. `jsonPath` uses JS syntax (`layers[3].gamma[17]`);
 * `line`/`column` are 1-based; `row`/`col` are 0-based data indices used by
 * input files (row = vector index, col = element index).
 */
export interface Location {
  file?: string;
  jsonPath?: string;
  line?: number;
  column?: number;
  row?: number;
  col?: number;
}

export interface Diagnostic {
  severity: Severity;
  code: DiagCode;
  message: string;
  location?: Location;
  notes: string[];
  hint?: string;
}

/** Thrown for user mistakes; carries one or more diagnostics. */
export class UserError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'UserError';
    this.diagnostics = list;
  }
  /** The first diagnostic's code (convenient in tests). */
  get code(): DiagCode {
    return this.diagnostics[0]!.code;
  }
}

/** Build an error diagnostic. */
export function diag(
  code: DiagCode,
  message: string,
  location?: Location,
  extra: { hint?: string; notes?: string[] } = {},
): Diagnostic {
  const d: Diagnostic = { severity: 'error', code, message, notes: extra.notes ?? [] };
  if (location) d.location = location;
  if (extra.hint) d.hint = extra.hint;
  return d;
}

/** Throw a single-diagnostic {@link UserError}. */
export function fail(
  code: DiagCode,
  message: string,
  location?: Location,
  extra: { hint?: string; notes?: string[] } = {},
): never {
  throw new UserError(diag(code, message, location, extra));
}

/** Render a location as `file:line:col jsonPath` / `file row R col C`. */
export function formatLocation(loc: Location): string {
  const parts: string[] = [];
  if (loc.file !== undefined) {
    let f = loc.file;
    if (loc.line !== undefined) f += `:${loc.line}`;
    if (loc.line !== undefined && loc.column !== undefined) f += `:${loc.column}`;
    parts.push(f);
  }
  if (loc.jsonPath !== undefined) parts.push(loc.jsonPath);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.col !== undefined) parts.push(`column ${loc.col}`);
  return parts.join(' ');
}

/** Compiler-style rendering: `error[E_SHAPE] layers[3].weight: msg`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? formatLocation(d.location) : '';
  let s = `${d.severity}[${d.code}]${where ? ' ' + where : ''}: ${d.message}`;
  for (const n of d.notes) s += `\n  note: ${n}`;
  if (d.hint) s += `\n  hint: ${d.hint}`;
  return s;
}

/** Append `.key` or `[i]` to a JSON path. */
export function jsonPathJoin(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** Process exit codes used by the CLI. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  user: 2,
  mismatch: 3,
} as const;
