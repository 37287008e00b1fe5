/**
 * Turns the tensors of a model file (inline nested arrays or
 * `{ "npy": "file.npy" }` references) into flat float64 arrays, keeping
 * enough about where each came from for validate.ts to point at a single
 * element. `.npy` paths are resolved relative to the model file and may
 * not leave its folder unless the caller allows it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError, diag, type Location } from '../diagnostics.js';
import { formatJsonPath, type JsonSource, type PathSegments } from './json-source.js';
import { MODEL_DTYPES, readNpy } from './npy.js';
import { isNpyRef, type TensorJson } from './schema.js';
import type { DiagnosticSink } from './sink.js';

/** A tensor read from the model file or an npy file, flattened in C order. */
export interface Tensor {
  /** JSON path of the field that holds it. */
  path: PathSegments;
  /** Inline rank-2 tensors: `[rows, length of row 0]`; npy: the file's shape. */
  shape: number[];
  data: Float64Array;
  /** Inline rank-2 tensors: the length of every row (they may differ). */
  rowLengths?: number[];
  /** Inline rank-4 tensors: the nested arrays as written (validate.ts checks their shape). */
  nested?: unknown[];
  /** Set when the data came from an npy file: the path as shown to the user. */
  npyFile?: string;
  /** npy dtype, when from a file. */
  dtype?: string;
}

/** Where tensors are read from. */
export interface TensorContext {
  src: JsonSource;
  /** Folder of the model file: npy paths are relative to it. */
  baseDir: string;
  /** Allow absolute npy paths and paths leading out of `baseDir`. */
  allowOutsidePaths: boolean;
  sink: DiagnosticSink;
}

/** Flatten an inline tensor (already structurally checked by the schema). */
function inlineTensor(v: unknown[], rank: 1 | 2 | 4, p: PathSegments): Tensor {
  if (rank === 4) {
    const flat: number[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else flat.push(x as number);
    };
    walk(v);
    const shape: number[] = [];
    let cur: unknown = v;
    while (Array.isArray(cur)) {
      shape.push(cur.length);
      cur = cur[0];
    }
    return { path: p, shape, data: Float64Array.from(flat), nested: v };
  }
  if (rank === 1) return { path: p, shape: [v.length], data: Float64Array.from(v as number[]) };
  const rows = v as number[][];
  const rowLengths = rows.map((r) => r.length);
  const total = rowLengths.reduce((a, b) => a + b, 0);
  const data = new Float64Array(total);
  let k = 0;
  for (const r of rows) for (const x of r) data[k++] = x;
  return { path: p, shape: [rows.length, rowLengths[0] ?? 0], data, rowLengths };
}

/**
 * Read one tensor; on failure record the problem (`E_PATH`, `E_IO`,
 * `E_NPY`) in the sink and return undefined.
 */
export function resolveTensor(v: TensorJson, rank: 1 | 2 | 4, p: PathSegments, ctx: TensorContext): Tensor | undefined {
  if (!isNpyRef(v)) return inlineTensor(v, rank, p);
  const at: Location = ctx.src.where([...p, 'npy']);
  try {
    return readNpyTensor(v.npy, p, at, ctx);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    for (const d of e.diagnostics) {
      // Point at both the npy file and the JSON field that names it.
      const loc = d.code === 'E_NPY' ? { ...d.location, jsonPath: formatJsonPath(p) } : d.location;
      const notes = d.code === 'E_NPY' ? [...d.notes, `referenced from ${at.file}:${at.line}:${at.column}`] : d.notes;
      ctx.sink.add({ ...d, ...(loc ? { location: loc } : {}), notes });
    }
    return undefined;
  }
}

function readNpyTensor(rel: string, p: PathSegments, at: Location, ctx: TensorContext): Tensor {
  const shown = path.join(path.dirname(ctx.src.file), rel);
  const isAbs = path.isAbsolute(rel) || /^[A-Za-z]:[\\/]/.test(rel) || rel.startsWith('\\');
  const full = path.resolve(ctx.baseDir, rel);
  if (!ctx.allowOutsidePaths) {
    if (isAbs) {
      throw new UserError(
        diag('E_PATH', `absolute npy path "${rel}" refused`, at, {
          hint: 'write the path relative to the model file, or pass --allow-outside-paths if you trust this model',
        }),
      );
    }
    const r = path.relative(ctx.baseDir, full);
    if (r === '..' || r.startsWith('..' + path.sep) || path.isAbsolute(r)) {
      throw new UserError(
        diag('E_PATH', `npy path "${rel}" leads outside the model's folder`, at, {
          hint: 'keep npy files next to the model file (or below it), or pass --allow-outside-paths if you trust this model',
        }),
      );
    }
  }
  let buf: Buffer;
  try {
    const st = fs.statSync(full);
    if (!st.isFile()) throw new UserError(diag('E_IO', `npy path "${rel}" is not a file`, at));
    if (!ctx.allowOutsidePaths) {
      const realBase = fs.realpathSync(ctx.baseDir);
      const r = path.relative(realBase, fs.realpathSync(full));
      if (r.startsWith('..') || path.isAbsolute(r)) {
        throw new UserError(
          diag('E_PATH', `npy path "${rel}" is a link leading outside the model's folder`, at, {
            hint: 'copy the file next to the model, or pass --allow-outside-paths if you trust this model',
          }),
        );
      }
    }
    buf = fs.readFileSync(full);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(
      diag('E_IO', code === 'ENOENT' ? `npy file not found: ${shown}` : `cannot read npy file ${shown}: ${(e as Error).message}`, at, {
        hint: 'npy paths are relative to the folder of the model file',
      }),
    );
  }
  const arr = readNpy(buf, shown, MODEL_DTYPES);
  return { path: p, shape: arr.shape, data: arr.data, npyFile: shown, dtype: arr.dtype };
}
