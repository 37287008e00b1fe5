/**
 * Lowering a hardwired `xnor` layer onto the AND datapath
 * (docs/numerics.md §11, docs/architecture.md "siman_hwlower").
 *
 * Channel c with K_c weight-1 inputs among n: s1 = popcount of x over its
 * weight-1 inputs, s0 over its weight-0 inputs, p = popcount(x) over all n
 * (shared by every channel). The lowered lane computes
 *   q' = 2·s1 − p = p − 2·s0 = q − (n − K_c)
 * (q = today's accumulator popcount(¬(w ⊕ x))), summing only one side of
 * its weights; the per-channel offset n − K_c moves into the threshold or
 * the score constant. With uint inputs, q' = 2·Σ_{w=1} x − Σ x = q
 * exactly (offset 0).
 *
 * Folded channels (NF > 1): a lane serves NF channels and keeps one side
 * for all of them (its mask changes with the fold, its sign does not): the
 * side whose union over the folds is smaller.
 */
import type { Stage } from '../ir/network.js';
import type { LowerChoice } from './lower-spec.js';

/** The side a lane sums: 0 = weight-1 inputs (q' = 2s − p), 1 = weight-0 inputs (q' = p − 2s). */
export type LaneSide = 0 | 1;

export interface LaneSelection {
  side: LaneSide;
  /** Input indices wired to the lane (increasing): those on its side in at least one fold. */
  inputs: number[];
}

/** For each of the PE lanes, the side it sums and the inputs it is wired to. */
export function laneSelections(stage: Stage, pe: number): LaneSelection[] {
  const n = stage.in;
  const nf = stage.out / pe;
  const out: LaneSelection[] = [];
  for (let p = 0; p < pe; p++) {
    const one = new Uint8Array(n);
    const zero = new Uint8Array(n);
    for (let f = 0; f < nf; f++) {
      const row = (f * pe + p) * n;
      for (let i = 0; i < n; i++) {
        if (stage.bits[row + i]) one[i] = 1;
        else zero[i] = 1;
      }
    }
    let ones = 0;
    let zeros = 0;
    for (let i = 0; i < n; i++) {
      ones += one[i]!;
      zeros += zero[i]!;
    }
    // Ties go to the weight-1 side (the same wiring as an `and` lane).
    const side: LaneSide = zeros < ones ? 1 : 0;
    const pick = side === 1 ? zero : one;
    const inputs: number[] = [];
    for (let i = 0; i < n; i++) if (pick[i]) inputs.push(i);
    out.push({ side, inputs });
  }
  return out;
}

/** Whether a layer can be lowered at all: hardwired under `xnor`. */
export function canLower(stage: Stage, hardwired: boolean): boolean {
  return hardwired && stage.semantics === 'xnor';
}

/**
 * The `auto` rule, in wired input bits: lowering pays when
 *   EB·(Σ_lanes N_lane + n) + PE·ACC_W < EB·PE·n,
 * i.e. the lanes' selected inputs plus the shared sum plus one ACC_W-bit
 * subtractor per lane cost less than every lane reading every input
 * (`accWidth` is the unlowered accumulator width).
 */
export function lowerPays(stage: Stage, pe: number, eb: number, accWidth: number): boolean {
  const wired = laneSelections(stage, pe).reduce((a, l) => a + l.inputs.length, 0);
  return eb * (wired + stage.in) + pe * accWidth < eb * pe * stage.in;
}

/** Resolve a layer's `--lower` choice into lowered or not. */
export function decideLowering(stage: Stage, hardwired: boolean, choice: LowerChoice, pe: number, eb: number, accWidth: number): boolean {
  if (choice === 'off' || !canLower(stage, hardwired)) return false;
  return choice === 'on' || lowerPays(stage, pe, eb, accWidth);
}

/** q − q' of channel c: n − K_c for a lowered bits layer, 0 otherwise. */
export function accOffset(stage: Stage, lowered: boolean, c: number): number {
  return lowered && stage.input.kind === 'bipolar' ? stage.in - stage.ones[c]! : 0;
}
