import { expect } from 'chai';
import fc from 'fast-check';
import type { BatchNormLayer, DenseLayer, InputEncoding, Model, Semantics, ThresholdLayer } from '../../src/ir/model.js';
import { binarizeWeights } from '../../src/passes/binarize-weights.js';
import { foldThresholds } from '../../src/passes/fold-thresholds.js';
import { splitStages } from '../../src/passes/stage-structure.js';
import { applyThreshold } from '../../src/passes/threshold-search.js';
import { ulpStep } from '../../src/testing/rng.js';
import { arbModelWithInputs, fcParams } from '../support/arbitraries.js';
import { snapshot } from '../support/model-snapshot.js';

/** The float decision written out independently of the pass. */
function decision(d: DenseLayer, bn: BatchNormLayer | null, c: number, s: number): boolean {
  const alpha = d.alpha as Float64Array | null;
  let v = alpha ? s * alpha[c]! : s;
  if (d.bias) v = v + d.bias[c]!;
  const y = bn ? (bn.gamma[c]! * (v - bn.mean[c]!)) / Math.sqrt(bn.var[c]! + bn.eps) + bn.beta[c]! : v;
  return y >= 0;
}

/** Every reachable q of channel c and its s, from first principles. */
function qRange(d: DenseLayer, input: InputEncoding, c: number): { lo: number; hi: number; s: (q: number) => number } {
  const bits = d.weight.data as Uint8Array;
  let k = 0;
  for (let i = 0; i < d.in; i++) k += bits[c * d.in + i]!;
  const n = d.in;
  if (input.kind === 'bipolar') {
    return d.semantics === 'and' ? { lo: 0, hi: k, s: (q) => 2 * q - k } : { lo: 0, hi: n, s: (q) => 2 * q - n };
  }
  const m = 2 ** input.bits - 1;
  return d.semantics === 'and' ? { lo: 0, hi: k * m, s: (q) => q } : { lo: -(n - k) * m, hi: k * m, s: (q) => q };
}

/** Check every q of every folded channel of `model` (already binarized) against the float decision. */
function checkAllQ(binarized: Model): number {
  const folded = foldThresholds.run(binarized, {}).model;
  const before = splitStages(binarized);
  const after = splitStages(folded);
  expect(after.length).to.equal(before.length);
  let checked = 0;
  before.forEach((sl, k) => {
    if (sl.activation.kind !== 'sign') return;
    const act = after[k]!.activation;
    expect(act.kind).to.equal('threshold');
    const channels = (act as { layer: ThresholdLayer }).layer.channels;
    for (let c = 0; c < sl.dense.out; c++) {
      const { lo, hi, s } = qRange(sl.dense, sl.input, c);
      const ch = channels[c]!;
      if (ch.kind === 'ge') expect(ch.t).to.be.within(lo + 1, hi);
      if (ch.kind === 'le') expect(ch.t).to.be.within(lo, hi - 1);
      for (let q = lo; q <= hi; q++) {
        const want = decision(sl.dense, sl.batchnorm, c, s(q));
        if ((applyThreshold(ch, q) === 1) !== want) {
          expect.fail(`stage ${k} channel ${c} q=${q}: threshold ${JSON.stringify(ch)} gives ${!want}, float decision ${want}`);
        }
        checked++;
      }
    }
  });
  return checked;
}

function stageModel(opts: { n: number; bits: number[]; input: InputEncoding; semantics: Semantics; alpha?: number | null; bias?: number | null; bn?: Omit<BatchNormLayer, 'type'> | null }): Model {
  const dense: DenseLayer = {
    type: 'dense', in: opts.n, out: 1,
    weight: { format: 'bits', data: Uint8Array.from(opts.bits) }, binarize: 'sign', semantics: opts.semantics,
    alpha: opts.alpha == null ? null : Float64Array.of(opts.alpha), bias: opts.bias == null ? null : Float64Array.of(opts.bias),
  };
  const head: DenseLayer = { type: 'dense', in: 1, out: 2, weight: { format: 'bits', data: Uint8Array.of(1, 0) }, binarize: 'sign', semantics: 'xnor', alpha: null, bias: null };
  return {
    format: 'siman-hw.model/v1', name: 'one', input: { shape: [opts.n], encoding: opts.input },
    layers: [dense, ...(opts.bn ? [{ type: 'batchnorm' as const, ...opts.bn }] : []), { type: 'sign' }, head],
  };
}

const bn1 = (gamma: number, beta: number, mean: number, v: number, eps = 1e-5): Omit<BatchNormLayer, 'type'> => ({
  gamma: Float64Array.of(gamma), beta: Float64Array.of(beta), mean: Float64Array.of(mean), var: Float64Array.of(v), eps,
});

function foldedChannel(m: Model) {
  return (foldThresholds.run(m, {}).model.layers[1] as ThresholdLayer).channels[0]!;
}

describe('passes/fold-thresholds', () => {
  it('lands exactly on a boundary: y == 0 at an integer q folds to that q (ge and le)', () => {
    const n = 5;
    const alpha = 0.3;
    const bias = 0.1;
    for (const gamma of [1.7, -1.7]) {
      const mean = 2;
      const denom = Math.sqrt(0.5 + 1e-5);
      const q0 = 17; // uint3 'and', all weights 1: s = q in [0, 35]
      const beta = -((gamma * (q0 * alpha + bias - mean)) / denom);
      const m = stageModel({ n, bits: [1, 1, 1, 1, 1], input: { kind: 'uint', bits: 3 }, semantics: 'and', alpha, bias, bn: bn1(gamma, beta, mean, 0.5) });
      const y0 = (gamma * (q0 * alpha + bias - mean)) / denom + beta;
      expect(y0).to.equal(0);
      expect(foldedChannel(m)).to.deep.equal(gamma > 0 ? { kind: 'ge', t: q0 } : { kind: 'le', t: q0 });
      expect(checkAllQ(m)).to.equal(36);
      // A few ulps either side of the boundary: still equal to the float decision at every q.
      for (const steps of [-3, -1, 1, 2]) {
        const mm = stageModel({ n, bits: [1, 1, 1, 1, 1], input: { kind: 'uint', bits: 3 }, semantics: 'and', alpha, bias, bn: bn1(gamma, ulpStep(beta, steps), mean, 0.5) });
        checkAllQ(mm);
      }
    }
  });

  it('without batchnorm: y = s*alpha + bias, boundary exactly at an odd s under bipolar and', () => {
    // bipolar 'and', K = 3 ones: q in [0, 3], s = 2q - 3 in {-3, -1, 1, 3}; bias = -(1*alpha) puts y(s = 1) = 0
    const alpha = 0.7;
    const m = stageModel({ n: 4, bits: [1, 0, 1, 1], input: { kind: 'bipolar' }, semantics: 'and', alpha, bias: -(1 * alpha) });
    expect(foldedChannel(m)).to.deep.equal({ kind: 'ge', t: 2 });
    const neg = stageModel({ n: 4, bits: [1, 0, 1, 1], input: { kind: 'bipolar' }, semantics: 'and', alpha: -alpha, bias: -(1 * -alpha) });
    expect(foldedChannel(neg)).to.deep.equal({ kind: 'le', t: 2 });
  });

  it('gamma = 0, alpha = 0 and one-sided decisions give constant channels', () => {
    const base = { n: 3, bits: [1, 1, 0], input: { kind: 'bipolar' } as InputEncoding, semantics: 'xnor' as Semantics };
    expect(foldedChannel(stageModel({ ...base, bn: bn1(0, 0.5, 1, 1) }))).to.deep.equal({ kind: 'const', value: 1 });
    expect(foldedChannel(stageModel({ ...base, bn: bn1(0, -0.5, 1, 1) }))).to.deep.equal({ kind: 'const', value: -1 });
    expect(foldedChannel(stageModel({ ...base, bn: bn1(0, 0, 1, 1) }))).to.deep.equal({ kind: 'const', value: 1 });
    expect(foldedChannel(stageModel({ ...base, alpha: 0, bias: -1 }))).to.deep.equal({ kind: 'const', value: -1 });
    expect(foldedChannel(stageModel({ ...base, bias: 100 }))).to.deep.equal({ kind: 'const', value: 1 });
    // Zero-variance batchnorm with tiny eps is still exact.
    checkAllQ(stageModel({ ...base, bn: bn1(2, 0, 0.5, 0, 1e-12) }));
    // A channel with no ones under bipolar 'and' has a single reachable q.
    expect(foldedChannel(stageModel({ n: 3, bits: [0, 0, 0], input: { kind: 'bipolar' }, semantics: 'and', bias: -0.5 }))).to.deep.equal({ kind: 'const', value: -1 });
  });

  it('uint xnor: the accumulator range is negative on the left', () => {
    const m = stageModel({ n: 4, bits: [1, 0, 1, 0], input: { kind: 'uint', bits: 2 }, semantics: 'xnor', bias: 2.5 });
    // q = s in [-6, 6], y = s + 2.5 >= 0 <=> q >= -2
    expect(foldedChannel(m)).to.deep.equal({ kind: 'ge', t: -2 });
  });

  it('integer compare equals the float decision at every reachable q on random models', () => {
    let total = 0;
    fc.assert(
      fc.property(arbModelWithInputs({ style: 'any' }, 1), ({ model }) => {
        total += checkAllQ(binarizeWeights.run(model, {}).model);
      }),
      fcParams(150),
    );
    expect(total).to.be.greaterThan(10000);
  });

  it('keeps the last dense with alpha, bias and batchnorm as the head, does not mutate, and is idempotent', () => {
    fc.assert(
      fc.property(arbModelWithInputs({}, 1), ({ model }) => {
        const bin = binarizeWeights.run(model, {}).model;
        const before = snapshot(bin);
        const r = foldThresholds.run(bin, {});
        expect(snapshot(bin)).to.equal(before);
        const a = splitStages(bin);
        const b = splitStages(r.model);
        const lastA = a[a.length - 1]!;
        const lastB = b[b.length - 1]!;
        expect(lastB.dense).to.equal(lastA.dense);
        expect(lastB.batchnorm).to.equal(lastA.batchnorm);
        expect(r.model.layers.some((l) => l.type === 'sign')).to.equal(false);
        expect(r.changed).to.equal(a.some((s) => s.activation.kind === 'sign'));
        const again = foldThresholds.run(r.model, {});
        expect(again.changed).to.equal(false);
        expect(again.model).to.equal(r.model);
      }),
      fcParams(60),
    );
  });

  it('reports what it folded', () => {
    const m = stageModel({ n: 3, bits: [1, 1, 0], input: { kind: 'bipolar' }, semantics: 'xnor', bn: bn1(0, 1, 0, 1) });
    expect(foldThresholds.run(m, {}).summary).to.equal('folded 1 sign activation (1 with batchnorm) into thresholds, 1 constant channel');
  });
});
