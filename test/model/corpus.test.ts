import { expect } from 'chai';
import { UserError, formatDiagnostic } from '../../src/diagnostics.js';
import { loadInputs } from '../../src/model/inputs.js';
import { loadModel } from '../../src/model/load.js';
import { listCorpusCases } from '../support/corpus.js';

describe('malformed-input corpus (test/cases/*_bad)', () => {
  const cases = listCorpusCases();

  it('has at least 35 cases of each of model and input files combined', () => {
    expect(cases.length).to.be.at.least(35);
    expect(cases.some((c) => c.kind === 'input')).to.equal(true);
  });

  for (const c of cases) {
    it(`${c.name} → ${c.code} at "${c.where}"`, () => {
      let err: unknown;
      try {
        const model = loadModel(c.modelPath);
        if (c.kind === 'input') loadInputs(c.inputPath!, model.input, { labels: c.labels! });
      } catch (e) {
        err = e;
      }
      expect(err, 'must fail').to.not.equal(undefined);
      if (!(err instanceof UserError)) throw new Error(`expected a UserError, got: ${String((err as Error)?.stack ?? err)}`);
      const texts = err.diagnostics.map(formatDiagnostic);
      const hit = err.diagnostics.some((d, i) => d.code === c.code && texts[i]!.includes(c.where));
      expect(hit, `no ${c.code} diagnostic containing "${c.where}" in:\n${texts.join('\n')}`).to.equal(true);
      for (const d of err.diagnostics) expect(d.location, `diagnostic without a location: ${formatDiagnostic(d)}`).to.not.equal(undefined);
    });
  }

  it('input cases use a model that loads cleanly', () => {
    for (const c of cases.filter((k) => k.kind === 'input')) loadModel(c.modelPath);
  });
});
