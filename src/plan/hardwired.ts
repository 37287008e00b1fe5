/**
 * What a hardwired layer turns into (docs/architecture.md, "siman_hwu"):
 * PE lanes, lane p computing channel f·PE + p in fold f. Each lane is
 * wired to the inputs it can ever need and carries its weights as a
 * constant mask:
 * - `and`: the inputs whose weight is 1 in at least one of the lane's
 *   channels (a zero weight costs nothing; with PE = OUT, exactly the
 *   channel's K ones, and an all-zero channel has no lane at all);
 * - `xnor`: every input (XNOR with a constant is an inverter or a wire);
 * - lowered `xnor` (src/plan/lowering.ts): the inputs on the lane's side
 *   (weight 1, or weight 0 when that side is smaller) in at least one of
 *   its channels, summed as under `and`.
 * Mask bit f·N + j is the weight of the lane's j-th input in fold f
 * (lowered, side 1: its complement, so the lane AND-sums the weight-0 side).
 * The per-channel constants (threshold {dir, T} or score offset B) are the
 * fields of the folded unit's constant ROM, laid end to end.
 */
import { setField, wordsToHex } from '../ir/beats.js';
import { twosComplement } from './widths.js';
import { hwThreshold, scoreOffset } from './memory.js';
import { accOffset, laneSelections, type LaneSide } from './lowering.js';
import type { LayerPlan } from './plan.js';

export interface HardwiredLane {
  /** Lane index p. */
  lane: number;
  /** Input element indices wired to the lane, in increasing order (operand j = inputs[j]). */
  inputs: number[];
  /** NF·N mask bits, bit f·N + j = W[f·PE + p][inputs[j]] (complemented on side 1 of a lowered lane). */
  mask: Uint8Array;
  /** Lowered layers: the side the lane sums (siman_hwlower SIGNS bit); 0 otherwise. */
  side: LaneSide;
}

/** The lanes of a hardwired layer. */
export function hardwiredLanes(lp: LayerPlan): HardwiredLane[] {
  const { stage, pe, nf } = lp;
  const n = stage.in;
  const selections = lp.lowered ? laneSelections(stage, pe) : null;
  const lanes: HardwiredLane[] = [];
  for (let p = 0; p < pe; p++) {
    let inputs: number[];
    if (selections) inputs = selections[p]!.inputs;
    else {
      const used = new Uint8Array(n);
      for (let f = 0; f < nf; f++) {
        const row = (f * pe + p) * n;
        for (let i = 0; i < n; i++) if (stage.semantics === 'xnor' || stage.bits[row + i]) used[i] = 1;
      }
      inputs = [];
      for (let i = 0; i < n; i++) if (used[i]) inputs.push(i);
    }
    const side = selections ? selections[p]!.side : 0;
    const N = inputs.length;
    const mask = new Uint8Array(nf * N);
    for (let f = 0; f < nf; f++) {
      const row = (f * pe + p) * n;
      for (let j = 0; j < N; j++) mask[f * N + j] = stage.bits[row + inputs[j]!]! ^ side;
    }
    lanes.push({ lane: p, inputs, mask, side });
  }
  return lanes;
}

/** Width of one constant field: ACC_W + 1 ({dir, T}) or SW (B). */
export function constFieldWidth(lp: LayerPlan): number {
  return lp.outputMode === 'threshold' ? lp.accWidth + 1 : lp.scoreWidth;
}

/** Bits as a sized Verilog literal, e.g. `12'h801` (bit i of `bits` = bit i of the value). */
export function verilogBits(bits: ArrayLike<number>): string {
  const words = new Uint32Array(Math.ceil(bits.length / 32));
  for (let i = 0; i < bits.length; i++) if (bits[i]) words[i >>> 5] = (words[i >>> 5]! | (1 << (i & 31))) >>> 0;
  return `${bits.length}'h${wordsToHex(words, bits.length)}`;
}

/** The CONSTS parameter of siman_hwu: field c (channel c, CFW bits) at [c·CFW +: CFW]. */
export function hardwiredConsts(lp: LayerPlan): string {
  const fw = constFieldWidth(lp);
  const width = lp.out * fw;
  const words = new Uint32Array(Math.ceil(width / 32));
  for (let c = 0; c < lp.out; c++) {
    let field: number;
    if (lp.outputMode === 'threshold') {
      const th = hwThreshold(lp.stage, c, lp.stage.activation![c]!, accOffset(lp.stage, lp.lowered, c));
      field = twosComplement(th.t, lp.accWidth) + (th.le ? 2 ** lp.accWidth : 0);
    } else {
      field = twosComplement(scoreOffset(lp.stage, c, accOffset(lp.stage, lp.lowered, c)), lp.scoreWidth);
    }
    setField(words, c * fw, fw, field);
  }
  return `${width}'h${wordsToHex(words, width)}`;
}
