#!/usr/bin/env node
/** The `siman-hw` executable: runs the CLI on process.argv and exits. */
import { runCli } from './cli-main.js';

const code = await runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
process.exitCode = code;
