/**
 * FINN's SFC-max shape (784-256-256-256-10 MLP, binary weights and
 * activations) at II <= 16 cycles, as siman-hw builds it: seeded random
 * weight bits at density 0.5 (the same bits under `and` and `xnor`),
 * bipolar input, every layer folded to 16 cycles per vector, folded or
 * hardwired (and hardwired `xnor` lowered onto the AND datapath). Writes
 * docs/results/finn-sfc.json; docs/results/finn-sfc.md discusses it.
 *
 *   npx tsx bench/finn-sfc.ts [--synth layer0|whole|none] [--pnr] [--variants folded-and,...] [--write-models DIR]
 *
 * Always: the analytic estimate of the whole design on xc7 and iCE40.
 * --synth layer0 (default): flattened native Yosys `synth_xilinx -flatten`
 * of the largest layer (784 -> 256, as the first layer of a 784-256-10
 * design; its row of the per-layer split); `whole` synthesises the whole
 * design (tens of thousands of LUTs: long). --pnr: nextpnr-ice40 Fmax of the
 * last layer (256 -> 10 at II 16) on an UP5K and an HX8K. --write-models DIR
 * writes the models (sfc-and.json, sfc-xnor.json and the layer-0 designs
 * sfc-l0-and.json, sfc-l0-xnor.json) for `siman-hw synth` by hand.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { designFromModel, type DesignFlow } from '../src/flow.js';
import { estimatePlan } from '../src/estimate/analytic.js';
import { shapeModel } from '../src/estimate/shape-model.js';
import { synthDesign } from '../src/estimate/synth-design.js';
import type { Semantics } from '../src/ir/model.js';

const OUT = fileURLToPath(new URL('../docs/results/finn-sfc.json', import.meta.url));
const DIMS = [784, 256, 256, 256, 10];
/** PE x SIMD per layer for 16 cycles per vector (NF·SF = 16; SF = 1 avoids the slice select). */
const FOLD = '0:pe=16,simd=784;1:pe=16,simd=256;2:pe=16,simd=256;3:pe=10,simd=16';
/** Hardwired layers take every input per cycle (SIMD = IN): 16 channel folds, the last layer 10. */
const HW_FOLD = '0:pe=16;1:pe=16;2:pe=16;3:pe=1';
/** FINN's published SFC-max (Umuroglu et al., FINN, FPGA 2017): Vivado, 200 MHz. */
const FINN = { luts: 91131, framesPerSecond: 12.3e6, clockMhz: 200 };

interface Variant {
  name: string;
  semantics: Semantics;
  mode: string;
  lower: string;
}

const VARIANTS: Variant[] = [
  { name: 'folded-and', semantics: 'and', mode: 'folded', lower: 'auto' },
  { name: 'folded-xnor', semantics: 'xnor', mode: 'folded', lower: 'auto' },
  { name: 'hardwired-and', semantics: 'and', mode: 'hardwired', lower: 'auto' },
  { name: 'hardwired-xnor', semantics: 'xnor', mode: 'hardwired', lower: 'off' },
  { name: 'hardwired-xnor-lowered', semantics: 'xnor', mode: 'hardwired', lower: 'on' },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function flowOf(dims: number[], v: Variant, fold: string): DesignFlow {
  const layers = dims.slice(0, -1).map((n, i) => ({ in: n, out: dims[i + 1]!, semantics: v.semantics, density: 0.5 }));
  const model = shapeModel({ input: { kind: 'bipolar' }, layers, seed: 1, name: `sfc-${v.semantics}` });
  return designFromModel(model, { fold, mode: v.mode, lower: v.lower });
}

const modelDir = arg('--write-models');
if (modelDir) {
  const { serializeModel } = await import('../src/model/write.js');
  for (const sem of ['and', 'xnor'] as const) {
    for (const [name, dims] of [['sfc', DIMS], ['sfc-l0', [784, 256, 10]]] as const) {
      const layers = dims.slice(0, -1).map((n, i) => ({ in: n, out: dims[i + 1]!, semantics: sem, density: 0.5 }));
      writeFileSync(`${modelDir}/${name}-${sem}.json`, serializeModel(shapeModel({ input: { kind: 'bipolar' }, layers, seed: 1, name: `sfc-${sem}` })));
    }
  }
  console.error(`wrote the SFC models to ${modelDir}`);
}
const synthMode = arg('--synth') ?? 'layer0';
const only = arg('--variants')?.split(',');
const results: Record<string, unknown>[] = [];
for (const v of VARIANTS) {
  if (only && !only.includes(v.name)) continue;
  const hw = v.mode === 'hardwired';
  const flow = flowOf(DIMS, v, hw ? HW_FOLD : FOLD);
  const row: Record<string, unknown> = {
    variant: v.name,
    iiCycles: flow.plan.iiCycles,
    framesPerSecondAt200MHz: 200e6 / flow.plan.iiCycles,
    lowered: flow.plan.layers.map((l) => l.lowered),
  };
  for (const target of ['xilinx', 'ice40'] as const) {
    const e = estimatePlan(flow.plan, target);
    row[`estimate_${target}`] = { total: e.total, layers: e.layers.map((l) => l.total) };
  }
  const t0 = Date.now();
  if (synthMode !== 'none') {
    // The largest layer alone (followed by the 256 -> 10 layer so it is a hidden layer), or the whole design.
    const sflow = synthMode === 'whole' ? flow : flowOf([784, 256, 10], v, hw ? '0:pe=16;1:pe=1' : '0:pe=16,simd=784;1:pe=10,simd=16');
    console.error(`${v.name}: synthesising ${synthMode === 'whole' ? 'the whole design' : 'layer 0'} (xc7, flattened, native Yosys)...`);
    const r = await synthDesign(sflow, { target: 'xilinx', engine: 'native', timeoutMs: 6 * 3600_000 });
    const l0 = r.report.layers[0]!;
    row.synth_xilinx = {
      scope: synthMode,
      yosysVersion: r.report.yosysVersion,
      seconds: (Date.now() - t0) / 1000,
      total: r.report.total,
      layer0: { mvu: l0.mvu, total: l0.total },
      estimateLayer0: estimatePlan(sflow.plan, 'xilinx').layers[0]!.total,
    };
  }
  if (process.argv.includes('--pnr')) {
    const { pnrDesign } = await import('../src/estimate/pnr-design.js');
    const last = flowOf([256, 10], v, hw ? '0:pe=1' : '0:pe=10,simd=16');
    const pnr: Record<string, unknown> = {};
    for (const device of ['up5k', 'hx8k'] as const) {
      const p = await pnrDesign(last, { device, engine: 'native', timeoutMs: 1800_000 });
      pnr[device] = { fmaxMhz: p.report.fmaxMhz, vectorsPerSecond: p.report.vectorsPerSecond, utilisation: p.report.utilisation };
    }
    row.pnr_ice40_layer3 = pnr;
  }
  results.push(row);
  console.error(JSON.stringify(row));
}
writeFileSync(OUT, JSON.stringify({ shape: DIMS, fold: FOLD, hardwiredFold: HW_FOLD, density: 0.5, seed: 1, finn: FINN, command: `npx tsx bench/finn-sfc.ts ${process.argv.slice(2).join(' ')}`.trim(), results }, null, 1) + '\n');
console.error(`wrote ${OUT}`);
