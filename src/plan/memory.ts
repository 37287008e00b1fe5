/**
 * Memory images for an MVU (docs/architecture.md, "Memory files"), as the
 * text of `$readmemh` files: one word per line, hex, most significant
 * digit first.
 *
 * Weights: NF·SF words of PE·SIMD bits; word nf·SF + sf, bit p·SIMD + s
 * holds W[nf·PE + p][sf·SIMD + s].
 * Constants: NF words of PE fields (classes·NF with border classes, word
 * k·NF + nf for class k); field p belongs to channel nf·PE + p:
 * - threshold mode: ACC_W + 1 bits = {dir (1 = le), T (two's complement)};
 * - score mode: SW bits = B_c in score = A·q − B_c (two's complement).
 */
import { accRange, type Stage } from '../ir/network.js';
import type { ThresholdChannel } from '../ir/model.js';
import { setField, wordsToHex } from '../ir/beats.js';
import { twosComplement } from './widths.js';
import type { LayerPlan } from './plan.js';

/** A threshold channel as the comparator sees it: clamped T and direction. */
export interface HwThreshold {
  t: number;
  le: boolean;
}

/**
 * Map a folded activation to the comparator: constants become thresholds
 * outside the reachable range, and thresholds far outside are clamped to
 * one step beyond it (same decision for every reachable q). `offset` is
 * q − q' for an accumulator q' = q − offset (a lowered layer,
 * src/plan/lowering.ts): q ≥ T ⇔ q' ≥ T − offset, likewise for ≤.
 */
export function hwThreshold(stage: Stage, c: number, ch: ThresholdChannel, offset = 0): HwThreshold {
  const [lo, hi] = accRange(stage, c);
  switch (ch.kind) {
    case 'const':
      return { t: (ch.value > 0 ? lo : hi + 1) - offset, le: false };
    case 'ge':
      return { t: Math.min(Math.max(ch.t, lo), hi + 1) - offset, le: false };
    case 'le':
      return { t: Math.min(Math.max(ch.t, lo - 1), hi) - offset, le: true };
  }
}

/**
 * Score constant B_c of channel c (score = A·q − B_c); with an accumulator
 * q' = q − offset, score = A·q' − (B_c − A·offset).
 */
export function scoreOffset(stage: Stage, c: number, offset = 0): number {
  if (stage.input.kind === 'uint') return 0 - offset;
  return (stage.semantics === 'and' ? stage.ones[c]! : stage.in) - 2 * offset;
}

/** Score multiplier A (2 for bit inputs, 1 for uint inputs). */
export function scoreScale(stage: Stage): number {
  return stage.input.kind === 'uint' ? 1 : 2;
}

/** Weight ROM image lines. */
export function weightMemory(lp: LayerPlan): string[] {
  const { stage, pe, simd, nf, sf } = lp;
  const width = pe * simd;
  const lines: string[] = [];
  const word = new Uint32Array(Math.ceil(width / 32));
  for (let f = 0; f < nf; f++) {
    for (let s = 0; s < sf; s++) {
      word.fill(0);
      for (let p = 0; p < pe; p++) {
        const row = (f * pe + p) * stage.in + s * simd;
        for (let i = 0; i < simd; i++) {
          if (stage.bits[row + i]) {
            const bit = p * simd + i;
            word[bit >>> 5] = (word[bit >>> 5]! | (1 << (bit & 31))) >>> 0;
          }
        }
      }
      lines.push(wordsToHex(word, width));
    }
  }
  return lines;
}

/**
 * The thresholds of border class k (the channel's only ones without
 * classes). Each class's range lies inside the stage's dense range
 * (docs/numerics.md §9), so {@link hwThreshold}'s clamping to it keeps
 * every reachable decision of the class.
 */
export function classActivation(stage: Stage, k: number): ThresholdChannel[] {
  if (stage.kind === 'conv' && stage.border) return stage.border.activation[k]!;
  return stage.activation!;
}

/** Constant ROM image lines (thresholds or score offsets per fold; per class and fold with border classes). */
export function constMemory(lp: LayerPlan): string[] {
  const { stage, pe, nf } = lp;
  const fw = lp.outputMode === 'threshold' ? lp.accWidth + 1 : lp.scoreWidth;
  const lines: string[] = [];
  for (let a = 0; a < lp.classes * nf; a++) {
    const f = a % nf;
    const act = lp.outputMode === 'threshold' ? classActivation(stage, Math.floor(a / nf)) : null;
    const word = new Uint32Array(Math.ceil((pe * fw) / 32));
    for (let p = 0; p < pe; p++) {
      const c = f * pe + p;
      let field: number;
      if (lp.outputMode === 'threshold') {
        const th = hwThreshold(stage, c, act![c]!);
        field = twosComplement(th.t, lp.accWidth) + (th.le ? 2 ** lp.accWidth : 0);
      } else {
        field = twosComplement(scoreOffset(stage, c), lp.scoreWidth);
      }
      setField(word, p * fw, fw, field);
    }
    lines.push(wordsToHex(word, pe * fw));
  }
  return lines;
}
