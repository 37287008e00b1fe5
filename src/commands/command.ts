/**
 * The shape of a CLI subcommand, and the option parsing shared by all of
 * them. Parsing errors become E_USAGE diagnostics (exit 2) that name the
 * offending flag and point at `--help`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fail } from '../diagnostics.js';

/** Where a command writes; tests capture it, the binary maps it to stdio. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help text (usage line, options, examples). */
  help: string;
  options: OptionSpec;
  /** Names of the positional arguments, in order; all required. */
  positionals: string[];
  run(args: { options: OptionValues; positionals: string[]; io: CliIO }): Promise<number>;
}

/** Parse a command's argv; `--help` is handled by the caller. */
export function parseCommandArgs(cmd: Command, argv: string[]): { options: OptionValues; positionals: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: cmd.options, allowPositionals: true, strict: true });
  } catch (err) {
    fail('E_USAGE', (err as Error).message.replace(/\. To specify a positional.*$/s, ''), undefined, {
      hint: `see 'siman-hw ${cmd.name} --help'`,
    });
  }
  const positionals = parsed.positionals;
  if (positionals.length !== cmd.positionals.length) {
    const want = cmd.positionals.map((p) => p.toUpperCase()).join(' ');
    fail(
      'E_USAGE',
      positionals.length < cmd.positionals.length
        ? `missing argument: expected ${want}`
        : `unexpected argument '${positionals[cmd.positionals.length]}'`,
      undefined,
      { hint: `usage: siman-hw ${cmd.name} ${want} [options]; see --help` },
    );
  }
  return { options: parsed.values as OptionValues, positionals };
}

/** Read a string option, or undefined. */
export function optString(o: OptionValues, name: string): string | undefined {
  const v = o[name];
  return typeof v === 'string' ? v : undefined;
}

/** Parse an integer option within [min, max]; E_USAGE otherwise. */
export function optInt(o: OptionValues, name: string, dflt: number, min: number, max: number): number {
  const v = optString(o, name);
  if (v === undefined) return dflt;
  if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    fail('E_USAGE', `--${name} must be an integer from ${min} to ${max}, got '${v}'`);
  }
  return Number(v);
}

/** Parse a number option within [min, max]; E_USAGE otherwise. */
export function optNumber(o: OptionValues, name: string, dflt: number, min: number, max: number): number {
  const v = optString(o, name);
  if (v === undefined) return dflt;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x < min || x > max) {
    fail('E_USAGE', `--${name} must be a number from ${min} to ${max}, got '${v}'`);
  }
  return x;
}

/** Parse an enumerated option. */
export function optChoice<T extends string>(o: OptionValues, name: string, choices: readonly T[], dflt: T): T {
  const v = optString(o, name);
  if (v === undefined) return dflt;
  if (!(choices as readonly string[]).includes(v)) {
    fail('E_USAGE', `--${name} must be one of ${choices.join(', ')}, got '${v}'`);
  }
  return v as T;
}

/** Stable JSON for `--json` outputs (2-space indent, trailing newline). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
