import { expect } from 'chai';
import type { Model } from '../../src/ir/model.js';
import { runPasses, type Pass } from '../../src/passes/pass.js';

const empty: Model = { format: 'siman-hw.model/v1', name: 'a', input: { shape: [1], encoding: { kind: 'bipolar' } }, layers: [] };

const rename: Pass = {
  name: 'rename',
  description: 'appends x to the name',
  run: (m) => ({ model: { ...m, name: m.name + 'x' }, changed: true, summary: 'renamed' }),
};
const noop: Pass = { name: 'noop', description: 'does nothing', run: (m) => ({ model: m, changed: false, summary: 'nothing to do' }) };

describe('passes/pass', () => {
  it('chains passes, collects one summary line per pass and dumps after each', () => {
    const dumps: string[] = [];
    const logs: string[] = [];
    const r = runPasses(empty, [rename, noop, rename], { dump: (p, m) => dumps.push(`${p}=${m.name}`), log: (l) => logs.push(l) });
    expect(r.model.name).to.equal('axx');
    expect(r.summaries).to.deep.equal(['rename: renamed', 'noop: nothing to do', 'rename: renamed']);
    expect(logs).to.deep.equal(r.summaries);
    expect(r.changed).to.deep.equal(['rename', 'rename']);
    expect(dumps).to.deep.equal(['rename=ax', 'noop=ax', 'rename=axx']);
    expect(empty.name).to.equal('a');
  });
});
