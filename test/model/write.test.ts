import { expect } from 'chai';
import fc from 'fast-check';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Layer, Model, ThresholdChannel } from '../../src/ir/model.js';
import { loadModel, parseModelText } from '../../src/model/load.js';
import { formatNumber, serializeModel } from '../../src/model/write.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const digitsPath = path.resolve(here, '../../examples/digits/digits-mlp.json');

const num = fc.double({ noNaN: true, noDefaultInfinity: true });
const nonNeg = fc.double({ min: 0, noNaN: true, noDefaultInfinity: true });
const f64 = (n: number, a = num) => fc.array(a, { minLength: n, maxLength: n }).map((v) => Float64Array.from(v));
const maybeName = fc.option(fc.string({ maxLength: 8 }), { nil: undefined });
const named = <T extends object>(l: T, name: string | undefined): T => (name === undefined ? l : { ...l, name });

function arbDense(fanIn: number, out: number): fc.Arbitrary<Layer> {
  return fc
    .record({
      bits: fc.boolean(),
      w: fc.array(num, { minLength: fanIn * out, maxLength: fanIn * out }),
      b: fc.array(fc.constantFrom(0, 1), { minLength: fanIn * out, maxLength: fanIn * out }),
      binarize: fc.constantFrom('siman' as const, 'siman-optimal' as const, 'sign' as const),
      semantics: fc.constantFrom('and' as const, 'xnor' as const),
      bias: fc.option(f64(out), { nil: null }),
      alpha: fc.oneof(fc.constant(null), fc.constant('auto' as const), f64(out, nonNeg)),
      name: maybeName,
    })
    .map((r) =>
      named(
        {
          type: 'dense' as const, in: fanIn, out,
          weight: r.bits ? { format: 'bits' as const, data: Uint8Array.from(r.b) } : { format: 'float' as const, data: Float64Array.from(r.w) },
          binarize: r.binarize, semantics: r.semantics, bias: r.bias, alpha: r.alpha,
        },
        r.name,
      ),
    );
}
const arbBn = (n: number): fc.Arbitrary<Layer> =>
  fc.record({ g: f64(n), b: f64(n), m: f64(n), v: f64(n, nonNeg), eps: fc.double({ min: 1e-12, max: 1, noNaN: true }), name: maybeName }).map((r) =>
    named({ type: 'batchnorm' as const, gamma: r.g, beta: r.b, mean: r.m, var: r.v, eps: r.eps }, r.name),
  );
const arbChannel: fc.Arbitrary<ThresholdChannel> = fc.oneof(
  fc.record({ kind: fc.constantFrom('ge' as const, 'le' as const), t: fc.integer({ min: -1000, max: 1000 }) }),
  fc.record({ kind: fc.constant('const' as const), value: fc.constantFrom(1 as const, -1 as const) }),
);

/** A random valid model: (dense (bn? sign | threshold))* dense bn? */
export const arbModel: fc.Arbitrary<Model> = fc
  .record({
    widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
    enc: fc.oneof(fc.integer({ min: 1, max: 16 }).map((bits) => ({ kind: 'uint' as const, bits })), fc.constant({ kind: 'bipolar' as const })),
    name: fc.string({ minLength: 1, maxLength: 10 }),
    prov: fc.option(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })), { nil: undefined }),
  })
  .chain(({ widths, enc, name, prov }) => {
    const parts: Array<fc.Arbitrary<Layer[]>> = [];
    for (let k = 0; k + 1 < widths.length; k++) {
      const [a, b] = [widths[k]!, widths[k + 1]!];
      const last = k + 2 === widths.length;
      const act: fc.Arbitrary<Layer[]> = last
        ? fc.option(arbBn(b), { nil: undefined }).map((x) => (x ? [x] : []))
        : fc.oneof(
            fc.tuple(fc.option(arbBn(b), { nil: undefined }), maybeName).map(([x, nm]) => [...(x ? [x] : []), named({ type: 'sign' as const }, nm)] as Layer[]),
            fc.array(arbChannel, { minLength: b, maxLength: b }).map((channels) => [{ type: 'threshold' as const, channels }] as Layer[]),
          );
      parts.push(fc.tuple(arbDense(a, b), act).map(([d, rest]) => [d, ...rest]));
    }
    return fc.tuple(...parts).map((ls) => {
      const m: Model = { format: 'siman-hw.model/v1', name, input: { shape: [widths[0]!], encoding: enc }, layers: ls.flat() };
      if (prov !== undefined) m.provenance = prov as Record<string, unknown>;
      return m;
    });
  });

/** Equality that tells -0 from 0 and compares typed arrays by class and content. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    return x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]));
  }
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined).sort();
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined).sort();
    return same(ka, kb) && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

describe('model/write', () => {
  it('formats numbers for exact round trips', () => {
    expect(formatNumber(3)).to.equal('3');
    expect(formatNumber(-0)).to.equal('-0');
    expect(formatNumber(0.1)).to.equal('0.1');
    expect(formatNumber(1e21)).to.equal('1e+21');
    expect(formatNumber(5e-324)).to.equal('5e-324');
    expect(() => formatNumber(NaN)).to.throw();
    fc.assert(fc.property(num, (x) => Object.is(JSON.parse(formatNumber(x)), x)), { numRuns: 2000, seed: 1 });
  });

  it('serialize → load gives back an identical model (property)', () => {
    fc.assert(
      fc.property(arbModel, (m) => {
        const text = serializeModel(m);
        const back = parseModelText(text, 'rt.json', '.');
        expect(same(back, m), text).to.equal(true);
        expect(serializeModel(back)).to.equal(text);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('round-trips the digits example and writes one line per weight row', () => {
    const m = loadModel(digitsPath);
    const text = serializeModel(m);
    expect(same(parseModelText(text, 'd.json', '.'), m)).to.equal(true);
    const lines = text.split('\n');
    expect(lines.filter((l) => /^\s+\[-?\d/.test(l)).length).to.equal(256 + 10);
    expect(text).to.not.match(/\d{4}-\d{2}-\d{2}T/); // no timestamps
    expect(serializeModel(loadModel(digitsPath))).to.equal(text); // deterministic
  });

  it('writes a threshold layer with constants', () => {
    const m: Model = {
      format: 'siman-hw.model/v1', name: 't', input: { shape: [2], encoding: { kind: 'bipolar' } },
      layers: [
        { type: 'dense', in: 2, out: 3, weight: { format: 'bits', data: Uint8Array.from([1, 0, 0, 1, 1, 1]) }, binarize: 'siman', semantics: 'xnor', bias: null, alpha: null },
        { type: 'threshold', channels: [{ kind: 'ge', t: 1 }, { kind: 'const', value: -1 }, { kind: 'le', t: 0 }] },
        { type: 'dense', in: 3, out: 1, weight: { format: 'bits', data: Uint8Array.from([1, 1, 0]) }, binarize: 'siman', semantics: 'and', bias: null, alpha: null },
      ],
    };
    const text = serializeModel(m);
    expect(text).to.include('"thresholds": [1, 0, 0]');
    expect(text).to.include('"direction": ["ge", "ge", "le"]');
    expect(text).to.include('"constant": [null, -1, null]');
    expect(same(parseModelText(text, 't.json', '.'), m)).to.equal(true);
  });
});
