import { expect } from 'chai';
import fc from 'fast-check';
import { cheapestFolding, divisors, resolveFolding, defaultTargetII } from '../../src/plan/folding.js';
import { parseFoldSpec, formatFolds } from '../../src/plan/fold-spec.js';
import { UserError } from '../../src/diagnostics.js';

describe('plan/folding', () => {
  it('divisors are exactly the numbers that divide n, ascending', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (n) => {
        const brute = [];
        for (let d = 1; d <= n; d++) if (n % d === 0) brute.push(d);
        expect(divisors(n)).to.deep.equal(brute);
      }),
    );
  });

  it('cheapestFolding meets the target with minimal PE·SIMD (brute force)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 2000 }), (inN, out, target) => {
        const f = cheapestFolding({ in: inN, out }, target);
        expect(out % f.pe).to.equal(0);
        expect(inN % f.simd).to.equal(0);
        const ii = (out / f.pe) * (inN / f.simd);
        let bestCost = Infinity;
        for (let pe = 1; pe <= out; pe++) {
          for (let simd = 1; simd <= inN; simd++) {
            if (out % pe || inN % simd) continue;
            if ((out / pe) * (inN / simd) <= target) bestCost = Math.min(bestCost, pe * simd);
          }
        }
        expect(ii).to.be.at.most(target);
        expect(f.pe * f.simd).to.equal(bestCost);
      }),
    );
  });

  it('default folding of the digits MLP balances both layers to the same target', () => {
    const shapes = [{ in: 64, out: 256 }, { in: 256, out: 10 }];
    const target = defaultTargetII(shapes);
    const folds = resolveFolding(shapes, parseFoldSpec(undefined));
    for (const [i, f] of folds.entries()) {
      expect((shapes[i]!.out / f.pe) * (shapes[i]!.in / f.simd)).to.be.at.most(target);
    }
  });

  it('full and serial folds', () => {
    const shapes = [{ in: 7, out: 3 }, { in: 3, out: 5 }];
    expect(resolveFolding(shapes, parseFoldSpec('full'))).to.deep.equal([{ pe: 3, simd: 7 }, { pe: 5, simd: 3 }]);
    expect(resolveFolding(shapes, parseFoldSpec('serial'))).to.deep.equal([{ pe: 1, simd: 1 }, { pe: 1, simd: 1 }]);
  });

  it('explicit folds round-trip through formatFolds', () => {
    const shapes = [{ in: 64, out: 256 }, { in: 256, out: 10 }];
    const folds = resolveFolding(shapes, parseFoldSpec('0:pe=16,simd=64;1:pe=10,simd=32'));
    expect(folds).to.deep.equal([{ pe: 16, simd: 64 }, { pe: 10, simd: 32 }]);
    expect(resolveFolding(shapes, parseFoldSpec(formatFolds(folds)))).to.deep.equal(folds);
  });

  const bad: Array<[string, RegExp]> = [
    ['0:pe=3', /pe=3 does not divide out=256/],
    ['1:simd=7', /simd=7 does not divide in=256/],
    ['2:pe=1', /names layer 2/],
    ['0:pe=0', /at least 1/],
    ['0:foo=2', /bad --fold setting/],
    ['x', /bad --fold entry/],
    ['0:pe=2;0:pe=4', /twice/],
    ['0:pe=2,pe=4', /given twice/],
  ];
  for (const [spec, re] of bad) {
    it(`rejects --fold '${spec}' with E_FOLD`, () => {
      const shapes = [{ in: 64, out: 256 }, { in: 256, out: 10 }];
      try {
        resolveFolding(shapes, parseFoldSpec(spec));
        expect.fail('accepted');
      } catch (e) {
        expect(e).to.be.instanceOf(UserError);
        expect((e as UserError).code).to.equal('E_FOLD');
        expect((e as UserError).message).to.match(re);
      }
    });
  }
});
