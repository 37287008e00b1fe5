/**
 * Hardwired `xnor` lowered onto the AND datapath (`--lower on`) vs not
 * (`--lower off`) vs `and` on the same weight bits, flattened synthesis
 * (the default of `synth`), native Yosys: the layers of bench/and-xnor.ts
 * (random bipolar n -> out at density 0.5, then a small folded `xnor`
 * score layer reading every channel, so no channel is dead logic). Prints
 * one JSON line per shape and target and writes
 * docs/results/xnor-lowering.json.
 *
 *   npx tsx bench/xnor-lowering.ts [--targets ice40,xilinx] [--shapes 64x16,256x16,1024x8] [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { designFromModel } from '../src/flow.js';
import { shapeModel } from '../src/estimate/shape-model.js';
import { synthDesign } from '../src/estimate/synth-design.js';
import type { SynthTarget } from '../src/tools/yosys-script.js';

const argv = process.argv.slice(2);
const arg = (k: string): string | undefined => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
const targets = (arg('--targets') ?? 'ice40,xilinx').split(',') as SynthTarget[];
const outFile = arg('--out') ?? 'docs/results/xnor-lowering.json';
const shapes = (arg('--shapes') ?? '64x16,256x16,1024x8').split(',').map((s) => s.split('x').map(Number) as [number, number]);

const VARIANTS = [
  { name: 'and', semantics: 'and', lower: 'off' },
  { name: 'xnor', semantics: 'xnor', lower: 'off' },
  { name: 'xnorLowered', semantics: 'xnor', lower: 'on' },
] as const;

const rows = [];
for (const target of targets) {
  for (const [n, out] of shapes) {
    const luts: Record<string, number> = {};
    const seconds: Record<string, number> = {};
    let wired = 0;
    for (const v of VARIANTS) {
      // Same seed: the same weight bits under every variant.
      const model = shapeModel({ input: { kind: 'bipolar' }, seed: 100, layers: [{ in: n, out, semantics: v.semantics, density: 0.5 }, { in: out, out: 2, semantics: 'xnor', density: 0.5 }] });
      const flow = designFromModel(model, { mode: '0:hardwired', lower: v.lower });
      if (v.name === 'xnorLowered') {
        const hw = [...flow.design.files.entries()].find(([f]) => f.endsWith('_l0_hw.v'))![1];
        wired = Number(/\((\d+) input wires over all lanes\)/.exec(hw)![1]);
      }
      const t = Date.now();
      const r = await synthDesign(flow, { target, engine: 'native' });
      luts[v.name] = r.report.layers[0]!.mvu.luts;
      seconds[v.name] = (Date.now() - t) / 1000;
    }
    const row = {
      target,
      shape: `${n}x${out}`,
      andLuts: luts.and!,
      xnorLuts: luts.xnor!,
      loweredLuts: luts.xnorLowered!,
      loweredOverXnor: +(luts.xnorLowered! / luts.xnor!).toFixed(3),
      loweredOverAnd: +(luts.xnorLowered! / luts.and!).toFixed(3),
      loweredLaneInputs: wired,
      xnorLaneInputs: n * out,
      seconds,
    };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
}
writeFileSync(
  outFile,
  JSON.stringify({ command: `npx tsx bench/xnor-lowering.ts --targets ${targets.join(',')} --shapes ${shapes.map((s) => s.join('x')).join(',')} --out ${outFile}`, yosys: 'native', hierarchy: 'flat', rows }, null, 2) + '\n',
);
