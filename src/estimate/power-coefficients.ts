/**
 * Per-target power coefficients for src/estimate/power.ts. ROUGH numbers:
 * order-of-magnitude effective capacitances chosen so that ½·C·V² per
 * toggle lands in the range vendor power estimators give for a LUT, a
 * flip-flop, a carry cell and a block-RAM access including their local
 * routing (Lattice iCE40 / ECP5 Power Calculator, AMD Xilinx Power
 * Estimator for 7-series), and typical static power of a small device of
 * the family at 25 °C. They are not measured on silicon here and can be off
 * by 2x or more; use them to compare designs, not to size a supply.
 */

export interface PowerCoefficients {
  /** Core supply voltage (V). */
  vcore: number;
  /** Effective switched capacitance per output toggle (pF), including local routing. */
  cEffPf: { lut: number; ff: number; carry: number; bram: number };
  /** Clock-tree capacitance per flip-flop, switched twice every cycle (pF). */
  clockPfPerFf: number;
  /** Static (leakage) power of a small device of the family (mW). */
  staticMw: number;
  /** Device the static figure is for, and where the numbers come from. */
  source: string;
}

export const POWER_COEFFICIENTS: Record<string, PowerCoefficients> = {
  ice40: {
    vcore: 1.2,
    cEffPf: { lut: 0.6, ff: 0.3, carry: 0.15, bram: 8 },
    clockPfPerFf: 0.02,
    staticMw: 0.1,
    source: 'iCE40 UltraPlus/HX class (40 nm LP, 1.2 V core); static ≈ 100 µW for a UP5K-size device; per-toggle energies in the range of the Lattice iCE40 Power Calculator',
  },
  ecp5: {
    vcore: 1.1,
    cEffPf: { lut: 0.5, ff: 0.25, carry: 0.12, bram: 10 },
    clockPfPerFf: 0.02,
    staticMw: 30,
    source: 'ECP5 LFE5U-25 class (40 nm, 1.1 V core); static ≈ 30 mW typical; per-toggle energies in the range of the Lattice ECP5 Power Calculator',
  },
  xilinx: {
    vcore: 1.0,
    cEffPf: { lut: 0.35, ff: 0.15, carry: 0.1, bram: 12 },
    clockPfPerFf: 0.015,
    staticMw: 60,
    source: 'Artix-7 XC7A35T class (28 nm HPL, 1.0 V core); static ≈ 60 mW typical; per-toggle energies in the range of AMD XPE for 7-series',
  },
  generic: {
    vcore: 1.2,
    cEffPf: { lut: 0.6, ff: 0.3, carry: 0.15, bram: 8 },
    clockPfPerFf: 0.02,
    staticMw: 0.1,
    source: 'technology-independent 4-LUT netlist: uses the iCE40 numbers',
  },
};

/** Activity used when no simulation is available: 1 toggle in 8 cycles per bit. */
export const DEFAULT_ACTIVITY = 0.125;
