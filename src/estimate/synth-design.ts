/**
 * Synthesise a generated design with Yosys and attribute the resources to
 * layers. The accelerator top instantiates one `siman_mvu` per layer
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
import { INSTANCES_FILE, STAT_FILE, synthScript, type SynthTarget } from '../tools/yosys-script.js';
import { addCounts, emptyCounts, instanceResources, parseInstances, parseStatJson, type ResourceCounts } from './synth-stats.js';

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
}

export interface SynthReport {
  target: SynthTarget;
  engine: YosysEngine;
  yosysVersion: string;
  top: string;
  fold: string;
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

/** Synthesise `flow.design` for one target and split the result per layer. */
export async function synthDesign(flow: DesignFlow, o: SynthDesignOptions): Promise<SynthDesignResult> {
  const files = Object.fromEntries(flow.design.files);
  const m = flow.design.manifest;
  const top = flow.plan.top;
  const script = synthScript({ target: o.target, top, sources: m.files.verilog });
  if (o.netlist) script.push(`write_json ${NETLIST_FILE}`);
  const run = await runYosys({
    engine: o.engine ?? 'wasm',
    script,
    files,
    outputs: [STAT_FILE, INSTANCES_FILE, ...(o.netlist ? [NETLIST_FILE] : [])],
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.onProgress !== undefined ? { onProgress: o.onProgress } : {}),
  });
  const stats = parseStatJson(run.outputs[STAT_FILE]!, { top });
  const inst = new Map(instanceResources(stats, parseInstances(run.outputs[INSTANCES_FILE]!)).map((i) => [i.instance, i.total]));
  const take = (name: string): ResourceCounts => {
    const c = inst.get(name);
    if (!c) throw new Error(`synthesis result has no instance ${name} (instances: ${[...inst.keys()].join(', ')})`);
    return c;
  };
  let rolled = emptyCounts();
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
    };
  });
  const total = stats.modules[top]!.total;
  const glue = stats.modules[top]!.own;
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

/** `"12 LUT4 + 3 LUT2"`-style text of LUTs by size, largest first. */
export function lutSizeText(r: Resources): string {
  const parts = Object.entries(r.lutsBySize)
    .sort((a, b) => Number(b[0]) - Number(a[0]))
    .map(([k, n]) => `${n}×${k === '0' ? 'LUT?' : `LUT${k}`}`);
  return parts.join(' + ') || '0';
}
