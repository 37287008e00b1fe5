/**
 * Pure helpers that read a Yosys log: pass headers (for progress), warnings
 * (as diagnostics), errors, the version banner and a bounded tail for error
 * messages. Shared by the wasm and native engines so both report alike.
 */
import type { Diagnostic } from '../diagnostics.js';

/** `2.3. Executing ABC pass.` / `1. Executing Verilog-2005 frontend: x.v` */
const PASS_HEADER = /^\d+(?:\.\d+)*\.\s+Executing\s+\S.*$/;
/** Yosys prints `Warning: ...`; the text may continue on indented lines. */
const WARNING = /^Warning:\s*(.*)$/;
const ERROR = /^ERROR:\s*(.*)$/;
/** Banner line and `yosys -V`: `Yosys 0.23 (git sha1 7ce5011c24b)`. */
const VERSION = /\bYosys (\d+\.\d+(?:\+\d+)?)(?: \(git sha1 ([0-9a-f]+)[^)]*\))?/;

/** True when a log line starts a pass (the lines a CLI shows as progress). */
export function isPassHeader(line: string): boolean {
  return PASS_HEADER.test(line);
}

/** The Yosys version named in a log or `-V` output, e.g. `0.55`. */
export function parseYosysVersion(text: string): string | undefined {
  const m = VERSION.exec(text);
  return m ? m[1] : undefined;
}

/**
 * Collect `Warning:` lines as warning diagnostics. Continuation lines
 * (indented, directly after the warning) become notes. Duplicates are kept
 * once: Yosys repeats some warnings per module and they add nothing.
 */
export function collectWarnings(lines: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const m = WARNING.exec(lines[i]!);
    if (!m) continue;
    const notes: string[] = [];
    while (i + 1 < lines.length && /^\s{2,}\S/.test(lines[i + 1]!) && notes.length < 8) {
      notes.push(lines[++i]!.trim());
    }
    const message = `yosys: ${m[1]!.trim()}`;
    if (seen.has(message)) continue;
    seen.add(message);
    out.push({ severity: 'warning', code: 'W_TOOL', message, notes });
  }
  return out;
}

/** The first `ERROR:` message in the log, if any. */
export function findError(lines: readonly string[]): string | undefined {
  for (const l of lines) {
    const m = ERROR.exec(l);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

/** Last `n` non-empty lines, for error notes. */
export function logTail(lines: readonly string[], n = 20): string[] {
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  return nonEmpty.slice(Math.max(0, nonEmpty.length - n));
}

/**
 * Split streamed output into lines. Returns a push function taking chunks
 * (or null at end of stream) and calling `onLine` for each complete line.
 */
export function lineSplitter(onLine: (line: string) => void): (chunk: string | null) => void {
  let pending = '';
  return (chunk) => {
    if (chunk === null) {
      if (pending !== '') onLine(pending);
      pending = '';
      return;
    }
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, nl).replace(/\r$/, ''));
      pending = pending.slice(nl + 1);
    }
  };
}
