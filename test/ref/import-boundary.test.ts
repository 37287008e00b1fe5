import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const refDir = fileURLToPath(new URL('../../src/ref/', import.meta.url));
const kernelDir = fileURLToPath(new URL('../../src/kernel/', import.meta.url));
const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

/** The relative imports (static, re-exports, dynamic) of a source file, as paths of .ts files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)'(\.[^']+)'/gm)) {
    const target = resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'));
    expect(existsSync(target), `${relative(srcDir, file)} imports ${m[1]}, which does not exist`).to.equal(true);
    out.push(target);
  }
  return out;
}

/**
 * Every src file a file of src/<dir> reaches through imports, directly or
 * transitively, with the chain that reaches it (src-relative paths).
 */
function reachable(dir: string, graph: (file: string) => string[] = importsOf): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const todo: string[] = [];
  for (const f of readdirSync(srcDir + dir).filter((n) => n.endsWith('.ts'))) {
    const abs = resolve(srcDir, dir, f);
    seen.set(abs, [relative(srcDir, abs)]);
    todo.push(abs);
  }
  while (todo.length) {
    const f = todo.pop()!;
    for (const g of graph(f)) {
      if (seen.has(g)) continue;
      seen.set(g, [...seen.get(f)!, relative(srcDir, g)]);
      todo.push(g);
    }
  }
  return seen;
}

/** The chains from src/<dir> into any of the `forbidden` src directories. */
function violations(dir: string, forbidden: string[]): string[] {
  const bad: string[] = [];
  for (const [file, chain] of reachable(dir)) {
    const top = relative(srcDir, file).split('/')[0]!;
    if (forbidden.includes(top)) bad.push(chain.join(' -> '));
  }
  return bad.sort();
}

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

  it('src/plan reaches nothing above it (sim, verify, emit, estimate, report, commands), directly or transitively', () => {
    expect(violations('plan', ['sim', 'verify', 'emit', 'estimate', 'report', 'commands'])).to.deep.equal([]);
  });

  it('src/schedule (the timing control below plan and sim) reaches none of plan, sim, verify, emit, estimate', () => {
    expect(violations('schedule', ['plan', 'sim', 'verify', 'emit', 'estimate', 'report', 'commands'])).to.deep.equal([]);
  });

  it('the scan finds a transitive path (an import graph where plan reaches sim through schedule fails)', () => {
    // The old tree's shape: src/plan/conv-timing.ts -> src/sim/chain.ts; here through one more hop.
    const plan = resolve(srcDir, 'plan/conv-timing.ts');
    const sched = resolve(srcDir, 'schedule/pipeline.ts');
    const sim = resolve(srcDir, 'sim/chain.ts');
    const graph = (f: string): string[] => (f === plan ? [sched] : f === sched ? [sim] : []);
    const chains = [...reachable('plan', graph).values()].filter((c) => c[c.length - 1]!.startsWith('sim/'));
    expect(chains.map((c) => c.join(' -> '))).to.deep.equal(['plan/conv-timing.ts -> schedule/pipeline.ts -> sim/chain.ts']);
  });
});
