/**
 * Yosys synthesis scripts per target, built as line lists. A script either
 * flattens the design, as every vendor and nextpnr flow does by default
 * (the numbers a real flow gets), and then counts each top-level instance
 * by the hierarchical prefix Yosys keeps in flattened cell names; or keeps
 * the hierarchy (one module per layer stays one module) and rolls the
 * statistics up per instance.
 */
import { fail } from '../diagnostics.js';

/** FPGA families we synthesise for. `generic` = technology-independent 4-LUTs. */
export type SynthTarget = 'ice40' | 'ecp5' | 'xilinx' | 'generic';

export const SYNTH_TARGETS: readonly SynthTarget[] = ['ice40', 'ecp5', 'xilinx', 'generic'];

/** Default sandbox names of the files a synthesis script writes. */
export const STAT_FILE = 'siman-hw-stat.json';
export const INSTANCES_FILE = 'siman-hw-instances.json';

export interface SynthScriptOptions {
  target: SynthTarget;
  /** Name of the top module. */
  top: string;
  /** Verilog sources by sandbox name (`.sv` files are read with -sv). */
  sources: readonly string[];
  /** Flatten before synthesis (default false: keep the hierarchy). */
  flatten?: boolean;
  /** Xilinx family for synth_xilinx -family (default xc7, i.e. LUT6 + CARRY4). */
  xilinxFamily?: string;
  /** Where `stat -json` goes (default {@link STAT_FILE}). */
  statFile?: string;
  /** Where the instance list goes (default {@link INSTANCES_FILE}); null to skip. */
  instancesFile?: string | null;
  /**
   * With `flatten`: top-level instance names whose cells are counted on
   * their own, each into {@link instanceStatFile}(name). A flattened cell
   * keeps its instance path as a name prefix (`u_l0.acc_SB_DFFE_Q`), which
   * `autoname` extends to the cells technology mapping created.
   */
  instanceStats?: readonly string[];
}

/** Sandbox name of the statistics of one top-level instance in a flattened run. */
export function instanceStatFile(instance: string): string {
  return `siman-hw-stat-${instance}.json`;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const FAMILY = /^[a-z0-9]+$/;
const SANDBOX_NAME = /^[A-Za-z0-9_./+-]+$/;

/** The synthesis command(s) for a target, hierarchy kept unless `flatten`. */
export function targetCommands(target: SynthTarget, top: string, flatten: boolean, xilinxFamily = 'xc7'): string[] {
  switch (target) {
    case 'ice40':
      // synth_ice40 flattens unless told not to.
      return [`synth_ice40 -top ${top}${flatten ? '' : ' -noflatten'}`];
    case 'ecp5':
      // -nowidelut: plain LUT4 mapping. The default maps for depth with LUT5-7
      // built from LUT4 pairs + PFUMX/L6MUX21, which on multiplexer-heavy
      // logic (the MVU slice select, ROMs in logic) costs 2-3x the LUT4s of
      // the area mapping (docs/synthesis.md) and swings with small changes.
      return [`synth_ecp5 -top ${top}${flatten ? '' : ' -noflatten'} -nowidelut`];
    case 'xilinx':
      // synth_xilinx keeps the hierarchy unless -flatten. No I/O or clock
      // buffers: they belong to a whole-chip flow and would be charged to
      // the top module, not to the layers.
      if (!FAMILY.test(xilinxFamily)) fail('E_USAGE', `bad Xilinx family ${JSON.stringify(xilinxFamily)}`);
      return [`synth_xilinx -top ${top} -family ${xilinxFamily} -noiopad -noclkbuf${flatten ? ' -flatten' : ''}`];
    case 'generic':
      return [`synth -top ${top}${flatten ? ' -flatten' : ''}`, 'abc -lut 4', 'opt'];
    default:
      return fail('E_USAGE', `unknown synthesis target ${JSON.stringify(target as string)}`, undefined, {
        hint: `use one of ${SYNTH_TARGETS.join(', ')}`,
      });
  }
}

/**
 * Selection of the cells that instantiate design modules (not library
 * primitives): all cells, minus instances of blackbox library cells
 * (`=` so blackboxes are visible to the selection), minus Yosys internal
 * gates. Parameterised modules are `$paramod...`, so only `$_*` and
 * `$lut` are dropped, not `$*`.
 */
export const USER_INSTANCE_SELECTION = 'c:* =A:blackbox %C %d t:$_* %d t:$lut %d';

/** Full script: read, check hierarchy, synthesise, write stats (+ instances). */
export function synthScript(o: SynthScriptOptions): string[] {
  if (!IDENT.test(o.top)) fail('E_USAGE', `top module name ${JSON.stringify(o.top)} is not a plain Verilog identifier`);
  if (o.sources.length === 0) fail('E_USAGE', 'no Verilog sources to synthesise');
  const statFile = o.statFile ?? STAT_FILE;
  const instancesFile = o.instancesFile === undefined ? INSTANCES_FILE : o.instancesFile;
  for (const f of [...o.sources, statFile, ...(instancesFile ? [instancesFile] : [])]) {
    // Yosys script arguments cannot be quoted portably across versions.
    if (!SANDBOX_NAME.test(f)) fail('E_PATH', `file name ${JSON.stringify(f)} cannot be used in a Yosys script`);
  }
  const lines: string[] = [];
  for (const src of o.sources) lines.push(src.endsWith('.sv') ? `read_verilog -sv ${src}` : `read_verilog ${src}`);
  lines.push(`hierarchy -check -top ${o.top}`);
  lines.push(...targetCommands(o.target, o.top, o.flatten ?? false, o.xilinxFamily));
  // -top gives the hierarchical "design" totals used as a cross-check;
  // -width names generic LUTs by input count ($lut_4) and leaves
  // technology cells and module names alone.
  if (o.instanceStats && o.instanceStats.length > 0) {
    if (!o.flatten) fail('E_USAGE', 'per-instance statistics by name need a flattened synthesis');
    // Names every cell after a net it drives or reads, so cells made by
    // LUT mapping carry their instance prefix too.
    lines.push('autoname');
  }
  lines.push(`tee -q -o ${statFile} stat -json -width -top ${o.top}`);
  for (const inst of o.instanceStats ?? []) {
    if (!IDENT.test(inst)) fail('E_USAGE', `instance name ${JSON.stringify(inst)} is not a plain Verilog identifier`);
    // `u_l1.*` cannot match `u_l10.x` or `u_l1_win.x`: the dot ends the name.
    lines.push(`tee -q -o ${instanceStatFile(inst)} stat -json -width ${o.top}/c:${inst}.*`);
  }
  if (instancesFile) lines.push(`json -o ${instancesFile} ${USER_INSTANCE_SELECTION}`);
  return lines;
}
