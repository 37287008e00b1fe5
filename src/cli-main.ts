/**
 * CLI dispatch: picks the subcommand, handles --help/--version, and maps
 * errors to exit codes (2 = user error with diagnostics and no stack trace,
 * 1 = internal error). Kept separate from cli.ts so tests can run the CLI
 * in-process with captured output.
 */
import { readFileSync } from 'node:fs';
import { ExitCode, UserError, formatDiagnostic } from './diagnostics.js';
import { parseCommandArgs, type CliIO, type Command } from './commands/command.js';
import { commands } from './commands/index.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'siman-hw: hardware generator and simulator for {0,+1} binarized neural networks',
    '',
    'usage: siman-hw <command> [arguments] [options]',
    '',
    'commands:',
    ...lines,
    '',
    "Run 'siman-hw <command> --help' for a command's options.",
    'Exit codes: 0 success, 1 internal error, 2 bad input or usage, 3 verification mismatch.',
    '',
  ].join('\n');
}

/** Run the CLI with `argv` (without node and script). Returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    if (name !== undefined) return ExitCode.ok;
    io.err(formatDiagnostic({ severity: 'error', code: 'E_USAGE', message: 'no command given', notes: [], hint: "usage: siman-hw <command> ...; see 'siman-hw --help'" }) + '\n');
    return ExitCode.user;
  }
  if (name === '--version' || name === '-V') {
    io.out(version() + '\n');
    return ExitCode.ok;
  }
  const cmd: Command | undefined = commands.find((c) => c.name === name);
  try {
    if (!cmd) {
      io.err(
        formatDiagnostic({
          severity: 'error',
          code: 'E_USAGE',
          message: `unknown command '${name}'`,
          notes: [],
          hint: `commands: ${commands.map((c) => c.name).join(', ')}`,
        }) + '\n',
      );
      return ExitCode.user;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(cmd.help.endsWith('\n') ? cmd.help : cmd.help + '\n');
      return ExitCode.ok;
    }
    const args = parseCommandArgs(cmd, rest);
    return await cmd.run({ ...args, io });
  } catch (err) {
    if (err instanceof UserError) {
      for (const d of err.diagnostics) io.err(formatDiagnostic(d) + '\n');
      return ExitCode.user;
    }
    const e = err as Error;
    io.err(`internal error: ${e?.stack ?? String(err)}\n`);
    io.err('This is a bug in siman-hw; please report it with the command line and model.\n');
    return ExitCode.internal;
  }
}
