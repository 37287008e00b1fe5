/**
 * The malformed-input corpus: folders test/cases/model_<what>_bad/ and
 * test/cases/input_<what>_bad/ (regenerate with test/model/make-corpus.ts).
 * Shared by the loader tests and the CLI tests, which run the same cases
 * through the command line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiagCode } from '../../src/diagnostics.js';

/** Folder holding all end-to-end case folders. */
export const CASES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cases');

/** One malformed case and what loading it must report. */
export interface CorpusCase {
  /** Folder name, e.g. `model_var_negative_bad`. */
  name: string;
  kind: 'model' | 'input';
  dir: string;
  /** Absolute path of the case's model.json. */
  modelPath: string;
  /** Input cases: absolute path of the input file. */
  inputPath?: string;
  /** Input cases: how labels are given (`--labels`). */
  labels?: 'last' | 'none';
  /** Expected diagnostic code (at least one diagnostic has it). */
  code: DiagCode;
  /** Substring that must appear in that diagnostic's formatted text. */
  where: string;
}

/** All corpus cases, sorted by name. */
export function listCorpusCases(): CorpusCase[] {
  return fs
    .readdirSync(CASES_DIR)
    .filter((d) => /^(model|input)_.+_bad$/.test(d))
    .sort()
    .map((name) => {
      const dir = path.join(CASES_DIR, name);
      const exp = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
        code: DiagCode;
        where: string;
        input?: string;
        labels?: 'last' | 'none';
      };
      const kind = name.startsWith('model_') ? 'model' : 'input';
      const c: CorpusCase = { name, kind, dir, modelPath: path.join(dir, 'model.json'), code: exp.code, where: exp.where };
      if (kind === 'input') {
        const file = exp.input ?? fs.readdirSync(dir).find((f) => f.startsWith('input.'));
        if (!file) throw new Error(`corpus case ${name} has no input file`);
        c.inputPath = path.join(dir, file);
        c.labels = exp.labels ?? 'none';
      }
      return c;
    });
}
