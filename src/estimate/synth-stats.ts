/**
 * Turn Yosys `stat -json` (and the instance list written beside it) into
 * typed resource counts per module, rolled up over the hierarchy, so a
 * caller can map each top-level instance (one per layer) to its LUTs, FFs,
 * carries, BRAMs and DSPs. Pure functions; no tool is run here.
 *
 * Handles Yosys 0.23 and 0.55: module keys are RTLIL ids (`\name` or
 * `$paramod\name\P=...`) while cell types drop the leading backslash; 0.55
 * adds `num_ports`; 0.23 with `-top` prints the hierarchy table into the
 * middle of the JSON, which {@link parseStatJson} repairs.
 */
import { fail } from '../diagnostics.js';
import { classifyCell, type ResourceClass } from './cell-classes.js';

export type { ResourceClass } from './cell-classes.js';
export { classifyCell } from './cell-classes.js';

/** Primitive-cell counts of one module or subtree. */
export interface ResourceCounts {
  /** All LUTs; `lutsBySize[k]` counts k-input LUTs (key 0 = width unknown). */
  luts: number;
  lutsBySize: Record<number, number>;
  ffs: number;
  carries: number;
  brams: number;
  /** LUT RAM and shift-register LUTs (not included in `luts`). */
  lutrams: number;
  dsps: number;
  /** Dedicated wide muxes (PFUMX, L6MUX21, MUXF7/8). */
  muxes: number;
  io: number;
  others: number;
  /** Total primitive cells (sum of all classes). */
  cells: number;
  /** Raw primitive cell counts by type name. */
  byType: Record<string, number>;
}

export interface ModuleStats {
  /** Module name as cell types refer to it (no leading backslash). */
  name: string;
  /** `popcount` for `$paramod\popcount\N=...`, else the name. */
  baseName: string;
  /** Parameters decoded from a `$paramod` name, when readable. */
  params: Record<string, number | string>;
  /** This module's own primitive cells (submodule instances excluded). */
  own: ResourceCounts;
  /** Submodule instance counts by module name. */
  submodules: Record<string, number>;
  /** Own cells plus every submodule instance's `total`, recursively. */
  total: ResourceCounts;
}

export interface SynthStats {
  /** `creator` field, e.g. `Yosys 0.55 (git sha1 ...)`. */
  creator: string;
  /** Version parsed from `creator`, e.g. `0.55`. */
  version: string;
  /** Top module (given, or the one no other module instantiates). */
  top: string;
  modules: Record<string, ModuleStats>;
  /** Yosys' own hierarchical totals (`design`), when it printed them. */
  design?: ResourceCounts;
  /** Things the parser had to work around. */
  notes: string[];
}

/** One instance of a design module inside another. */
export interface InstanceStats {
  /** Instance name in its parent (e.g. `layer0`). */
  instance: string;
  module: string;
  total: ResourceCounts;
}

/** An all-zero count. */
export function emptyCounts(): ResourceCounts {
  return { luts: 0, lutsBySize: {}, ffs: 0, carries: 0, brams: 0, lutrams: 0, dsps: 0, muxes: 0, io: 0, others: 0, cells: 0, byType: {} };
}

const FIELD: Record<ResourceClass, Exclude<keyof ResourceCounts, 'lutsBySize' | 'byType' | 'cells'>> = {
  lut: 'luts', ff: 'ffs', carry: 'carries', bram: 'brams', lutram: 'lutrams', dsp: 'dsps', mux: 'muxes', io: 'io', other: 'others',
};

/** Count `n` cells of primitive type `type` into `c` (mutates). */
function addCell(c: ResourceCounts, type: string, n: number): void {
  const k = classifyCell(type);
  c[FIELD[k.cls]] += n;
  if (k.cls === 'lut') c.lutsBySize[k.lutSize!] = (c.lutsBySize[k.lutSize!] ?? 0) + n;
  c.byType[type] = (c.byType[type] ?? 0) + n;
  c.cells += n;
}

/** `a + k·b` as a new count. */
export function addCounts(a: ResourceCounts, b: ResourceCounts, k = 1): ResourceCounts {
  const r = emptyCounts();
  for (const [t, n] of Object.entries(a.byType)) addCell(r, t, n);
  for (const [t, n] of Object.entries(b.byType)) addCell(r, t, k * n);
  return r;
}

/** Counts from a `{ type: count }` map of primitive cells. */
export function countsFromTypes(byType: Record<string, number>): ResourceCounts {
  const r = emptyCounts();
  for (const [t, n] of Object.entries(byType)) addCell(r, t, n);
  return r;
}

/** RTLIL id -> the name cell types use: drop one leading backslash. */
export function moduleKey(id: string): string {
  return id.startsWith('\\') ? id.slice(1) : id;
}

/** Decode `$paramod\popcount\N=s32'00010000` into base name and params. */
export function decodeParamod(name: string): { baseName: string; params: Record<string, number | string> } {
  if (!name.startsWith('$paramod')) return { baseName: name, params: {} };
  const parts = name.split('\\');
  // `$paramod$<hash>\name` (long parameter lists) has no readable params.
  const baseName = parts[1] ?? name;
  const params: Record<string, number | string> = {};
  for (const p of parts.slice(2)) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq);
    const val = p.slice(eq + 1);
    const m = /^s?(\d+)'([01]+)$/.exec(val);
    if (m && m[2]!.length <= 52) {
      let v = parseInt(m[2]!, 2);
      // Signed values: two's complement at the stated width.
      if (val.startsWith('s') && m[2]![0] === '1') v -= 2 ** m[2]!.length;
      params[key] = v;
    } else params[key] = val;
  }
  return { baseName, params };
}

/**
 * Yosys 0.23 `stat -json -top` prints the text hierarchy table (lines like
 * `  layer_a   2`) into the JSON. Valid JSON lines here always start with a
 * quote or a bracket, so any other line is dropped.
 */
function parseLenient(text: string, notes: string[]): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const kept = text.split(/\r?\n/).filter((l) => /^\s*["{}[\]]/.test(l) || l.trim() === '');
    try {
      // 0.23 with a cell selection and no -top leaves a comma before the closing brace.
      const v = JSON.parse(kept.join('\n').replace(/,(\s*)\}\s*$/, '$1}'));
      notes.push('repaired Yosys 0.23 stat -json output (hierarchy lines printed with -top, a trailing comma after a cell selection)');
      return v;
    } catch (e) {
      return fail('E_TOOL_FAILED', `yosys stat -json output is not valid JSON: ${(e as Error).message}`);
    }
  }
}

interface RawModule {
  num_cells_by_type?: Record<string, number>;
}

/**
 * Parse `stat -json` text. `top` defaults to the single module that no
 * other module instantiates. Throws E_TOOL_FAILED when the text is not a
 * stat report or the hierarchy is cyclic or has several roots.
 */
export function parseStatJson(text: string, opts: { top?: string } = {}): SynthStats {
  const notes: string[] = [];
  const raw = parseLenient(text, notes) as { creator?: string; modules?: Record<string, RawModule>; design?: RawModule };
  if (!raw || typeof raw !== 'object' || typeof raw.modules !== 'object' || raw.modules === null) {
    fail('E_TOOL_FAILED', 'yosys stat -json output has no "modules" object');
  }
  const creator = typeof raw.creator === 'string' ? raw.creator : '';
  const version = /Yosys (\d+\.\d+)/.exec(creator)?.[1] ?? 'unknown';

  const cellMaps = new Map<string, Record<string, number>>();
  for (const [id, m] of Object.entries(raw.modules)) cellMaps.set(moduleKey(id), m.num_cells_by_type ?? {});

  const modules: Record<string, ModuleStats> = {};
  for (const [name, byType] of cellMaps) {
    const own: Record<string, number> = {};
    const submodules: Record<string, number> = {};
    for (const [type, n] of Object.entries(byType)) {
      const key = moduleKey(type);
      if (cellMaps.has(key)) submodules[key] = (submodules[key] ?? 0) + n;
      else own[type] = n;
    }
    const { baseName, params } = decodeParamod(name);
    const ownCounts = countsFromTypes(own);
    modules[name] = { name, baseName, params, own: ownCounts, submodules, total: ownCounts };
  }
  rollUp(modules);

  let top = opts.top;
  if (top === undefined) {
    const used = new Set(Object.values(modules).flatMap((m) => Object.keys(m.submodules)));
    const roots = Object.keys(modules).filter((n) => !used.has(n));
    if (roots.length !== 1) fail('E_TOOL_FAILED', `cannot tell the top module: candidates ${roots.join(', ') || '(none)'}`);
    top = roots[0]!;
  } else if (!modules[top]) {
    fail('E_TOOL_FAILED', `top module ${top} is not in the yosys statistics (modules: ${Object.keys(modules).join(', ')})`);
  }
  const stats: SynthStats = { creator, version, top, modules, notes };
  if (raw.design?.num_cells_by_type) stats.design = countsFromTypes(raw.design.num_cells_by_type);
  return stats;
}

/** Fill every module's `total` bottom-up; a cycle is an internal error. */
function rollUp(modules: Record<string, ModuleStats>): void {
  const state = new Map<string, 'busy' | 'done'>();
  const visit = (name: string): ResourceCounts => {
    const m = modules[name]!;
    const s = state.get(name);
    if (s === 'done') return m.total;
    if (s === 'busy') throw new Error(`module hierarchy is cyclic at ${name}`);
    state.set(name, 'busy');
    let total = m.own;
    for (const [sub, n] of Object.entries(m.submodules)) total = addCounts(total, visit(sub), n);
    m.total = total;
    state.set(name, 'done');
    return total;
  };
  for (const name of Object.keys(modules)) visit(name);
}

/**
 * Parse the instance list (`json -o FILE <user instance selection>`):
 * parent module -> [{ instance, module }] for cells that instantiate
 * design modules. Instance names keep Yosys' spelling without `\`.
 */
export function parseInstances(text: string): Record<string, Array<{ instance: string; module: string }>> {
  let raw: { modules?: Record<string, { cells?: Record<string, { type?: string }> }> };
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail('E_TOOL_FAILED', `yosys instance list is not valid JSON: ${(e as Error).message}`);
  }
  const out: Record<string, Array<{ instance: string; module: string }>> = {};
  for (const [mod, m] of Object.entries(raw.modules ?? {})) {
    const list = Object.entries(m.cells ?? {})
      .filter(([, c]) => typeof c.type === 'string')
      .map(([inst, c]) => ({ instance: moduleKey(inst), module: moduleKey(c.type!) }));
    out[moduleKey(mod)] = list.sort((a, b) => a.instance.localeCompare(b.instance, 'en', { numeric: true }));
  }
  return out;
}

/**
 * Resources of each design-module instance inside `parent` (default: the
 * top), e.g. one entry per layer. Instances of non-design cells are skipped.
 */
export function instanceResources(
  stats: SynthStats,
  instances: Record<string, Array<{ instance: string; module: string }>>,
  parent: string = stats.top,
): InstanceStats[] {
  return (instances[parent] ?? [])
    .filter((i) => stats.modules[i.module] !== undefined)
    .map((i) => ({ instance: i.instance, module: i.module, total: stats.modules[i.module]!.total }));
}
