import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const refDir = fileURLToPath(new URL('../../src/ref/', import.meta.url));
const kernelDir = fileURLToPath(new URL('../../src/kernel/', import.meta.url));

describe('ref: import boundary', () => {
  it('src/ref imports nothing from the hardware side (plan, emit, sim)', () => {
    for (const file of readdirSync(refDir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(refDir + file, 'utf8');
      for (const m of text.matchAll(/from\s+'([^']+)'/g)) {
        const spec = m[1]!;
        expect(/^\.\.\/(plan|emit|sim|tools|estimate|verify)\//.test(spec), `${file} imports ${spec}`).to.equal(false);
        if (spec.startsWith('..')) expect(/^\.\.\/(ir|passes|kernel)\/|^\.\.\/diagnostics\.js$/.test(spec), `${file} imports ${spec}`).to.equal(true);
      }
    }
  });

  it('src/kernel (the popcount kernel below ref and sim) imports nothing outside itself', () => {
    for (const file of readdirSync(kernelDir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(kernelDir + file, 'utf8');
      for (const m of text.matchAll(/from\s+'([^']+)'/g)) expect(m[1]!.startsWith('./'), `${file} imports ${m[1]}`).to.equal(true);
    }
  });
});
