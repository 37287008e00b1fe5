import { expect } from 'chai';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { binaryEntropy, bitStats, HISTOGRAM_BINS, latentStats, modelWeightStats } from '../../src/passes/weight-stats.js';
import { createRng } from '../../src/testing/rng.js';
import { randomModel } from '../../src/testing/random-model.js';
import { runPasses } from '../../src/passes/pass.js';
import { standardPipeline } from '../../src/passes/lower-network.js';
import type { Model } from '../../src/ir/model.js';
import { cli } from '../support/cli.js';

/** n samples of Laplace(0, b) by the inverse CDF. */
function laplaceSamples(n: number, b: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => {
    const u = rng.float() - 0.5;
    return -b * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
  });
}

describe('weight statistics', () => {
  it('binary entropy: 1 at one half, 0 at 0 and 1, symmetric, known values', () => {
    expect(binaryEntropy(0.5)).to.equal(1);
    expect(binaryEntropy(0)).to.equal(0);
    expect(binaryEntropy(1)).to.equal(0);
    expect(binaryEntropy(0.25)).to.be.closeTo(0.811278124, 1e-9);
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => Math.abs(binaryEntropy(p) - binaryEntropy(1 - p)) < 1e-12));
  });

  it('bit statistics match a plain per-channel count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 20 }), fc.integer(), (channels, fanIn, seed) => {
        const rng = createRng(seed);
        const bits = Array.from({ length: channels * fanIn }, () => (rng.bool(rng.float()) ? 1 : 0));
        const s = bitStats(bits, channels, fanIn);
        const rows = Array.from({ length: channels }, (_, c) => bits.slice(c * fanIn, (c + 1) * fanIn));
        const frac = rows.map((r) => r.filter((b) => b === 1).length / fanIn);
        const h = frac.map((f) => (f === 0 || f === 1 ? 0 : -f * Math.log2(f) - (1 - f) * Math.log2(1 - f)));
        expect(s.onesFraction).to.be.closeTo(bits.filter((b) => b === 1).length / bits.length, 1e-12);
        expect(s.channelOnes.min).to.equal(Math.min(...frac));
        expect(s.channelOnes.max).to.equal(Math.max(...frac));
        expect(s.channelOnes.mean).to.be.closeTo(frac.reduce((a, b) => a + b, 0) / channels, 1e-12);
        expect(s.entropy.mean).to.be.closeTo(h.reduce((a, b) => a + b, 0) / channels, 1e-12);
        expect(s.entropy.min).to.be.closeTo(Math.min(...h), 1e-12);
      }),
    );
  });

  it('latent statistics: a hand-computed case', () => {
    const s = latentStats([-1, 1])!;
    expect(s.laplace).to.deep.equal({ mu: 0, b: 1 });
    // Laplace(0,1) CDF at ±1 is 0.5e^-1 and 1 − 0.5e^-1; the largest step gap is 0.5 − 0.5e^-1.
    expect(s.ks.laplace).to.be.closeTo(0.5 - 0.5 * Math.exp(-1), 1e-12);
    expect(s.excessKurtosis).to.be.closeTo(-2, 1e-12);
    expect(s.histogram.counts.reduce((a, b) => a + b, 0)).to.equal(2);
    expect(s.histogram.counts[0]).to.equal(1);
    expect(s.histogram.counts[HISTOGRAM_BINS - 1]).to.equal(1);
    expect(latentStats([])).to.equal(null);
    expect(latentStats([3, 3, 3])!.histogram.counts.reduce((a, b) => a + b, 0)).to.equal(3);
  });

  it('tells Laplacian from Gaussian samples', () => {
    const lap = latentStats(laplaceSamples(20000, 0.7, 1))!;
    expect(lap.laplace.b).to.be.closeTo(0.7, 0.035);
    expect(lap.ks.laplace).to.be.below(0.02);
    expect(lap.ks.laplace).to.be.below(lap.ks.gaussian);
    expect(lap.excessKurtosis).to.be.closeTo(3, 0.8);
    const rng = createRng(2);
    const gauss = latentStats(Float64Array.from({ length: 20000 }, () => 0.3 + 2 * rng.normal()))!;
    expect(gauss.mean).to.be.closeTo(0.3, 0.05);
    expect(gauss.std).to.be.closeTo(2, 0.05);
    expect(gauss.ks.gaussian).to.be.below(0.02);
    expect(gauss.ks.gaussian).to.be.below(gauss.ks.laplace);
    expect(gauss.excessKurtosis).to.be.closeTo(0, 0.2);
    for (const s of [lap, gauss]) expect(s.histogram.counts.reduce((a, b) => a + b, 0)).to.equal(20000);
  });

  it('model layers: float layers binarized with their rule give the bits the binarize pass gives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const model = randomModel(createRng(seed), { depth: [1, 3], inputWidth: [1, 40], hiddenWidth: [1, 20], classes: [1, 5] });
        const stats = modelWeightStats(model);
        const binarized = runPasses(model, standardPipeline, {}).model;
        const dense = (m: Model) => m.layers.filter((l) => l.type === 'dense');
        expect(stats.map((s) => s.index)).to.deep.equal(model.layers.flatMap((l, i) => (l.type === 'dense' ? [i] : [])));
        dense(binarized).forEach((l, k) => {
          if (l.type !== 'dense' || l.weight.format !== 'bits') throw new Error('binarized layer without bits');
          expect(stats[k]!.bits).to.deep.equal(bitStats(l.weight.data, l.out, l.in));
          const given = dense(model)[k]!;
          expect(stats[k]!.latent === null).to.equal(given.type === 'dense' && given.weight.format === 'bits');
        });
      }),
      { numRuns: 40 },
    );
  });

  it('binarize --json and report carry the statistics; the siman rule gives H = 1 on even fan-ins with distinct weights', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weight-stats-'));
    try {
      const b = await cli('binarize', 'examples/digits/digits-mlp.json', '-o', path.join(dir, 'b.json'), '--json');
      expect(b.code, b.err).to.equal(0);
      const w = JSON.parse(b.out).weights;
      expect(w.map((x: { index: number }) => x.index)).to.deep.equal([0, 3]);
      for (const x of w) {
        expect(x.rule).to.equal('siman');
        expect(x.bits.entropy.mean).to.equal(1);
        expect(x.latent.count).to.equal(x.bits.channels * x.bits.fanIn);
      }
      const plain = await cli('binarize', 'examples/digits/digits-mlp.json', '-o', path.join(dir, 'b2.json'));
      expect(plain.err).to.match(/layer 0: ones 50\.0 %.*bit entropy H 1\.000.*KS Laplace/);
      const r = await cli('report', 'examples/digits/digits-mlp.json', '--input', 'examples/digits/digits.csv', '--labels', 'last', '-o', path.join(dir, 'r'));
      expect(r.code, r.err).to.equal(0);
      const rep = JSON.parse(fs.readFileSync(path.join(dir, 'r', 'report.json'), 'utf8'));
      expect(rep.weights).to.deep.equal(w);
      const html = fs.readFileSync(path.join(dir, 'r', 'report.html'), 'utf8');
      for (const id of ['chart-entropy', 'chart-latent-0', 'chart-latent-3']) expect(html).to.contain(`id="${id}"`);
      expect(fs.readFileSync(path.join(dir, 'r', 'report.md'), 'utf8')).to.match(/## Weight bits[\s\S]*\| 0 \| 256 × 64 \| siman \| 50\.0 %/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the sign rule on skewed latent weights gives H below 1', () => {
    const rng = createRng(9);
    const data = Float64Array.from({ length: 8 * 32 }, () => rng.normal() + 0.8);
    const model = {
      format: 'siman-hw.model/v1',
      name: 'skew',
      input: { shape: [32], encoding: { kind: 'bipolar' } },
      layers: [{ type: 'dense', in: 32, out: 8, weight: { format: 'float', data }, binarize: 'sign', semantics: 'xnor', bias: null, alpha: null }],
    } as unknown as Model;
    const [s] = modelWeightStats(model);
    expect(s!.rule).to.equal('sign');
    expect(s!.bits.onesFraction).to.be.above(0.65);
    expect(s!.bits.entropy.mean).to.be.below(0.95);
  });
});
