/** The list of subcommands, in the order `--help` shows them. */
import type { Command } from './command.js';
import { binarizeCommand } from './binarize.js';
import { inferCommand } from './infer.js';

export const commands: Command[] = [binarizeCommand, inferCommand];
