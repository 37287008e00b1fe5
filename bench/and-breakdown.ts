/**
 * Where a hardwired `and` layer spends its LUTs, flattened synthesis: the
 * layers of bench/and-xnor.ts (random bipolar n -> out at density 0.5,
 * then an `xnor` score layer reading every channel), split by the instance
 * prefix that flattened cell names keep (docs/synthesis.md): the lanes'
 * popcount trees, the rest of the lanes (gates, resize), the thresholds
 * (siman_result), the collect/output stage (siman_collect) and the control
 * (input buffer, fold counter, valid pipeline). Run with the carry-in tree
 * (siman_popcount STYLE 1, the default) and with the two-input adder tree
 * (STYLE 0, what hardwired lanes used before) on the same bits. Writes
 * docs/results/and-breakdown.json.
 *
 *   npx tsx bench/and-breakdown.ts [--targets ice40,xilinx] [--shapes 64x16,256x16,1024x8]
 */
import { writeFileSync } from 'node:fs';
import { designFromModel } from '../src/flow.js';
import { shapeModel } from '../src/estimate/shape-model.js';
import { parseStatJson, type ResourceCounts } from '../src/estimate/synth-stats.js';
import { runYosys } from '../src/tools/yosys.js';
import { synthScript, type SynthTarget } from '../src/tools/yosys-script.js';

const argv = process.argv.slice(2);
const arg = (k: string): string | undefined => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
const targets = (arg('--targets') ?? 'ice40,xilinx').split(',') as SynthTarget[];
const shapes = (arg('--shapes') ?? '64x16,256x16,1024x8').split(',').map((s) => s.split('x').map(Number) as [number, number]);

/** Cell-name groups, each a Yosys selection inside the top (prefix patterns). */
const GROUPS = {
  layer: 'u_l0.*',
  lanes: 'u_l0.u_lane*',
  popcount: 'u_l0.u_lane*.u_pop.*',
  ctl: 'u_l0.u_ctl.*',
  thresholds: 'u_l0.u_ctl.u_res.*',
  collect: 'u_l0.u_ctl.u_col.*',
} as const;
type Group = keyof typeof GROUPS;

interface Part {
  luts: number;
  ffs: number;
  carries: number;
}
const part = (c: ResourceCounts): Part => ({ luts: c.luts, ffs: c.ffs, carries: c.carries });
const minus = (a: Part, ...b: Part[]): Part => ({
  luts: a.luts - b.reduce((s, x) => s + x.luts, 0),
  ffs: a.ffs - b.reduce((s, x) => s + x.ffs, 0),
  carries: a.carries - b.reduce((s, x) => s + x.carries, 0),
});

/** The design's files with siman_popcount's default STYLE set to `style`. */
function withStyle(files: Map<string, string>, style: 0 | 1): Record<string, string> {
  const out = Object.fromEntries(files);
  const pop = out['siman_popcount.v']!;
  const patched = pop.replace(/parameter integer STYLE = \d/, `parameter integer STYLE = ${style}`);
  if (patched === pop && style !== 1) throw new Error('siman_popcount.v has no STYLE default to set');
  out['siman_popcount.v'] = patched;
  return out;
}

const rows = [];
for (const target of targets) {
  for (const [n, out] of shapes) {
    const model = shapeModel({ input: { kind: 'bipolar' }, seed: 100, layers: [{ in: n, out, semantics: 'and', density: 0.5 }, { in: out, out: 2, semantics: 'xnor', density: 0.5 }] });
    const flow = designFromModel(model, { mode: '0:hardwired' });
    const l0 = model.layers[0]!;
    // The bits the layer sums: its weights that are 1.
    const summedBits = l0.type === 'dense' && l0.weight.format === 'bits' ? l0.weight.data.reduce((a: number, b: number) => a + b, 0) : 0;
    for (const style of [0, 1] as const) {
      const top = flow.plan.top;
      const script = synthScript({ target, top, sources: flow.design.manifest.files.verilog, flatten: true, instanceStats: ['u_l0'], instancesFile: null });
      const names = Object.keys(GROUPS) as Group[];
      for (const g of names) script.push(`tee -q -o group-${g}.json stat -json -width ${top}/c:${GROUPS[g]}`);
      const t = Date.now();
      const run = await runYosys({ engine: 'native', script, files: withStyle(flow.design.files, style), outputs: names.map((g) => `group-${g}.json`) });
      const got = Object.fromEntries(names.map((g) => [g, part(parseStatJson(run.outputs[`group-${g}.json`]!, { top }).modules[top]!.own)])) as Record<Group, Part>;
      const row = {
        target,
        shape: `${n}x${out}`,
        popcount: style === 0 ? 'adder tree (STYLE 0)' : 'carry-in tree (STYLE 1)',
        summedBits,
        layer: got.layer,
        popcountTrees: got.popcount,
        laneOther: minus(got.lanes, got.popcount),
        thresholds: got.thresholds,
        collect: got.collect,
        control: minus(got.ctl, got.thresholds, got.collect),
        unclaimed: minus(got.layer, got.lanes, got.ctl),
        popcountLutsPerSummedBit: +(got.popcount.luts / summedBits).toFixed(2),
        layerLutsPerSummedBit: +(got.layer.luts / summedBits).toFixed(2),
        seconds: (Date.now() - t) / 1000,
      };
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  }
}
writeFileSync('docs/results/and-breakdown.json', JSON.stringify({ command: `npx tsx bench/and-breakdown.ts --targets ${targets.join(',')} --shapes ${shapes.map((s) => s.join('x')).join(',')}`, yosys: 'native', rows }, null, 2) + '\n');
