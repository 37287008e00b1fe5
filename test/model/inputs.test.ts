import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InputSpec } from '../../src/ir/model.js';
import { loadInputs, parseCsvInputs } from '../../src/model/inputs.js';
import { writeNpy } from '../../src/model/npy.js';
import { catchUserError } from '../support/errors.js';

const u3: InputSpec = { shape: [3], encoding: { kind: 'uint', bits: 3 } };
const bip: InputSpec = { shape: [3], encoding: { kind: 'bipolar' } };

describe('model/inputs', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-in-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const put = (name: string, content: string | Uint8Array) => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, content);
    return p;
  };

  it('reads CSV with labels, CRLF and one trailing newline', () => {
    const b = loadInputs(put('a.csv', '0,1,7,2\r\n7, 6 ,5,0\r\n'), u3, { labels: 'last' });
    expect(b.count).to.equal(2);
    expect(b.width).to.equal(3);
    expect(Array.from(b.data)).to.deep.equal([0, 1, 7, 7, 6, 5]);
    expect(Array.from(b.labels!)).to.deep.equal([2, 0]);
    expect(loadInputs(put('b.csv', '1,2,3'), u3, { labels: 'none' }).labels).to.equal(null);
  });

  it('reads bipolar values -1/+1', () => {
    expect(Array.from(parseCsvInputs('-1,+1,1\n', 'x.csv', bip, { labels: 'none' }).data)).to.deep.equal([-1, 1, 1]);
  });

  it('reads 2-D npy of integer or integral float dtypes', () => {
    for (const dtype of ['|u1', '<i8', '<f4', '<f8', '<i2'] as const) {
      const b = loadInputs(put(`x${dtype.slice(1)}.npy`, writeNpy([2, 4], [1, 2, 3, 9, 4, 5, 6, 0], dtype)), u3, { labels: 'last' });
      expect(Array.from(b.data)).to.deep.equal([1, 2, 3, 4, 5, 6]);
      expect(Array.from(b.labels!)).to.deep.equal([9, 0]);
    }
  });

  it('reads JSON arrays of rows', () => {
    const b = loadInputs(put('x.json', '[[1,2,3],[4,5,6]]'), u3, { labels: 'none' });
    expect(Array.from(b.data)).to.deep.equal([1, 2, 3, 4, 5, 6]);
  });

  it('names file, line, row and column; reports all problems', () => {
    const e = catchUserError(() => parseCsvInputs('1,2,3\n1,9,3\n1,2\nx,1,1\n', 'in.csv', u3, { labels: 'none' }));
    expect(e.diagnostics.map((d) => [d.location?.line, d.location?.row, d.location?.col])).to.deep.equal([
      [2, 1, 1],
      [3, 2, undefined],
      [4, 3, 0],
    ]);
    expect(e.message).to.include('in.csv:2 row 1 column 1: value 9 is out of range 0..7');
  });

  it('rejects unknown extensions and missing files', () => {
    expect(catchUserError(() => loadInputs(put('x.txt', '1,2,3'), u3, { labels: 'none' })).code).to.equal('E_INPUT');
    expect(catchUserError(() => loadInputs(path.join(tmp, 'none.csv'), u3, { labels: 'none' })).code).to.equal('E_IO');
  });

  it('rejects a non-array JSON document and non-array rows', () => {
    expect(catchUserError(() => loadInputs(put('o.json', '{"a":1}'), u3, { labels: 'none' })).code).to.equal('E_INPUT');
    expect(catchUserError(() => loadInputs(put('r.json', '[1,2,3]'), u3, { labels: 'none' })).message).to.include('row 0 is not an array');
  });

  it('suggests --labels when the width is off by the label column', () => {
    expect(catchUserError(() => parseCsvInputs('1,2,3,4\n', 'x.csv', u3, { labels: 'none' })).diagnostics[0]!.hint).to.include('--labels last');
    expect(catchUserError(() => parseCsvInputs('1,2,3\n', 'x.csv', u3, { labels: 'last' })).diagnostics[0]!.hint).to.include('--labels none');
  });
});
