/** The list of subcommands, in the order `--help` shows them. */
import type { Command } from './command.js';
import { binarizeCommand } from './binarize.js';
import { inferCommand } from './infer.js';
import { generateCommand } from './generate.js';
import { verifyCommand } from './verify.js';
import { simulateCommand } from './simulate.js';
import { synthCommand } from './synth.js';
import { estimateCommand } from './estimate.js';
import { reportCommand } from './report.js';
import { importCommand } from './import.js';
import { exploreCommand } from './explore.js';

export const commands: Command[] = [importCommand, binarizeCommand, inferCommand, generateCommand, simulateCommand, verifyCommand, synthCommand, estimateCommand, exploreCommand, reportCommand];
