/**
 * What each Yosys cell type counts as. Covers the primitives that
 * synth_ice40, synth_ecp5, synth_xilinx and generic `synth; abc -lut 4`
 * emit; anything unknown is `other` (and kept by name in `byType`).
 */

/** Resource classes reported per module. */
export type ResourceClass = 'lut' | 'ff' | 'carry' | 'bram' | 'lutram' | 'dsp' | 'mux' | 'io' | 'other';

export interface CellClass {
  cls: ResourceClass;
  /** LUT inputs for `lut` cells; 0 when the width is unknown (`$lut` without `stat -width`). */
  lutSize?: number;
}

const RULES: ReadonlyArray<readonly [RegExp, ResourceClass]> = [
  // Flip-flops and latches: iCE40, ECP5, Xilinx, Yosys fine and coarse cells.
  [/^SB_DFF/, 'ff'],
  [/^TRELLIS_FF$/, 'ff'],
  [/^(FD[RSCP]E|FD[RSCP]E_1|LD[CP]E|FDRE_1)$/, 'ff'],
  [/^\$_(DFF|DFFE|SDFF|SDFFE|SDFFCE|ALDFF|ALDFFE|DFFSR|DFFSRE|DLATCH|DLATCHSR|SR|FF)_/, 'ff'],
  [/^\$(a|s|al)?dff(e|sr|sre)?$|^\$(sdffe|sdffce|dlatch|dlatchsr|sr|ff|aldffe)$/, 'ff'],
  // Carry chains.
  [/^(SB_CARRY|CCU2C|CCU2D|CARRY4|CARRY8|MUXCY|XORCY)$/, 'carry'],
  // Block RAM.
  [/^(SB_RAM40_4K(NR|NW|NRNW)?|SB_SPRAM256KA|DP16KD|PDPW16KD|RAMB18E[12]|RAMB36E[12]|RAMB16BWER|RAMB8BWER|URAM288(_BASE)?)$/, 'bram'],
  // Distributed (LUT) RAM and shift registers.
  [/^(TRELLIS_DPR16X4|DPR16X4C|SPR16X4C|RAM(16|32|64|128|256|512)X[12][SD]|RAM32M|RAM64M|RAM32M16|RAM64M8|SRL16E?|SRLC16E|SRLC32E)$/, 'lutram'],
  // DSP blocks.
  [/^(SB_MAC16|MULT18X18D|MULT9X9D|ALU54B|ALU24B|DSP48E1|DSP48E2|DSP48A1|\$__MUL.*)$/, 'dsp'],
  // Dedicated wide-function multiplexers (use slice muxes, not LUTs).
  [/^(PFUMX|L6MUX21|MUXF[789])$/, 'mux'],
  // I/O and clock buffers.
  [/^(SB_IO|SB_GB|SB_GB_IO|TRELLIS_IO|IBUF|OBUF|OBUFT|IOBUF|IBUFG|BUFG|BUFGCTRL|BUFH|IB|OB|BB)$/, 'io'],
];

/** Classify one primitive cell type (not a design module). */
export function classifyCell(type: string): CellClass {
  if (type === 'SB_LUT4') return { cls: 'lut', lutSize: 4 };
  let m = /^LUT([1-6])$/.exec(type);
  if (m) return { cls: 'lut', lutSize: Number(m[1]) };
  // `$lut` from abc -lut; `stat -width` writes `$lut_<inputs>`.
  if (type === '$lut') return { cls: 'lut', lutSize: 0 };
  m = /^\$lut_(\d+)$/.exec(type);
  if (m) return { cls: 'lut', lutSize: Number(m[1]) };
  for (const [re, cls] of RULES) if (re.test(type)) return { cls };
  return { cls: 'other' };
}
