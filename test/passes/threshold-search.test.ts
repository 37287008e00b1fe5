import { expect } from 'chai';
import fc from 'fast-check';
import { applyThreshold, searchThreshold, toComparator } from '../../src/passes/threshold-search.js';
import type { ThresholdChannel } from '../../src/ir/model.js';
import { UserError } from '../../src/diagnostics.js';
import { fcParams } from '../support/arbitraries.js';

describe('passes/threshold-search', () => {
  it('finds the switch point of any monotone step decision over the range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: -60, max: 160 }), fc.boolean(), (lo, width, cut, up) => {
        const hi = lo + width;
        // y >= 0 iff q >= cut (up) or q <= cut (down)
        const y = (q: number): number => (up ? q - cut : cut - q);
        const ch = searchThreshold(lo, hi, y, 'x');
        for (let q = lo; q <= hi; q++) expect(applyThreshold(ch, q) === 1).to.equal(y(q) >= 0);
        if (ch.kind === 'ge') expect(ch.t).to.be.within(lo + 1, hi);
        if (ch.kind === 'le') expect(ch.t).to.be.within(lo, hi - 1);
      }),
      fcParams(300),
    );
  });
  it('reports NaN decisions as E_VALUE at the given location', () => {
    expect(() => searchThreshold(0, 4, () => NaN, 'layers[1][2]')).to.throw(UserError).with.property('code', 'E_VALUE');
  });
  it('toComparator keeps every reachable decision and stays within [lo - 1, hi + 1]', () => {
    const chs: ThresholdChannel[] = [
      { kind: 'const', value: 1 }, { kind: 'const', value: -1 }, { kind: 'ge', t: -100 }, { kind: 'ge', t: 100 },
      { kind: 'le', t: -100 }, { kind: 'le', t: 100 }, { kind: 'ge', t: 3 }, { kind: 'le', t: 3 },
    ];
    for (const ch of chs) {
      const cmp = toComparator(ch, 0, 7);
      expect(cmp.t).to.be.within(-1, 8);
      for (let q = 0; q <= 7; q++) expect(cmp.direction === 'ge' ? q >= cmp.t : q <= cmp.t).to.equal(applyThreshold(ch, q) === 1);
    }
  });
});
