/**
 * Inference inputs: a batch of input vectors (and optional labels) read
 * from CSV, `.npy` or JSON, checked against the model's {@link InputSpec}.
 * Every problem names the file, the row (vector, 0-based) and the column
 * (element, 0-based), plus the 1-based line for CSV and line:column for
 * JSON; all problems are reported together up to a cap.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError, diag, type Location } from '../diagnostics.js';
import { inputMax, shapeSize, type InputSpec } from '../ir/model.js';
import { parseJsonSource } from './json-source.js';
import { INPUT_DTYPES, readNpy } from './npy.js';
import { describe } from './schema.js';
import { DiagnosticSink } from './sink.js';

/** A batch of input vectors, row-major. */
export interface InputBatch {
  count: number;
  /** Elements per vector (the model's input size). */
  width: number;
  /** `count * width` values, vector r at `[r*width, (r+1)*width)`. */
  data: Int32Array;
  /** One label per vector, or null without labels. */
  labels: Int32Array | null;
}

/** How labels appear in the input file. */
export interface InputOptions {
  /** `last`: every row has one extra trailing column holding the class label. */
  labels: 'last' | 'none';
}

/** Largest label accepted. */
const MAX_LABEL = 2 ** 31 - 1;

class Collector {
  readonly sink = new DiagnosticSink();
  readonly width: number;
  readonly cols: number;
  readonly lo: number;
  readonly hi: number;
  readonly rows: number[][] = [];

  constructor(
    readonly file: string,
    readonly spec: InputSpec,
    readonly opts: InputOptions,
  ) {
    this.width = shapeSize(spec.shape);
    this.cols = this.width + (opts.labels === 'last' ? 1 : 0);
    this.lo = spec.encoding.kind === 'uint' ? 0 : -1;
    this.hi = inputMax(spec.encoding);
  }

  fail(message: string, loc: Omit<Location, 'file'> = {}, hint?: string): void {
    this.sink.add(diag('E_INPUT', message, { file: this.file, ...loc }, hint ? { hint } : {}));
  }

  /** Check a row's width; false when wrong. */
  checkWidth(n: number, r: number, loc: Omit<Location, 'file'>): boolean {
    if (n === this.cols) return true;
    let hint: string | undefined;
    if (this.opts.labels === 'none' && n === this.width + 1) hint = 'the extra last column looks like a label: use --labels last';
    else if (this.opts.labels === 'last' && n === this.width) hint = 'no label column? use --labels none';
    const expect = this.opts.labels === 'last' ? `${this.width} values + 1 label` : `${this.width} values`;
    this.fail(`row ${r} has ${n} columns, expected ${expect}`, { ...loc, row: r }, hint);
    return false;
  }

  /** Check one number; `c === width` is the label column. */
  check(x: number, r: number, c: number, loc: Omit<Location, 'file'>, text?: string): void {
    const shown = text ?? String(x);
    const where = { ...loc, row: r, col: c };
    if (c === this.width) {
      if (!Number.isInteger(x) || x < 0 || x > MAX_LABEL) this.fail(`label '${shown}' is not a non-negative integer`, where);
      return;
    }
    if (!Number.isInteger(x)) {
      this.fail(`'${shown}' is not an integer`, where);
      return;
    }
    if (x < this.lo || x > this.hi || (this.spec.encoding.kind === 'bipolar' && x === 0)) {
      const enc = this.spec.encoding;
      if (enc.kind === 'bipolar') {
        this.fail(`value ${shown} is not -1 or +1 (bipolar input)`, where, x === 0 ? 'bipolar inputs are -1/+1; for 0/1 bits, convert with 2*b-1' : undefined);
      } else {
        this.fail(`value ${shown} is out of range 0..${this.hi} (uint${enc.bits} input)`, where);
      }
    }
  }

  push(values: number[]): void {
    this.rows.push(values);
  }

  finish(): InputBatch {
    if (this.rows.length === 0 && this.sink.count === 0) this.fail('the file holds no input vectors');
    this.sink.throwIfAny();
    const count = this.rows.length;
    // In shared memory, so worker threads (src/util/ref-pool.ts) read the rows without a copy.
    const data = new Int32Array(new SharedArrayBuffer(count * this.width * 4));
    const labels = this.opts.labels === 'last' ? new Int32Array(count) : null;
    this.rows.forEach((row, r) => {
      for (let c = 0; c < this.width; c++) data[r * this.width + c] = row[c]!;
      if (labels) labels[r] = row[this.width]!;
    });
    return { count, width: this.width, data, labels };
  }
}

/**
 * Read a batch of input vectors for a model whose input is `spec`.
 * The format follows the extension: `.csv` (integers, comma separated, no
 * header, CRLF and one trailing newline allowed), `.npy` (2-D, integer or
 * float dtype holding integral values) or `.json` (`[[...], ...]`).
 * @throws UserError `E_IO` (unreadable), `E_NPY` (malformed npy) or
 *   `E_INPUT` (empty file, wrong width, non-integer, out of range for the
 *   encoding, bad label).
 */
export function loadInputs(file: string, spec: InputSpec, opts: InputOptions): InputBatch {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.npy' && ext !== '.json') {
    throw new UserError(diag('E_INPUT', `unknown input file type '${ext || '(none)'}'`, { file }, { hint: 'inputs are .csv, .npy or .json files' }));
  }
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(diag('E_IO', code === 'ENOENT' ? `input file not found: ${file}` : `cannot read input file ${file}: ${(e as Error).message}`, { file }));
  }
  const col = new Collector(file, spec, opts);
  if (ext === '.csv') readCsv(buf.toString('utf8'), col);
  else if (ext === '.npy') readNpyInputs(buf, col);
  else readJsonInputs(buf.toString('utf8'), col);
  return col.finish();
}

/** Parse CSV input text (exported for tests). */
export function parseCsvInputs(text: string, file: string, spec: InputSpec, opts: InputOptions): InputBatch {
  const col = new Collector(file, spec, opts);
  readCsv(text, col);
  return col.finish();
}

function readCsv(text: string, col: Collector): void {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // one trailing newline
  if (lines.length === 0 || (lines.length === 1 && lines[0]!.trim() === '')) return; // empty: reported by finish()
  for (let r = 0; r < lines.length && !col.sink.full; r++) {
    let line = lines[r]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const loc = { line: r + 1 };
    if (line.trim() === '') {
      col.fail('empty line', { ...loc, row: r }, r === lines.length - 1 ? 'only one trailing newline is allowed' : undefined);
      continue;
    }
    const fields = line.split(',');
    if (r === 0 && fields.some((f) => /^\s*[A-Za-z_"]/.test(f))) {
      col.fail('the first line looks like a header', { ...loc, row: 0 }, 'header lines are not allowed: remove the first line');
      continue;
    }
    if (!col.checkWidth(fields.length, r, loc)) continue;
    const values = new Array<number>(fields.length);
    let ok = true;
    fields.forEach((f, c) => {
      const t = f.trim();
      const x = /^[+-]?\d+$/.test(t) ? Number(t) : NaN;
      const before = col.sink.count;
      col.check(x, r, c, loc, t === '' ? '(empty)' : t);
      if (col.sink.count !== before) ok = false;
      values[c] = x;
    });
    if (ok) col.push(values);
  }
}

function readNpyInputs(buf: Buffer, col: Collector): void {
  const arr = readNpy(buf, col.file, INPUT_DTYPES);
  if (arr.shape.length !== 2) {
    col.fail(`expected a 2-D array (vectors × elements), got shape (${arr.shape.join(', ')})`, {}, arr.shape.length === 1 ? 'a single vector must be saved as shape (1, n)' : undefined);
    return;
  }
  const [n, m] = arr.shape as [number, number];
  if (n === 0) return; // empty: reported by finish()
  if (!col.checkWidth(m, 0, {})) return;
  for (let r = 0; r < n && !col.sink.full; r++) {
    const values = Array.from(arr.data.subarray(r * m, (r + 1) * m));
    const before = col.sink.count;
    values.forEach((x, c) => col.check(x, r, c, {}));
    if (col.sink.count === before) col.push(values);
  }
}

function readJsonInputs(text: string, col: Collector): void {
  const src = parseJsonSource(text, col.file);
  const root = src.root;
  if (root.kind !== 'array') {
    col.fail(`expected an array of rows ([[...], ...]), got ${describe(src.value)}`, src.where([]));
    return;
  }
  for (let r = 0; r < root.items.length && !col.sink.full; r++) {
    const row = root.items[r]!;
    const at = (p: Array<string | number>) => {
      const w = src.where(p);
      return { line: w.line, column: w.column };
    };
    if (row.kind !== 'array') {
      col.fail(`row ${r} is not an array`, { ...at([r]), row: r });
      continue;
    }
    if (!col.checkWidth(row.items.length, r, at([r]))) continue;
    const values: number[] = [];
    const before = col.sink.count;
    row.items.forEach((node, c) => {
      if (node.kind !== 'number') {
        col.fail(`expected a number, got ${node.kind}`, { ...at([r, c]), row: r, col: c });
        values.push(NaN);
        return;
      }
      col.check(node.value, r, c, at([r, c]));
      values.push(node.value);
    });
    if (col.sink.count === before) col.push(values);
  }
}
