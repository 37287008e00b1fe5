/**
 * Where Yosys puts a weight ROM, by shape: one folded layer (SIMD = IN,
 * PE = 1, so the ROM is OUT words × IN bits) synthesised flattened for each
 * depth × width of a small grid, recording the placement the memory
 * mapper logged, the block RAMs and the LUTs of the layer. The Xilinx
 * block-RAM rule of the estimator (bench/calibrate.ts, BRAM_EXTRA) is read
 * off this table; docs/results/bram-sweep-<target>.json keeps it.
 *
 *   npx tsx bench/bram-sweep.ts [--target xilinx|ice40|ecp5] [--yosys native|wasm]
 */
import { writeFileSync } from 'node:fs';
import { designFromModel } from '../src/flow.js';
import { shapeModel } from '../src/estimate/shape-model.js';
import { synthDesign } from '../src/estimate/synth-design.js';
import { calibrationArgs } from './calibration-cli.js';

const { target, engine } = calibrationArgs(0);
const rows = [];
for (const depth of [16, 32, 64, 128, 256, 512]) {
  for (const width of [16, 64, 256]) {
    const model = shapeModel({
      input: { kind: 'bipolar' },
      layers: [
        { in: width, out: depth, semantics: 'xnor', density: 0.5 },
        { in: depth, out: 2, semantics: 'xnor', density: 0.5 },
      ],
      seed: 3,
    });
    const flow = designFromModel(model, { fold: `0:pe=1,simd=${width}` });
    const t = Date.now();
    const r = await synthDesign(flow, { target, engine });
    const l = r.report.layers[0]!;
    const row = { depth, width, bits: depth * width, placement: l.weightPlacement, brams: l.mvu.brams, luts: l.mvu.luts, seconds: (Date.now() - t) / 1000, yosys: `${r.report.yosysVersion} ${r.report.engine}` };
    console.error(JSON.stringify(row));
    rows.push(row);
  }
}
const file = `docs/results/bram-sweep-${target}.json`;
writeFileSync(file, JSON.stringify({ command: `npx tsx bench/bram-sweep.ts --target ${target} --yosys ${engine}`, target, rows }, null, 2) + '\n');
console.error(`wrote ${file}`);
