import { expect } from 'chai';
import fc from 'fast-check';
import { fcParams } from '../support/arbitraries.js';
import { directScores } from '../support/direct-forward.js';
import type { Model } from '../../src/ir/model.js';
import { borderAcc, borderGeometry, classAt, classCount } from '../../src/ir/border-classes.js';
import type { ConvStage } from '../../src/ir/network.js';
import { evalAffine, channelAffine } from '../../src/passes/channel-affine.js';
import { prepareNetwork, standardPipeline } from '../../src/passes/lower-network.js';
import { runPasses } from '../../src/passes/pass.js';
import { applyThreshold } from '../../src/passes/threshold-search.js';
import { splitStages } from '../../src/passes/stage-structure.js';
import { binarizeWeights } from '../../src/passes/binarize-weights.js';
import type { InferenceResult, InputBatch } from '../../src/ref/batch.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { allBipolarInputs, randomCnnModel, randomInputs, type RandomCnnOptions } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';
import { planNetwork } from '../../src/plan/plan.js';
import { constMemory } from '../../src/plan/memory.js';
import { catchUserError } from '../support/errors.js';

function expectSame(a: InferenceResult, b: InferenceResult, what: string): void {
  expect(Array.from(a.scores), `${what}: scores`).to.deep.equal(Array.from(b.scores));
  expect(Array.from(a.predictions), `${what}: predictions`).to.deep.equal(Array.from(b.predictions));
}

/** Zero-padded ±1 convs: bipolar input, padding 1–2, always padValue 0. */
const ZERO: RandomCnnOptions = { input: 'bipolar', padding: [1, 2], zeroPad: 1, maxWork: 30_000, imageSize: [3, 9] };

function zeroPaddedStages(model: Model): ConvStage[] {
  return prepareNetwork(model).stages.filter((s): s is ConvStage => s.kind === 'conv' && s.border !== null);
}

/** float ≡ packed ≡ the direct explicitly zero-padded convolution ≡ the folded model file. */
function allAgree(seed: number, opts: RandomCnnOptions, vectors: number): void {
  const rng = createRng(seed);
  const model = randomCnnModel(rng, opts);
  const inputs = randomInputs(rng, model.input, vectors);
  const float = inferFloat(model, inputs);
  expect(Array.from(float.scores), `seed ${seed}: direct`).to.deep.equal(directScores(model, inputs));
  expectSame(inferPacked(prepareNetwork(model), inputs), float, `seed ${seed}: packed`);
  expectSame(inferFloat(runPasses(model, standardPipeline).model, inputs), float, `seed ${seed}: folded model`);
}

describe('zero padding of ±1 activations (border classes)', () => {
  it('border geometry: each class is exactly one set of padded taps, distinct ones unless a window lies wholly in the padding', () => {
    for (const [h, k, s, p] of [[3, 3, 1, 1], [5, 3, 2, 1], [7, 5, 1, 2], [4, 5, 2, 2], [1, 3, 1, 1], [3, 1, 1, 2], [6, 4, 3, 2], [2, 5, 1, 2]] as const) {
      const oh = Math.floor((h + 2 * p - k) / s) + 1;
      const ow = Math.floor((h + 1 + 2 * p - k) / s) + 1;
      const g = borderGeometry([1, h, h + 1], [k, k], [s, s], [p, p], [oh, ow]);
      const maskOf = new Map<number, string>();
      const classOf = new Map<string, number>();
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          let mask = '';
          for (let ky = 0; ky < k; ky++) {
            for (let kx = 0; kx < k; kx++) {
              const iy = oy * s - p + ky;
              const ix = ox * s - p + kx;
              mask += iy < 0 || iy >= h || ix < 0 || ix >= h + 1 ? '1' : '0';
            }
          }
          const c = classAt(g, oy, ox);
          const stored = Array.from(g.padded.subarray(c * k * k, (c + 1) * k * k)).join('');
          expect(stored, `h${h} k${k} s${s} p${p} (${oy}, ${ox})`).to.equal(mask);
          maskOf.set(c, mask);
          // padding >= kernel: a wholly padded row or column meets every column / row class.
          if (classOf.has(mask) && p < k) expect(classOf.get(mask), `h${h} k${k} s${s} p${p} mask ${mask}`).to.equal(c);
          classOf.set(mask, c);
        }
      }
      expect(maskOf.size, 'every class occurs').to.equal(classCount(g));
      expect(g.rows).to.be.at.most(2 * p + 1);
      expect(g.cols).to.be.at.most(2 * p + 1);
    }
  });

  it('brute force: the class accumulator range and offset, over every input of small windows', () => {
    // 1 channel 3×3 image, every 2^9 bipolar input: at every position q
    // (padded taps = bit 0) lies in [lo, hi], both ends are reached, and
    // 2q − offset is the zero-padded dot product.
    const rng = createRng(7);
    for (const semantics of ['and', 'xnor'] as const) {
      for (const [k, s, p] of [[3, 1, 1], [2, 1, 1], [3, 2, 2], [5, 1, 2], [1, 1, 1]] as const) {
        const o = Math.floor((3 + 2 * p - k) / s) + 1;
        const g = borderGeometry([1, 3, 3], [k, k], [s, s], [p, p], [o, o]);
        const bits = Uint8Array.from({ length: k * k }, () => (rng.bool(0.5) ? 1 : 0));
        for (let oy = 0; oy < o; oy++) {
          for (let ox = 0; ox < o; ox++) {
            const { lo, hi, offset } = borderAcc(g, classAt(g, oy, ox), semantics, bits, 0, 1, k * k);
            let min = Infinity;
            let max = -Infinity;
            for (let img = 0; img < 512; img++) {
              let q = 0;
              let sum = 0;
              for (let ky = 0; ky < k; ky++) {
                for (let kx = 0; kx < k; kx++) {
                  const iy = oy * s - p + ky;
                  const ix = ox * s - p + kx;
                  const inside = iy >= 0 && iy < 3 && ix >= 0 && ix < 3;
                  const x = inside ? (img >> (iy * 3 + ix)) & 1 : 0;
                  const b = bits[ky * k + kx]!;
                  q += semantics === 'and' ? b & x : b === x ? 1 : 0;
                  if (inside) sum += (semantics === 'and' ? b : 2 * b - 1) * (2 * x - 1);
                }
              }
              expect(2 * q - offset, `${semantics} k${k} s${s} p${p} (${oy}, ${ox}) image ${img}`).to.equal(sum);
              min = Math.min(min, q);
              max = Math.max(max, q);
            }
            expect([min, max], `${semantics} k${k} s${s} p${p} (${oy}, ${ox}) range`).to.deep.equal([lo, hi]);
          }
        }
      }
    }
  });

  it('property: every class threshold equals the float decision on its whole accumulator range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x7fffffff }), (seed) => {
        const model = binarizeWeights.run(randomCnnModel(createRng(seed), { ...ZERO, style: 'float' }), {}).model;
        const parts = splitStages(model);
        for (const st of zeroPaddedStages(model)) {
          const sl = parts[st.index]!;
          const b = st.border!;
          const taps = st.kernel[0] * st.kernel[1];
          for (let k = 0; k < classCount(b); k++) {
            for (let c = 0; c < st.out; c++) {
              const aff = channelAffine(sl.dense.alpha as Float64Array | null, sl.dense.bias, sl.batchnorm, c);
              const { lo, hi, offset } = borderAcc(b, k, st.semantics, st.bits, c * st.in, st.inShape[0], taps);
              for (let q = lo; q <= hi; q++) {
                const want = evalAffine(aff, 2 * q - offset) >= 0 ? 1 : -1;
                if (applyThreshold(b.activation[k]![c]!, q) !== want) expect.fail(`seed ${seed} stage ${st.index} class ${k} channel ${c} q ${q}`);
              }
            }
          }
        }
      }),
      fcParams(40),
    );
  });

  it('property: float ≡ packed ≡ direct zero-padded conv on random CNNs (padding 1–2, odd sizes, strides 1–2)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 0x7fffffff }), (seed) => allAgree(seed, ZERO, 4)), fcParams(40));
  });

  it('covers and/xnor, pools before and after the sign, le channels and several classes', () => {
    const seen = { and: 0, xnor: 0, pre: 0, orPool: 0, le: 0, classes9: 0, andPool: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      allAgree(seed, ZERO, 3);
      for (const st of zeroPaddedStages(randomCnnModel(createRng(seed), ZERO))) {
        seen[st.semantics]++;
        if (st.pool) seen[st.pool.op.includes('and') ? 'andPool' : 'orPool']++;
        if (st.border!.activation.some((a) => a.some((ch) => ch.kind === 'le'))) seen.le++;
        if (classCount(st.border!) >= 9) seen.classes9++;
      }
      const m = randomCnnModel(createRng(seed), ZERO);
      m.layers.forEach((l, i) => {
        if (l.type === 'maxpool2d' && m.layers[i - 1]!.type === 'conv2d') seen.pre++;
      });
    }
    for (const [k, v] of Object.entries(seen)) expect(v, `coverage of ${k}`).to.be.greaterThan(1);
  });

  it('brute force: every bipolar 3×3 image through zero-padded convs of every kernel/stride/padding 1–2', () => {
    const inputs: InputBatch = allBipolarInputs(9);
    let n = 0;
    for (const k of [1, 2, 3, 4, 5]) {
      for (const stride of [1, 2]) {
        for (const pad of [1, 2]) {
          if (k > 3 + 2 * pad) continue;
          const rng = createRng(2000 + n++);
          const model = randomCnnModel(rng, { convs: [1, 1], inChannels: [1, 1], imageSize: [3, 3], kernel: [k, k], stride: [stride, stride], padding: [pad, pad], channels: [1, 3], input: 'bipolar', denseHidden: [0, 0], classes: [1, 3], zeroPad: 1 });
          expect((model.layers[0] as { padValue: number }).padValue).to.equal(0);
          const float = inferFloat(model, inputs);
          expect(Array.from(float.scores), `k${k} s${stride} p${pad}`).to.deep.equal(directScores(model, inputs));
          expectSame(inferPacked(prepareNetwork(model), inputs), float, `k${k} s${stride} p${pad}`);
        }
      }
    }
  });

  it('differs from padValue -1 (the padded taps really add 0)', () => {
    let differ = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const rng = createRng(seed);
      const model = randomCnnModel(rng, { ...ZERO, convs: [1, 1] });
      const inputs = randomInputs(rng, model.input, 8);
      const minus: Model = { ...model, layers: model.layers.map((l) => (l.type === 'conv2d' ? { ...l, padValue: -1 as const } : l)) };
      if (JSON.stringify(Array.from(inferFloat(model, inputs).scores)) !== JSON.stringify(Array.from(inferFloat(minus, inputs).scores))) differ++;
    }
    expect(differ).to.be.greaterThan(10);
  });

  it('plans classes·NF threshold words and a class index beside each window; hardwired mode is E_UNSUPPORTED naming the layer', () => {
    const model = randomCnnModel(createRng(3), { ...ZERO, convs: [1, 1] });
    const net = prepareNetwork(model);
    const st = net.stages[0] as ConvStage;
    const plan = planNetwork(net, { top: 'siman_top', fold: { kind: 'full' } });
    const l0 = plan.layers[0]!;
    expect(l0.classes).to.equal(classCount(st.border!));
    expect(constMemory(l0)).to.have.length(l0.classes * l0.nf);
    expect(l0.window!.outBits).to.equal(st.in + l0.classWidth);
    const e = catchUserError(() => planNetwork(net, { top: 'siman_top', fold: { kind: 'full' }, mode: { kind: 'all', mode: 'hardwired' } }));
    expect(e.diagnostics[0]!.code).to.equal('E_UNSUPPORTED');
    expect(e.diagnostics[0]!.message).to.contain('layer 0').and.to.contain('hardwired');
  });
});
