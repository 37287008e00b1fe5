/**
 * Synthesise a generated design with Yosys and attribute the resources to
 * layers.
 *
 * By default the design is **flattened** before mapping, as Vivado
 * (`flatten_hierarchy rebuilt`), Yosys' own `synth_ice40`/`synth_ecp5`
 * and nextpnr flows do, so optimisation crosses module boundaries (ROM read
 * + XNOR + first adder level in one LUT, channels the next layer never
 * reads removed). The per-unit split then comes from cell names: a
 * flattened cell keeps its instance path as a prefix (`u_l0.acc_SB_DFFE_Q`)
 * and `autoname` gives the cells that LUT mapping created the name of a net
 * they drive, so every cell is counted in the instance whose prefix it
 * carries; cells named after a top-level net are `glue`. With
 * `hierarchy: 'keep'` every module is synthesised on its own and rolled up
 * per instance (cross-module optimisation blocked).
 * The accelerator top instantiates one `siman_mvu` per layer
 * (`u_l<i>`) and one `siman_axis_fifo` after every layer but the last
 * (`u_f<i>`); in a conv network a layer also has a `siman_window` in front
 * of its MVU (`u_l<i>_win`: the sliding window of a conv layer, or the
 * gather unit of the first dense layer after an image) and may have one
 * behind it (`u_l<i>_pool`). A layer's row is **all of its units plus the
 * FIFO after it**, and every part is also kept separately. Cells of the top
 * itself (normally none) are reported as `glue`, so
 * `Σ layers + glue = total` exactly.
 *
 * Every design file (Verilog and the `$readmemh` images) goes into the
 * Yosys sandbox under its own name, next to each other, so the ROM
 * initialisation finds its memory files as in `generate`'s output folder.
 */
import type { DesignFlow } from '../flow.js';
import type { Diagnostic } from '../diagnostics.js';
import { runYosys, type YosysEngine } from '../tools/yosys.js';
import { INSTANCES_FILE, STAT_FILE, instanceStatFile, synthScript, type SynthTarget } from '../tools/yosys-script.js';
import { parseMemoryMapping, placementOf, type MemoryPlacement } from './memory-map.js';
import { addCounts, countsFromTypes, emptyCounts, instanceResources, parseInstances, parseStatJson, type ResourceCounts } from './synth-stats.js';

/** `flat`: flattened synthesis, split by cell-name prefix (default); `keep`: hierarchy kept, split by module. */
export type SynthHierarchy = 'flat' | 'keep';

export const SYNTH_HIERARCHIES: readonly SynthHierarchy[] = ['flat', 'keep'];

/** One line on how the per-layer numbers were obtained, for reports. */
export function attributionText(h: SynthHierarchy): string {
  return h === 'flat'
    ? 'flattened synthesis; cells split per unit by the instance prefix Yosys keeps in flattened cell names (glue: cells named after top-level nets)'
    : 'hierarchy kept (no optimisation across modules); each unit is its module instance rolled up';
}

/** Sandbox name of the optional netlist dump. */
export const NETLIST_FILE = 'siman-hw-netlist.json';

/** The resource classes a report shows. */
export interface Resources {
  luts: number;
  /** LUTs by input count (`"4": n`; `"0"` = width unknown). */
  lutsBySize: Record<string, number>;
  ffs: number;
  carries: number;
  brams: number;
  dsps: number;
  lutrams: number;
  muxes: number;
}

export interface LayerResources {
  index: number;
  name: string;
  /** Instance names, e.g. `u_l0` and `u_f0` (fifo null for the last layer). */
  mvuInstance: string;
  fifoInstance: string | null;
  /** The window (conv layer) or gather (first dense layer after an image) unit `u_l<i>_win`, or null. */
  windowInstance: string | null;
  windowRole: 'window' | 'gather' | null;
  /** The max-pool unit `u_l<i>_pool` behind the MVU, or null. */
  poolInstance: string | null;
  mvu: Resources;
  fifo: Resources | null;
  window: Resources | null;
  pool: Resources | null;
  /** window + mvu + pool + fifo. */
  total: Resources;
  /** Weight bits of the layer (ROM words × width when folded, IN × OUT when hardwired). */
  weightBits: number;
  /**
   * Where they ended up: the weight ROM's placement as Yosys' memory mapper
   * logged it (`bram`, `lutram`, `logic`), `hardwired` (weights are logic by
   * construction), `constant` (the ROM was optimised away: every column
   * constant), or null when the hierarchy was kept (memory names are then
   * per module, not per layer).
   */
  weightPlacement: MemoryPlacement | 'hardwired' | 'constant' | null;
}

export interface SynthReport {
  target: SynthTarget;
  engine: YosysEngine;
  yosysVersion: string;
  top: string;
  fold: string;
  /** Whether the design was flattened (and how layers were split). */
  hierarchy: SynthHierarchy;
  /** {@link attributionText} of `hierarchy`. */
  attribution: string;
  layers: LayerResources[];
  /** Cells of the top module itself. */
  glue: Resources;
  total: Resources;
  durationMs: number;
  warnings: string[];
}

export interface SynthDesignOptions {
  target: SynthTarget;
  engine?: YosysEngine;
  timeoutMs?: number;
  onProgress?: (line: string) => void;
  /** Also dump the synthesised netlist (Yosys `write_json`). */
  netlist?: boolean;
  /** Flatten (default, what vendor flows do) or keep the hierarchy. */
  hierarchy?: SynthHierarchy;
}

export interface SynthDesignResult {
  report: SynthReport;
  /** Yosys outputs by sandbox name (stat, instances, netlist when asked). */
  outputs: Record<string, string>;
  log: string;
  script: string[];
  diagnostics: Diagnostic[];
}

/** Keep the classes a report shows. */
export function resources(c: ResourceCounts): Resources {
  const lutsBySize: Record<string, number> = {};
  for (const [k, n] of Object.entries(c.lutsBySize)) if (n) lutsBySize[k] = n;
  return { luts: c.luts, lutsBySize, ffs: c.ffs, carries: c.carries, brams: c.brams, dsps: c.dsps, lutrams: c.lutrams, muxes: c.muxes };
}

/** Field-wise sum. */
export function addResources(a: Resources, b: Resources): Resources {
  const lutsBySize: Record<string, number> = { ...a.lutsBySize };
  for (const [k, n] of Object.entries(b.lutsBySize)) lutsBySize[k] = (lutsBySize[k] ?? 0) + n;
  return {
    luts: a.luts + b.luts,
    lutsBySize,
    ffs: a.ffs + b.ffs,
    carries: a.carries + b.carries,
    brams: a.brams + b.brams,
    dsps: a.dsps + b.dsps,
    lutrams: a.lutrams + b.lutrams,
    muxes: a.muxes + b.muxes,
  };
}

export function zeroResources(): Resources {
  return resources(emptyCounts());
}

/** Instance names of layer `index`'s units in the generated top (templates/top.v.hbs); null where the layer has no such unit. */
export function layerInstances(flow: DesignFlow, index: number): { mvu: string; window: string | null; pool: string | null; fifo: string | null } {
  const l = flow.plan.layers[index]!;
  return {
    mvu: `u_l${index}`,
    window: l.window ? `u_l${index}_win` : null,
    pool: l.pool ? `u_l${index}_pool` : null,
    fifo: flow.plan.fifos.some((f) => f.after === index) ? `u_f${index}` : null,
  };
}

/** Every top-level unit instance of the design, in layer order. */
export function unitInstances(flow: DesignFlow): string[] {
  return flow.plan.layers.flatMap((l) => {
    const n = layerInstances(flow, l.index);
    return [n.window, n.mvu, n.pool, n.fifo].filter((x): x is string => x !== null);
  });
}

/** Synthesise `flow.design` for one target and split the result per layer. */
export async function synthDesign(flow: DesignFlow, o: SynthDesignOptions): Promise<SynthDesignResult> {
  const files = Object.fromEntries(flow.design.files);
  const m = flow.design.manifest;
  const top = flow.plan.top;
  const hierarchy = o.hierarchy ?? 'flat';
  const flat = hierarchy === 'flat';
  const units = unitInstances(flow);
  const script = synthScript({
    target: o.target,
    top,
    sources: m.files.verilog,
    flatten: flat,
    ...(flat ? { instanceStats: units, instancesFile: null } : {}),
  });
  if (o.netlist) script.push(`write_json ${NETLIST_FILE}`);
  const run = await runYosys({
    engine: o.engine ?? 'wasm',
    script,
    files,
    outputs: [STAT_FILE, ...(flat ? units.map(instanceStatFile) : [INSTANCES_FILE]), ...(o.netlist ? [NETLIST_FILE] : [])],
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.onProgress !== undefined ? { onProgress: o.onProgress } : {}),
  });
  const stats = parseStatJson(run.outputs[STAT_FILE]!, { top });
  const inst = flat
    ? new Map(units.map((u) => [u, parseStatJson(run.outputs[instanceStatFile(u)]!, { top }).modules[top]!.own]))
    : new Map(instanceResources(stats, parseInstances(run.outputs[INSTANCES_FILE]!)).map((i) => [i.instance, i.total]));
  const take = (name: string): ResourceCounts => {
    const c = inst.get(name);
    if (!c) throw new Error(`synthesis result has no instance ${name} (instances: ${[...inst.keys()].join(', ')})`);
    return c;
  };
  let rolled = emptyCounts();
  const mems = flat ? parseMemoryMapping(run.log) : [];
  const layers: LayerResources[] = flow.plan.layers.map((l) => {
    const names = layerInstances(flow, l.index);
    const part = (name: string | null): ResourceCounts | null => (name === null ? null : take(name));
    const mvu = take(names.mvu);
    const win = part(names.window);
    const pool = part(names.pool);
    const fifo = part(names.fifo);
    for (const c of [mvu, win, pool, fifo]) if (c) rolled = addCounts(rolled, c);
    const res = (c: ResourceCounts | null): Resources | null => (c ? resources(c) : null);
    const parts = [win, mvu, pool, fifo].filter((c): c is ResourceCounts => c !== null).map(resources);
    return {
      index: l.index,
      name: l.name,
      mvuInstance: names.mvu,
      fifoInstance: names.fifo,
      windowInstance: names.window,
      windowRole: l.window ? (l.window.role === 'gather' ? 'gather' : 'window') : null,
      poolInstance: names.pool,
      mvu: resources(mvu),
      fifo: res(fifo),
      window: res(win),
      pool: res(pool),
      total: parts.reduce(addResources),
      weightBits: l.mode === 'hardwired' ? l.in * l.out : l.nf * l.sf * l.pe * l.simd,
      weightPlacement: l.mode === 'hardwired' ? 'hardwired' : flat ? (placementOf(mems, top, `${names.mvu}.u_wrom`) ?? 'constant') : null,
    };
  });
  const total = stats.modules[top]!.total;
  // Flattened, the top owns every cell: glue is what no unit prefix claimed.
  const glue = flat ? subtractCounts(total, rolled) : stats.modules[top]!.own;
  if (addCounts(rolled, glue).cells !== total.cells) {
    throw new Error(`per-instance cells (${rolled.cells}) + top cells (${glue.cells}) != total (${total.cells})`);
  }
  return {
    report: {
      target: o.target,
      engine: run.engine,
      yosysVersion: run.version,
      top,
      fold: m.fold,
      hierarchy,
      attribution: attributionText(hierarchy),
      layers,
      glue: resources(glue),
      total: resources(total),
      durationMs: run.durationMs,
      warnings: run.diagnostics.map((d) => d.message),
    },
    outputs: run.outputs,
    log: run.log,
    script,
    diagnostics: run.diagnostics,
  };
}

/** `total - part` type by type; a negative count means the name split claimed a cell twice (an internal error). */
function subtractCounts(total: ResourceCounts, part: ResourceCounts): ResourceCounts {
  const byType: Record<string, number> = {};
  for (const [t, n] of Object.entries(total.byType)) {
    const left = n - (part.byType[t] ?? 0);
    if (left < 0) throw new Error(`cell type ${t}: units claim ${part.byType[t]} cells of ${n}`);
    if (left > 0) byType[t] = left;
  }
  for (const t of Object.keys(part.byType)) if (!(t in total.byType)) throw new Error(`cell type ${t} claimed by a unit is not in the total`);
  return countsFromTypes(byType);
}

/** `"12 LUT4 + 3 LUT2"`-style text of LUTs by size, largest first. */
export function lutSizeText(r: Resources): string {
  const parts = Object.entries(r.lutsBySize)
    .sort((a, b) => Number(b[0]) - Number(a[0]))
    .map(([k, n]) => `${n}×${k === '0' ? 'LUT?' : `LUT${k}`}`);
  return parts.join(' + ') || '0';
}
