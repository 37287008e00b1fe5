import { expect } from 'chai';
import { UserError } from '../../src/diagnostics.js';
import type { InputSpec } from '../../src/ir/model.js';
import { checkBatch } from '../../src/ref/batch.js';

function firstBad(spec: InputSpec, values: number[], width: number): { row?: number; col?: number; message: string } | null {
  try {
    checkBatch(spec, { count: values.length / width, width, data: Int32Array.from(values) });
    return null;
  } catch (e) {
    expect(e).to.be.instanceOf(UserError);
    const u = e as UserError;
    expect(u.code).to.equal('E_INPUT');
    return { message: u.message, ...u.diagnostics[0]!.location };
  }
}

describe('ref: checkBatch', () => {
  it('bipolar: only -1 and +1 pass; the first other value is reported by row and column', () => {
    const spec: InputSpec = { shape: [3], encoding: { kind: 'bipolar' } };
    expect(firstBad(spec, [1, -1, 1, -1, -1, 1], 3)).to.equal(null);
    for (const v of [0, 2, -2, 3, -3, 2 ** 31 - 1, -(2 ** 31)]) {
      const r = firstBad(spec, [1, -1, 1, -1, v, 1, v, 1, 1], 3);
      expect(r, `value ${v}`).to.not.equal(null);
      expect(r!.message, `value ${v}`).to.contain(`input value ${v} is out of range`);
      expect([r!.row, r!.col], `value ${v}`).to.deep.equal([1, 1]);
    }
  });

  it('uint: 0..2^bits-1 pass for 1, 8 and 31 bits; negatives and values above the range do not', () => {
    for (const bits of [1, 8, 31]) {
      const spec: InputSpec = { shape: [2], encoding: { kind: 'uint', bits } };
      const max = 2 ** bits - 1;
      expect(firstBad(spec, [0, max, max, 0], 2), `uint${bits}`).to.equal(null);
      for (const v of [-1, -(2 ** 31), ...(bits < 31 ? [max + 1, 2 ** 31 - 1] : [])]) {
        const r = firstBad(spec, [0, max, 0, v, v, 0], 2);
        expect(r, `uint${bits} value ${v}`).to.not.equal(null);
        expect(r!.message).to.contain(`input value ${v} is out of range`);
        expect([r!.row, r!.col], `uint${bits} value ${v}`).to.deep.equal([1, 1]);
      }
    }
  });
});
