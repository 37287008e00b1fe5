/**
 * The ROM contents of one MVU as the simulator reads them, built from the
 * plan (the same objects the emitter turns into `$readmemh` files):
 * - weight words: word nf·SF + sf, PE rows of SIMD bits, row p = the weights
 *   W[nf·PE + p][sf·SIMD .. +SIMD), each row packed LSB first into
 *   ceil(SIMD/32) 32-bit words;
 * - constants per output channel as the comparator or score stage reads
 *   them back from the constant ROM field (threshold T and direction, or
 *   the score offset B), i.e. after the two's complement field encoding.
 */
import type { LayerPlan } from '../plan/plan.js';
import { classActivation, hwThreshold, scoreOffset, scoreScale } from '../plan/memory.js';
import { accOffset } from '../plan/lowering.js';
import { twosComplement } from '../plan/widths.js';
import { toSigned, words32 } from './bits.js';

export interface LayerImage {
  /** Words per weight row (ceil(SIMD/32)). */
  rowWords: number;
  /** `[NF·SF][PE][rowWords]` packed weight rows. */
  weights: Uint32Array;
  /** Threshold mode: T per class and channel at k·OUT + c (signed, as stored in ACC_W bits). */
  thrT: Float64Array;
  /** Threshold mode: 1 where the channel compares q <= T (same index). */
  thrLe: Uint8Array;
  /** Score mode: B per channel (signed, as stored in SW bits). */
  scoreB: Float64Array;
  /** Score mode: multiplier A (2 for bit inputs, 1 for uint inputs). */
  scoreA: number;
}

const cache = new WeakMap<LayerPlan, LayerImage>();

/** The ROM images of a planned layer (cached per plan object; plans are never mutated). */
export function layerImage(lp: LayerPlan): LayerImage {
  let img = cache.get(lp);
  if (!img) {
    img = buildImage(lp);
    cache.set(lp, img);
  }
  return img;
}

function buildImage(lp: LayerPlan): LayerImage {
  const { stage, pe, simd, nf, sf } = lp;
  const rowWords = words32(simd);
  const weights = new Uint32Array(nf * sf * pe * rowWords);
  for (let f = 0; f < nf; f++) {
    for (let s = 0; s < sf; s++) {
      for (let p = 0; p < pe; p++) {
        const src = (f * pe + p) * stage.in + s * simd;
        const dst = ((f * sf + s) * pe + p) * rowWords;
        for (let i = 0; i < simd; i++) {
          if (stage.bits[src + i]) weights[dst + (i >>> 5)] = (weights[dst + (i >>> 5)]! | (1 << (i & 31))) >>> 0;
        }
      }
    }
  }
  const thrT = new Float64Array(lp.out * lp.classes);
  const thrLe = new Uint8Array(lp.out * lp.classes);
  const scoreB = new Float64Array(lp.out);
  for (let i = 0; i < lp.out * lp.classes; i++) {
    const c = i % lp.out;
    if (lp.outputMode === 'threshold') {
      const th = hwThreshold(stage, c, classActivation(stage, Math.floor(i / lp.out))[c]!, accOffset(stage, lp.lowered, c));
      thrT[i] = toSigned(twosComplement(th.t, lp.accWidth), lp.accWidth);
      thrLe[i] = th.le ? 1 : 0;
    } else if (i < lp.out) {
      scoreB[c] = toSigned(twosComplement(scoreOffset(stage, c, accOffset(stage, lp.lowered, c)), lp.scoreWidth), lp.scoreWidth);
    }
  }
  return { rowWords, weights, thrT, thrLe, scoreB, scoreA: scoreScale(stage) };
}
