/**
 * Switching activity of the simulated registers, for power estimates: the
 * toggle rate of a register group is the number of bit flips at rising
 * edges divided by (bits × cycles), i.e. the average probability that one
 * flip-flop of the group changes in one cycle.
 */
import { REGISTER_GROUPS, type MvuRegisterBits, type MvuToggles, type RegisterGroup } from './unit-base.js';

export interface RegisterActivity {
  /** Flip-flops in the group. */
  bits: number;
  /** Bit flips over the run. */
  toggles: number;
  /** toggles / (bits · cycles); 0 for an empty group. */
  rate: number;
}

export type LayerActivity = Record<RegisterGroup, RegisterActivity>;

/** Toggle counts and widths to rates over `cycles` cycles. */
export function layerActivity(toggles: MvuToggles, bits: MvuRegisterBits, cycles: number): LayerActivity {
  const out = {} as LayerActivity;
  for (const g of REGISTER_GROUPS) {
    const b = bits[g];
    out[g] = { bits: b, toggles: toggles[g], rate: b > 0 && cycles > 0 ? toggles[g] / (b * cycles) : 0 };
  }
  return out;
}
