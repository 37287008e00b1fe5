/**
 * A small reader and writer for NumPy `.npy` files (format versions 1.0,
 * 2.0 and 3.0; https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
 *
 * Only what a model or an input file needs: little-endian numbers in C
 * order. Everything else (big-endian, Fortran order, structured or
 * complex dtypes, object arrays, truncated data) is an `E_NPY` diagnostic
 * naming the file and what is wrong, never a wrong array.
 */
import { UserError, diag } from '../diagnostics.js';

/** Canonical dtype names (the `descr` numpy writes on a little-endian machine). */
export type NpyDtype = '<f4' | '<f8' | '|i1' | '|u1' | '|b1' | '<i2' | '<u2' | '<i4' | '<u4' | '<i8' | '<u8';

/** The dtypes a model tensor may use (docs/model-format.md). */
export const MODEL_DTYPES: readonly NpyDtype[] = ['<f4', '<f8', '|i1', '|u1', '|b1'];
/** Dtypes accepted for inference inputs: the model ones plus the wider integers numpy uses by default. */
export const INPUT_DTYPES: readonly NpyDtype[] = [...MODEL_DTYPES, '<i2', '<u2', '<i4', '<u4', '<i8', '<u8'];

const ITEM_SIZE: Record<NpyDtype, number> = {
  '<f4': 4, '<f8': 8, '|i1': 1, '|u1': 1, '|b1': 1, '<i2': 2, '<u2': 2, '<i4': 4, '<u4': 4, '<i8': 8, '<u8': 8,
};
const DTYPE_NAME: Record<NpyDtype, string> = {
  '<f4': 'float32', '<f8': 'float64', '|i1': 'int8', '|u1': 'uint8', '|b1': 'bool',
  '<i2': 'int16', '<u2': 'uint16', '<i4': 'int32', '<u4': 'uint32', '<i8': 'int64', '<u8': 'uint64',
};

/** A decoded array; values are widened to float64 (exact for every supported dtype but 64-bit ints beyond 2^53, which are refused). */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function npyFail(file: string, message: string, hint?: string): never {
  throw new UserError(diag('E_NPY', message, { file }, hint ? { hint } : {}));
}

/** Map a `descr` string to a supported dtype (accepting numpy's equivalent spellings), or explain why not. */
function normaliseDescr(descr: string, file: string, allowed: readonly NpyDtype[]): NpyDtype {
  const m = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(descr);
  if (!m) npyFail(file, `unsupported dtype '${descr}'`, `supported: ${allowed.map((d) => DTYPE_NAME[d]).join(', ')}`);
  const [, order, kind, size] = m;
  if (order === '>' && size !== '1') {
    npyFail(file, `big-endian dtype '${descr}' is not supported`, `convert with arr.astype(arr.dtype.newbyteorder('<')) before np.save`);
  }
  if (order === '=' && size !== '1') npyFail(file, `native-order dtype '${descr}' is ambiguous; expected an explicit '<'`);
  const canon = (size === '1' ? `|${kind}1` : `<${kind}${size}`) as NpyDtype;
  if (!allowed.includes(canon)) {
    npyFail(file, `unsupported dtype '${descr}'`, `supported: ${allowed.map((d) => `${DTYPE_NAME[d]} ('${d}')`).join(', ')}`);
  }
  return canon;
}

/**
 * Decode an `.npy` file held in `buf`. `file` names it in diagnostics;
 * `allowed` restricts the dtypes (default {@link MODEL_DTYPES}).
 * @throws UserError `E_NPY` on any malformed or unsupported content.
 */
export function readNpy(buf: Uint8Array, file: string, allowed: readonly NpyDtype[] = MODEL_DTYPES): NpyArray {
  if (buf.length < 10 || MAGIC.some((b, i) => buf[i] !== b)) {
    npyFail(file, 'not a .npy file (bad magic; expected \\x93NUMPY)', 'write it with numpy.save (np.savez/.npz archives are not supported)');
  }
  const major = buf[6]!;
  const minor = buf[7]!;
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = buf[8]! | (buf[9]! << 8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (buf.length < 12) npyFail(file, 'truncated header');
    headerLen = (buf[8]! | (buf[9]! << 8) | (buf[10]! << 16)) + buf[11]! * 2 ** 24;
    headerStart = 12;
  } else {
    npyFail(file, `unsupported .npy format version ${major}.${minor} (expected 1.0, 2.0 or 3.0)`);
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > buf.length) npyFail(file, `truncated header (needs ${headerLen} bytes, file has ${buf.length - headerStart})`);
  const headerBytes = buf.subarray(headerStart, dataStart);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);
  const dict = parseHeader(header, file);

  const descr = dict.get('descr');
  if (typeof descr !== 'string') {
    npyFail(file, Array.isArray(descr) ? 'structured dtypes are not supported' : "header has no string 'descr'");
  }
  const fortran = dict.get('fortran_order');
  if (typeof fortran !== 'boolean') npyFail(file, "header has no boolean 'fortran_order'");
  const shape = dict.get('shape');
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) npyFail(file, "header has no 'shape' tuple of integers");
  for (const k of dict.keys()) {
    if (k !== 'descr' && k !== 'fortran_order' && k !== 'shape') npyFail(file, `unexpected header key '${k}'`);
  }
  const dtype = normaliseDescr(descr, file, allowed);
  if (fortran) {
    npyFail(file, 'Fortran-order arrays are not supported (fortran_order: True)', 'save np.ascontiguousarray(arr) instead');
  }
  const dims = shape as number[];
  const count = dims.reduce((a, b) => a * b, 1);
  const need = count * ITEM_SIZE[dtype];
  const have = buf.length - dataStart;
  if (have < need) npyFail(file, `truncated data: shape (${dims.join(', ')}) of ${DTYPE_NAME[dtype]} needs ${need} bytes, file has ${have}`);
  if (have > need) npyFail(file, `data size does not match the shape: (${dims.join(', ')}) of ${DTYPE_NAME[dtype]} needs ${need} bytes, file has ${have}`);
  const data = decode(buf.subarray(dataStart), dtype, count, file);
  return { dtype, shape: dims, data };
}

function decode(b: Uint8Array, dtype: NpyDtype, n: number, file: string): Float64Array {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (dtype) {
      case '<f4': out[i] = dv.getFloat32(4 * i, true); break;
      case '<f8': out[i] = dv.getFloat64(8 * i, true); break;
      case '|i1': out[i] = dv.getInt8(i); break;
      case '|u1': out[i] = dv.getUint8(i); break;
      case '|b1': {
        const v = dv.getUint8(i);
        if (v > 1) npyFail(file, `bool element ${i} holds byte ${v} (expected 0 or 1)`);
        out[i] = v;
        break;
      }
      case '<i2': out[i] = dv.getInt16(2 * i, true); break;
      case '<u2': out[i] = dv.getUint16(2 * i, true); break;
      case '<i4': out[i] = dv.getInt32(4 * i, true); break;
      case '<u4': out[i] = dv.getUint32(4 * i, true); break;
      case '<i8':
      case '<u8': {
        const v = dtype === '<i8' ? dv.getBigInt64(8 * i, true) : dv.getBigUint64(8 * i, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
          npyFail(file, `element ${i} (${v}) is too large to represent exactly`);
        }
        out[i] = Number(v);
        break;
      }
    }
  }
  return out;
}

type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

/** Parse the header: a Python dict literal of strings, ints, booleans, None and tuples. */
function parseHeader(text: string, file: string): Map<string, PyValue> {
  let i = 0;
  const bad = (what: string): never => npyFail(file, `malformed header (${what}): ${JSON.stringify(text.trim().slice(0, 120))}`);
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (depth: number): PyValue => {
    if (depth > 8) bad('nested too deeply');
    ws();
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) bad('unterminated string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      i++;
      const items: PyValue[] = [];
      for (;;) {
        ws();
        if (text[i] === close) {
          i++;
          return items;
        }
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== close) bad(`expected ',' or '${close}'`);
      }
    }
    if (c === '{') {
      i++;
      const m = new Map<string, PyValue>();
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return m;
        }
        const k = value(depth + 1);
        if (typeof k !== 'string') return bad('dict key is not a string');
        ws();
        if (text[i] !== ':') bad("expected ':'");
        i++;
        m.set(k, value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') bad("expected ',' or '}'");
      }
    }
    const m = /^(True|False|None|\d+L?)/.exec(text.slice(i));
    if (!m) return bad(`unexpected ${c === undefined ? 'end' : `'${c}'`}`);
    i += m[0].length;
    if (m[0] === 'True') return true;
    if (m[0] === 'False') return false;
    if (m[0] === 'None') return null;
    return Number(m[0].replace('L', ''));
  };
  ws();
  if (text[i] !== '{') npyFail(file, `header is not a dict: ${JSON.stringify(text.trim().slice(0, 120))}`);
  const v = value(0);
  ws();
  if (i !== text.length) bad('text after the dict');
  return v as Map<string, PyValue>;
}

/** Options for {@link writeNpy}. */
export interface WriteNpyOptions {
  /** Format version to write (default 1 when the header fits, else 2). */
  version?: 1 | 2 | 3;
}

/**
 * Encode `data` with `shape` as an `.npy` file (C order, little-endian),
 * laid out exactly as numpy.save does (header padded to 64 bytes, `\n`).
 * Values are converted to `dtype` (float32 rounds; integer dtypes require
 * integral values in range, bool requires 0/1).
 */
export function writeNpy(
  shape: readonly number[],
  data: ArrayLike<number>,
  dtype: NpyDtype = '<f8',
  opts: WriteNpyOptions = {},
): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`writeNpy: shape (${shape.join(', ')}) needs ${count} values, got ${data.length}`);
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  const version = opts.version ?? (dict.length + 75 > 0xffff ? 2 : 1);
  const start = version === 1 ? 10 : 12;
  const headerLen = Math.ceil((start + dict.length + 1) / 64) * 64 - start;
  if (version === 1 && headerLen > 0xffff) throw new Error('writeNpy: header too long for format 1.0');
  const header = dict + ' '.repeat(headerLen - dict.length - 1) + '\n';
  const size = ITEM_SIZE[dtype];
  const out = new Uint8Array(start + headerLen + count * size);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, headerLen, true);
  else dv.setUint32(8, headerLen, true);
  out.set(new TextEncoder().encode(header), start);
  const base = start + headerLen;
  for (let i = 0; i < count; i++) {
    const v = data[i]!;
    const at = base + i * size;
    if (dtype !== '<f4' && dtype !== '<f8' && !Number.isInteger(v)) throw new Error(`writeNpy: ${v} is not an integer (${dtype})`);
    switch (dtype) {
      case '<f4': dv.setFloat32(at, v, true); break;
      case '<f8': dv.setFloat64(at, v, true); break;
      case '|i1': dv.setInt8(at, v); break;
      case '|u1': dv.setUint8(at, v); break;
      case '|b1':
        if (v !== 0 && v !== 1) throw new Error(`writeNpy: bool value ${v}`);
        dv.setUint8(at, v);
        break;
      case '<i2': dv.setInt16(at, v, true); break;
      case '<u2': dv.setUint16(at, v, true); break;
      case '<i4': dv.setInt32(at, v, true); break;
      case '<u4': dv.setUint32(at, v, true); break;
      case '<i8': dv.setBigInt64(at, BigInt(v), true); break;
      case '<u8': dv.setBigUint64(at, BigInt(v), true); break;
    }
  }
  return out;
}
