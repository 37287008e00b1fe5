import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const refDir = fileURLToPath(new URL('../../src/ref/', import.meta.url));

describe('ref: import boundary', () => {
  it('src/ref imports nothing from the hardware side (plan, emit, sim)', () => {
    for (const file of readdirSync(refDir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(refDir + file, 'utf8');
      for (const m of text.matchAll(/from\s+'([^']+)'/g)) {
        const spec = m[1]!;
        expect(/^\.\.\/(plan|emit|sim|tools|estimate|verify)\//.test(spec), `${file} imports ${spec}`).to.equal(false);
        if (spec.startsWith('..')) expect(/^\.\.\/(ir|passes)\/|^\.\.\/diagnostics\.js$/.test(spec), `${file} imports ${spec}`).to.equal(true);
      }
    }
  });
});
