/**
 * The contract every fuzz case is held to: the CLI ends in success (exit 0)
 * or in a typed diagnostic (exit 2) that names a location, never an
 * internal error (exit 1), a stack trace, a mismatch (exit 3, none of the
 * fuzzed models is wrong), or a leftover temporary / half-written output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, type CliRun } from '../support/cli.js';

/** Codes whose diagnostics are about the command line itself, not a file location. */
const NO_LOCATION = new Set(['E_USAGE', 'E_FOLD', 'E_TOOL_MISSING', 'E_TOOL_FAILED', 'E_DEADLOCK']);

export interface CaseDirs {
  /** Folder holding the case's files; checked for leftovers. */
  work: string;
  /** Output path the command was given (if any): must not exist after a failure. */
  output?: string;
}

/** Why `r` breaks the contract, or null. */
export function outcomeProblem(r: CliRun, dirs: CaseDirs): string | null {
  if (r.code === 1 || /internal error/.test(r.err)) return `internal error (exit ${r.code}): ${r.err.slice(0, 600)}`;
  if (/\n\s+at .+:\d+:\d+/.test(r.err) || /\n\s+at .+:\d+:\d+/.test(r.out)) return `stack trace in the output: ${r.err.slice(0, 600)}`;
  if (r.code !== 0 && r.code !== 2) return `exit ${r.code}: ${r.out.slice(0, 300)} ${r.err.slice(0, 300)}`;
  if (r.code === 2) {
    const first = /^error\[(E_[A-Z_]+)\]([^:\n]*):/m.exec(r.err);
    if (!first) return `exit 2 without a typed diagnostic: ${r.err.slice(0, 300)}`;
    if (!NO_LOCATION.has(first[1]!) && first[2]!.trim() === '') return `${first[1]} diagnostic without a location: ${r.err.slice(0, 300)}`;
    if (dirs.output && fs.existsSync(dirs.output)) return `a failed run left its output ${path.basename(dirs.output)}`;
  }
  const leftovers = listTree(dirs.work).filter((f) => /\.tmp-|-old$/.test(f));
  if (leftovers.length) return `leftover temporary files: ${leftovers.join(', ')}`;
  return null;
}

function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    out.push(e.name);
    if (e.isDirectory()) out.push(...listTree(path.join(dir, e.name)).map((f) => `${e.name}/${f}`));
  }
  return out;
}

/** Run the CLI in-process and throw when the outcome breaks the contract. */
export async function expectTypedOutcome(argv: string[], dirs: CaseDirs): Promise<CliRun> {
  const r = await cli(...argv);
  const problem = outcomeProblem(r, dirs);
  if (problem) throw new Error(`siman-hw ${argv.map((a) => JSON.stringify(a)).join(' ')}: ${problem}`);
  return r;
}
