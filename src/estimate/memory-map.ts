/**
 * Where Yosys put each memory: block RAM, LUT RAM or logic. Read from the
 * log of its memory mapper (`memory_libmap`), which prints one line per
 * memory: `mapping memory <top>.<path> via <library cell>` or `using FF
 * mapping for memory <top>.<path>` (logic: flip-flops for the address
 * register, LUTs for the contents of a ROM). In a flattened design the
 * path names the instance (`siman_top.u_l0.u_wrom.mem`), so a layer's
 * weight ROM can be found by name. Pure text parsing; no tool is run here.
 */

export type MemoryPlacement = 'bram' | 'lutram' | 'logic';

export interface MappedMemory {
  /** Hierarchical memory name as Yosys prints it, e.g. `siman_top.u_l0.u_wrom.mem`. */
  name: string;
  placement: MemoryPlacement;
  /** The library cell it was mapped through (`$__XILINX_BLOCKRAM_SDP_`), or `FF` for logic. */
  via: string;
}

// Library cell names of block RAMs (iCE40 RAM4K/SPRAM, ECP5 DP16KD, Xilinx BRAM/URAM, Gowin, ...).
const BRAM_CELL = /RAM4K|SPRAM|DP16K|PDPW16K|BLOCKRAM|BRAM|HUGERAM|URAM|EBR|BSRAM/i;
const LUTRAM_CELL = /LUTRAM|DPR16X4|TRELLIS_DPR|SSRAM|DISTRIB/i;

/** Memories named in a Yosys log, in log order; a memory mapped twice keeps its last line. */
export function parseMemoryMapping(log: string): MappedMemory[] {
  const out = new Map<string, MappedMemory>();
  for (const line of log.split(/\r?\n/)) {
    let m = /^\s*mapping memory (\S+) via (\S+)/.exec(line);
    if (m) {
      const via = m[2]!;
      const placement: MemoryPlacement = BRAM_CELL.test(via) ? 'bram' : LUTRAM_CELL.test(via) ? 'lutram' : 'logic';
      out.set(m[1]!, { name: m[1]!, placement, via });
      continue;
    }
    m = /^\s*using FF mapping for memory (\S+)/.exec(line);
    if (m) out.set(m[1]!, { name: m[1]!, placement: 'logic', via: 'FF' });
  }
  return [...out.values()];
}

/**
 * The placement of the memory inside instance path `inst` (e.g.
 * `u_l0.u_wrom`): the memory array sits below it, possibly inside generate
 * blocks (`u_l0.u_wrom.g_auto.mem`, `u_l0.u_wrom.genblk1.g_auto.mem`).
 * Null when the log names none (e.g. a constant ROM optimised away).
 */
export function placementOf(mems: readonly MappedMemory[], top: string, inst: string): MemoryPlacement | null {
  const prefixes = [`${top}.${inst}.`, `${inst}.`];
  return mems.find((m) => prefixes.some((p) => m.name.startsWith(p)))?.placement ?? null;
}
