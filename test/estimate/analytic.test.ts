/**
 * The analytic estimator: fast structural properties, and (@slow) its
 * error against Yosys on shapes that are not in the calibration grids.
 * The bounds asserted there are the accuracy achieved on iCE40 and ECP5
 * against flattened native Yosys (docs/estimates.md): FFs within ±10 % and
 * LUTs within ±25 % per shape, LUTs within ±12 % on average per target.
 */
import { expect } from 'chai';
import { designFromModel } from '../../src/flow.js';
import { estimatePlan, fifoFeatures, mvuFeatures, weightLanes } from '../../src/estimate/analytic.js';
import { shapeModel, type ShapeLayer } from '../../src/estimate/shape-model.js';
import { synthDesign } from '../../src/estimate/synth-design.js';
import { COEFFICIENTS } from '../../src/estimate/coefficients.js';
import type { InputEncoding } from '../../src/ir/model.js';

/** Every target the synth command knows; each must be calibrated. */
const TARGETS = ['ice40', 'ecp5', 'xilinx', 'generic'];

const flowOf = (input: InputEncoding, layers: ShapeLayer[], fold: string, seed = 5) => designFromModel(shapeModel({ input, seed, layers }), { fold });

describe('analytic estimator', () => {
  it('is calibrated for every synthesis target', () => {
    expect(Object.keys(COEFFICIENTS).sort()).to.deep.equal([...TARGETS].sort());
  });

  for (const t of TARGETS) {
    it(`has coefficients for ${t} fitted against a recorded Yosys version`, () => {
      const c = COEFFICIENTS[t]!;
      expect(c.yosysVersion).to.match(/^\d+\.\d+$/);
      expect(c.points.mvu).to.be.greaterThan(20);
      expect(Object.keys(c.mvu.luts).length).to.be.greaterThan(2);
      const f = flowOf({ kind: 'bipolar' }, [{ in: 64, out: 16, semantics: 'and', density: 0.5 }], '0:pe=4,simd=16');
      const e = estimatePlan(f.plan, t);
      expect(e.total.luts).to.be.greaterThan(0);
      expect(e.total.ffs).to.be.greaterThan(0);
    });
  }

  it('rejects an uncalibrated target with E_UNSUPPORTED', () => {
    const f = flowOf({ kind: 'bipolar' }, [{ in: 16, out: 4, semantics: 'and', density: 0.5 }], '0:pe=1,simd=4');
    expect(() => estimatePlan(f.plan, 'stratix')).to.throw(/no estimator coefficients/);
  });

  it('grows with PE·SIMD and shrinks for all-zero and weights', () => {
    const layers = (d: number): ShapeLayer[] => [{ in: 64, out: 16, semantics: 'and', density: d }];
    const small = estimatePlan(flowOf({ kind: 'bipolar' }, layers(0.5), '0:pe=2,simd=8').plan, 'ice40').layers[0]!.mvu;
    const big = estimatePlan(flowOf({ kind: 'bipolar' }, layers(0.5), '0:pe=8,simd=32').plan, 'ice40').layers[0]!.mvu;
    const zero = estimatePlan(flowOf({ kind: 'bipolar' }, layers(0), '0:pe=2,simd=8').plan, 'ice40').layers[0]!.mvu;
    expect(big.luts).to.be.greaterThan(small.luts);
    expect(zero.luts).to.be.lessThan(small.luts);
  });

  it('counts live lanes and varying ROM columns from the weight image', () => {
    const f = flowOf({ kind: 'bipolar' }, [{ in: 16, out: 4, semantics: 'and', density: 0 }], '0:pe=2,simd=4');
    expect(weightLanes(f.plan.layers[0]!)).to.deep.equal({ live: 0, varying: 0 });
    const x = flowOf({ kind: 'bipolar' }, [{ in: 16, out: 4, semantics: 'xnor', density: 0 }], '0:pe=2,simd=4');
    expect(weightLanes(x.plan.layers[0]!)).to.deep.equal({ live: 8, varying: 0 });
  });

  it('charges the part-select for power-of-two SIMD·EB and the AND-OR select otherwise, both (IN − SIMD)·EB', () => {
    const c = COEFFICIENTS.ice40!;
    const feat = (bits: number, simd: number) => mvuFeatures(flowOf({ kind: 'uint', bits }, [{ in: 4 * simd, out: 4, semantics: 'and', density: 0.5 }], `0:pe=1,simd=${simd}`).plan.layers[0]!, c);
    // 12 × 3 bits = 36 and 5 × 7 = 35: AND-OR; 8 × 4 = 32: part-select. IN = 4·SIMD, so (IN − SIMD)·EB = 3·SIMD·EB.
    for (const [bits, simd, andOr] of [[3, 12, true], [4, 8, false], [7, 5, true]] as const) {
      const f = feat(bits, simd);
      expect(f.inMuxAo, `${simd}×${bits}`).to.equal(andOr ? 3 * simd * bits : 0);
      expect(f.inMux, `${simd}×${bits}`).to.equal(andOr ? 0 : 3 * simd * bits);
    }
    // SF = 1: no select at all.
    const full = mvuFeatures(flowOf({ kind: 'uint', bits: 3 }, [{ in: 12, out: 4, semantics: 'and', density: 0.5 }], '0:pe=1,simd=12').plan.layers[0]!, c);
    expect([full.inMux, full.inMuxAo]).to.deep.equal([0, 0]);
  });

  it('puts FIFOs in LUT-RAM from the calibrated width on', () => {
    for (const t of TARGETS) {
      const c = COEFFICIENTS[t]!;
      expect(fifoFeatures(4, 2, c).ram, t).to.equal(c.fifoRam && c.fifoRam.minWidth <= 4 ? 1 : 0);
      if (!c.fifoRam) continue;
      const w = c.fifoRam.minWidth;
      expect(fifoFeatures(w, 2, c)).to.deep.equal({ one: 0, width: 0, bits: 0, ram: 1, ramWidth: w });
      if (w > 1) expect(fifoFeatures(w - 1, 2, c)).to.deep.equal({ one: 1, width: w - 1, bits: 2 * (w - 1), ram: 0, ramWidth: 0 });
    }
    expect(fifoFeatures(64, 2).ram).to.equal(0);
  });

  it('answers in milliseconds for the digits-size model', () => {
    const f = flowOf({ kind: 'uint', bits: 5 }, [{ in: 64, out: 256, semantics: 'and', density: 0.5 }, { in: 256, out: 10, semantics: 'xnor', density: 0.5 }], '');
    const e = estimatePlan(f.plan, 'ice40');
    expect(e.layers).to.have.length(2);
    expect(e.total.luts).to.equal(e.layers.reduce((a, l) => a + l.total.luts, 0));
  });

  const cases: Array<{ name: string; input: InputEncoding; layers: ShapeLayer[]; fold: string }> = [
    { name: '48->12 uint3 and, PE 3 SIMD 12', input: { kind: 'uint', bits: 3 }, layers: [{ in: 48, out: 12, semantics: 'and', density: 0.5 }, { in: 12, out: 3, semantics: 'xnor', density: 0.5 }], fold: '0:pe=3,simd=12;1:pe=3,simd=4' },
    { name: '96->6 bipolar xnor, PE 2 SIMD 16', input: { kind: 'bipolar' }, layers: [{ in: 96, out: 6, semantics: 'xnor', density: 0.5 }, { in: 6, out: 2, semantics: 'and', density: 0.5 }], fold: '0:pe=2,simd=16;1:pe=1,simd=6' },
    { name: '40->20 bipolar and d=0.3, PE 4 SIMD 8', input: { kind: 'bipolar' }, layers: [{ in: 40, out: 20, semantics: 'and', density: 0.3 }, { in: 20, out: 5, semantics: 'xnor', density: 0.5 }], fold: '0:pe=4,simd=8;1:pe=5,simd=10' },
  ];
  // The accuracy achieved against flattened synthesis (docs/estimates.md, held-back table): the
  // hierarchy-kept fit this replaced was 8-89 % high on such shapes.
  // ECP5 is looser: its small held-back shapes are 18.7 % mean, up to -23 % on the sparse `and`
  // layer below (docs/estimates.md), against 10.5 % on iCE40.
  const BOUNDS = { ice40: { lut: 0.25, mean: 0.12 }, ecp5: { lut: 0.3, mean: 0.15 } };
  for (const target of ['ice40', 'ecp5'] as const) {
    const LUT_BOUND = BOUNDS[target].lut;
    const MEAN_LUT_BOUND = BOUNDS[target].mean;
    describe(`${target} error against Yosys on shapes outside the calibration grid @slow`, function () {
      this.timeout(900_000);
      const lutErrors: number[] = [];
      for (const c of cases) {
        it(c.name, async () => {
          const flow = flowOf(c.input, c.layers, c.fold, 99);
          const est = estimatePlan(flow.plan, target);
          // The coefficients are fitted on flattened synthesis with the native Yosys (docs/estimates.md),
          // what a real flow does; CI installs it, so this never falls back to wasm.
          const syn = (await synthDesign(flow, { target, engine: 'native' })).report;
          const errs: string[] = [];
          for (const [k, bound] of [['luts', LUT_BOUND], ['ffs', 0.1]] as const) {
            const e = est.total[k];
            const y = syn.total[k];
            const rel = (e - y) / y;
            if (k === 'luts') lutErrors.push(Math.abs(rel));
            errs.push(`${k} est ${e} vs Yosys ${syn.yosysVersion} ${y}: ${(rel * 100).toFixed(1)} %`);
            expect(Math.abs(rel), `${k}: estimate ${e}, Yosys ${y}`).to.be.lessThan(bound);
          }
          console.log(`      ${c.name}: ${errs.join('; ')}`);
        });
      }
      it(`keeps the mean LUT error within ${MEAN_LUT_BOUND * 100} %`, function () {
        if (lutErrors.length < cases.length) this.skip();
        const mean = lutErrors.reduce((a, b) => a + b, 0) / lutErrors.length;
        expect(mean).to.be.lessThan(MEAN_LUT_BOUND);
      });
    });
  }
});
