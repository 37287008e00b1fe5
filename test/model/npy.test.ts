import { expect } from 'chai';
import fc from 'fast-check';
import { UserError } from '../../src/diagnostics.js';
import { INPUT_DTYPES, MODEL_DTYPES, readNpy, writeNpy, type NpyDtype } from '../../src/model/npy.js';
import { catchUserError } from '../support/errors.js';

function npyErr(buf: Uint8Array, allowed = MODEL_DTYPES): UserError {
  return catchUserError(() => readNpy(buf, 'x.npy', allowed), 'accepted');
}

/** Build a file with a hand-written header. */
function withHeader(dict: string, data: Uint8Array, major = 1): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  const len = Math.ceil((pre + dict.length + 1) / 64) * 64 - pre;
  const out = new Uint8Array(pre + len + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const dv = new DataView(out.buffer);
  if (major === 1) dv.setUint16(8, len, true);
  else dv.setUint32(8, len, true);
  out.set(new TextEncoder().encode(dict + ' '.repeat(len - dict.length - 1) + '\n'), pre);
  out.set(data, pre + len);
  return out;
}

describe('model/npy', () => {
  it('reads a file laid out exactly as numpy.save writes it', () => {
    // np.save(f, np.array([[1.5, -2], [0, 3]], dtype='<f4'))
    const buf = writeNpy([2, 2], [1.5, -2, 0, 3], '<f4');
    expect(buf.length).to.equal(128 + 16);
    expect(new TextDecoder().decode(buf.subarray(10, 128))).to.match(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 2\), \} +\n$/);
    const a = readNpy(buf, 'x.npy');
    expect(a.dtype).to.equal('<f4');
    expect(a.shape).to.deep.equal([2, 2]);
    expect(Array.from(a.data)).to.deep.equal([1.5, -2, 0, 3]);
  });

  it('round-trips every supported dtype and format version (property)', () => {
    const ranges: Record<NpyDtype, [number, number]> = {
      '<f4': [-1e6, 1e6], '<f8': [-1e300, 1e300], '|i1': [-128, 127], '|u1': [0, 255], '|b1': [0, 1], '<i2': [-32768, 32767],
      '<u2': [0, 65535], '<i4': [-(2 ** 31), 2 ** 31 - 1], '<u4': [0, 2 ** 32 - 1], '<i8': [-(2 ** 53) + 1, 2 ** 53 - 1], '<u8': [0, 2 ** 53 - 1],
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...INPUT_DTYPES),
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
        fc.constantFrom(1 as const, 2 as const, 3 as const),
        fc.integer(),
        (dtype, shape, version, seed) => {
          const n = shape.reduce((a, b) => a * b, 1);
          const [lo, hi] = ranges[dtype];
          let s = seed >>> 0 || 1;
          const vals = Array.from({ length: n }, () => {
            s = (s * 1103515245 + 12345) >>> 0;
            const u = s / 2 ** 32;
            const v = lo + u * (hi - lo);
            return dtype === '<f4' ? Math.fround(v) : dtype === '<f8' ? v : Math.round(v);
          });
          const a = readNpy(writeNpy(shape, vals, dtype, { version }), 'x.npy', INPUT_DTYPES);
          expect(a.shape).to.deep.equal(shape);
          expect(Array.from(a.data)).to.deep.equal(vals);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });

  it('accepts numpy spellings: <i1, <u1, 0-d, 1-tuple, v2 header', () => {
    expect(readNpy(withHeader("{'descr': '<i1', 'fortran_order': False, 'shape': (2,), }", new Uint8Array([255, 3])), 'x').data).to.deep.equal(new Float64Array([-1, 3]));
    expect(readNpy(withHeader("{'descr': '<u1', 'fortran_order': False, 'shape': (), }", new Uint8Array([7])), 'x').shape).to.deep.equal([]);
    expect(readNpy(withHeader("{'shape': (1,), 'fortran_order': False, 'descr': '|b1'}", new Uint8Array([1]), 2), 'x').data[0]).to.equal(1);
  });

  it('restricts model tensors to the documented dtypes', () => {
    const e = npyErr(writeNpy([2], [1, 2], '<i8'));
    expect(e.code).to.equal('E_NPY');
    expect(e.message).to.include("'<i8'");
    expect(readNpy(writeNpy([2], [1, 2], '<i8'), 'x', INPUT_DTYPES).data).to.deep.equal(new Float64Array([1, 2]));
  });

  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['bad magic', new TextEncoder().encode('PK\x03\x04 zip file not npy'), /bad magic/],
    ['too short', new Uint8Array([0x93, 0x4e]), /bad magic/],
    ['version 4', (() => { const b = writeNpy([1], [1]); b[6] = 4; return b; })(), /version 4\.0/],
    ['big-endian', withHeader("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4)), /big-endian/],
    ['complex', withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(16)), /unsupported dtype '<c16'/],
    ['object', withHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)), /unsupported dtype '\|O'/],
    ['structured', withHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4)), /structured/],
    ['fortran', withHeader("{'descr': '<f8', 'fortran_order': True, 'shape': (1, 2), }", new Uint8Array(16)), /Fortran/],
    ['truncated data', writeNpy([2, 3], [1, 2, 3, 4, 5, 6]).slice(0, 128 + 47), /truncated data.*needs 48 bytes, file has 47/],
    ['extra data', (() => { const b = writeNpy([2], [1, 2], '|u1'); const c = new Uint8Array(b.length + 1); c.set(b); return c; })(), /does not match the shape/],
    ['truncated header', writeNpy([2], [1, 2]).slice(0, 40), /truncated header/],
    ['header not a dict', withHeader("('descr', '<f8')", new Uint8Array(0)), /header is not a dict/],
    ['malformed dict', withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,", new Uint8Array(8)), /malformed header/],
    ['missing shape', withHeader("{'descr': '<f8', 'fortran_order': False}", new Uint8Array(8)), /shape/],
    ['bad bool byte', withHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }", new Uint8Array([2])), /bool/],
  ];
  for (const [name, buf, re] of cases) {
    it(`refuses ${name} with E_NPY naming the file`, () => {
      const e = npyErr(buf);
      expect(e.code).to.equal('E_NPY');
      expect(e.diagnostics[0]!.location?.file).to.equal('x.npy');
      expect(e.message).to.match(re);
    });
  }

  it('refuses int64 values that float64 cannot hold exactly', () => {
    const b = writeNpy([1], [0], '<i8');
    new DataView(b.buffer).setBigInt64(128, 2n ** 60n, true);
    expect(npyErr(b, INPUT_DTYPES).message).to.include('too large');
  });
});
