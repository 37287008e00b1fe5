/**
 * Hardwired `and` vs `xnor` on the same weight bits, flattened synthesis
 * (the default of `synth`): random bipolar layers n -> out at density 0.5,
 * followed by a small `xnor` score layer that reads every channel (so no
 * channel of the layer under test is dead logic a flattened flow would
 * drop, which would flatter `and`). Prints one JSON line per shape and
 * target and writes docs/results/and-xnor-flat.json.
 *
 *   npx tsx bench/and-xnor.ts [--targets ice40,xilinx] [--hierarchy flat|keep]
 */
import { writeFileSync } from 'node:fs';
import { designFromModel } from '../src/flow.js';
import { shapeModel } from '../src/estimate/shape-model.js';
import { synthDesign, type SynthHierarchy } from '../src/estimate/synth-design.js';
import type { SynthTarget } from '../src/tools/yosys-script.js';

const argv = process.argv.slice(2);
const arg = (k: string): string | undefined => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
const targets = (arg('--targets') ?? 'ice40,xilinx').split(',') as SynthTarget[];
const hierarchy = (arg('--hierarchy') ?? 'flat') as SynthHierarchy;
const SHAPES = [[64, 16], [256, 16], [1024, 8]] as const;

const rows = [];
for (const target of targets) {
  for (const [n, out] of SHAPES) {
    const luts: Record<string, number> = {};
    const seconds: Record<string, number> = {};
    for (const semantics of ['and', 'xnor'] as const) {
      // Same seed: the same weight bits under both semantics.
      const model = shapeModel({ input: { kind: 'bipolar' }, seed: 100, layers: [{ in: n, out, semantics, density: 0.5 }, { in: out, out: 2, semantics: 'xnor', density: 0.5 }] });
      const t = Date.now();
      const r = await synthDesign(designFromModel(model, { mode: '0:hardwired' }), { target, engine: 'native', hierarchy });
      luts[semantics] = r.report.layers[0]!.mvu.luts;
      seconds[semantics] = (Date.now() - t) / 1000;
    }
    const summedBits = (n * out) / 2; // expected ones at density 0.5
    const row = { target, hierarchy, shape: `${n}x${out}`, andLuts: luts.and!, xnorLuts: luts.xnor!, ratio: +(luts.and! / luts.xnor!).toFixed(3), andLutsPerSummedBit: +(luts.and! / summedBits).toFixed(2), seconds };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
}
writeFileSync('docs/results/and-xnor-flat.json', JSON.stringify({ command: `npx tsx bench/and-xnor.ts --targets ${targets.join(',')} --hierarchy ${hierarchy}`, yosys: 'native', rows }, null, 2) + '\n');
