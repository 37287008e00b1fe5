/**
 * Estimator features of a hardwired layer (siman_hwu + siman_hwlane), in
 * the vocabulary of the folded unit's model so the same per-target
 * coefficients apply. UNCALIBRATED: the coefficients were fitted on folded
 * MVUs only; docs/results/modes.md has the Yosys numbers to compare with.
 *
 * Bits lanes use siman_popcount's carry-in tree (siman_cintree): its
 * adder bits go into the folded model's popTree feature, whose
 * coefficient was fitted on siman_sumtree adder bits (both about one LUT
 * per adder bit), so the hardwired estimate stays uncalibrated.
 *
 * The popcount / adder-tree size is the number of inputs wired to the
 * lanes, Σ_p N_p: under `and` the union of the lane's channels' ones (Σ K_c
 * at PE = OUT: a zero weight costs nothing), under `xnor` IN per lane. A
 * mask bit that varies over the folds is a small function of the fold
 * index (counted like a LUT-ROM column); there is no ROM, no input slice
 * multiplexer, no x_q register and no accumulator.
 *
 * A lowered `xnor` layer (src/plan/lowering.ts) is counted as an `and`
 * layer over the lanes' selected sides, plus the shared input popcount (a
 * lane of IN inputs) and one ACC_W-bit subtractor per lane (counted like
 * the folded unit's accumulator adder).
 */
import { hardwiredLanes } from '../plan/hardwired.js';
import type { LayerPlan } from '../plan/plan.js';
import { clog2 } from '../plan/widths.js';
import type { MvuFeatures } from './analytic.js';
import { cintreeSize, sumtreeSize } from './structure-features.js';

export function hardwiredFeatures(l: LayerPlan): MvuFeatures {
  let wired = 0;
  let varying = 0;
  let treeAdders = 0;
  let treeNarrow = 0;
  let treeRegs = 0;
  const xnor = l.semantics === 'xnor' && !l.lowered;
  const leafW = l.inputMode === 'uint' ? l.eb + (xnor ? 1 : 0) : 1;
  if (l.lowered) {
    const t = sumtreeSize(l.in, leafW, l.depth);
    wired += l.in;
    treeAdders += t.adderBits;
    treeNarrow += t.narrowBits;
    treeRegs += t.regBits;
  }
  for (const lane of hardwiredLanes(l)) {
    const N = lane.inputs.length;
    wired += N;
    if (N > 0) {
      if (l.inputMode === 'bits') {
        // Bits lanes count with siman_popcount STYLE 1 (siman_cintree).
        const t = cintreeSize(N, l.depth);
        treeAdders += t.adderBits;
        treeRegs += t.regBits;
      } else {
        const t = sumtreeSize(N, leafW, l.depth);
        treeAdders += t.adderBits;
        treeNarrow += t.narrowBits;
        treeRegs += t.regBits;
      }
    }
    if (l.nf > 1) {
      for (let j = 0; j < N; j++) {
        let ones = 0;
        for (let f = 0; f < l.nf; f++) ones += lane.mask[f * N + j]!;
        if (ones > 0 && ones < l.nf) varying++;
      }
    }
  }
  const ob = l.outputMode === 'score' ? l.scoreWidth : 1;
  const cfw = l.outputMode === 'score' ? l.scoreWidth : l.accWidth + 1;
  return {
    one: 1,
    popLanes: l.inputMode === 'bits' ? wired : 0,
    addBits: l.inputMode === 'uint' ? wired * l.eb : 0,
    negBits: l.inputMode === 'uint' && xnor ? wired * l.eb : 0,
    negWide: l.inputMode === 'uint' && xnor && l.eb + 1 > 4 ? wired * (l.eb + 1) : 0,
    popTree: l.inputMode === 'bits' ? treeAdders : 0,
    addTree: l.inputMode === 'uint' && !xnor ? treeAdders : 0,
    addTreeX: l.inputMode === 'uint' && xnor ? treeAdders - treeNarrow : 0,
    addTreeXn: l.inputMode === 'uint' && xnor ? treeNarrow : 0,
    romLuts: varying * Math.ceil(l.nf / 16),
    romLuts64: varying * Math.ceil(l.nf / 64),
    romRegs: 0,
    romRegsTiny: 0,
    inMux: 0,
    inMuxAo: 0,
    inBuf: l.in * l.eb,
    xq: 0,
    treeRegs,
    acc: l.pe * l.accWidth * (l.lowered ? 2 : 1),
    accScore: 0,
    score: l.outputMode === 'score' ? l.pe * l.scoreWidth : 0,
    outRegs: l.out * ob + (l.nf - 1) * l.pe * ob,
    constRom: l.nf > 1 ? l.pe * cfw * Math.ceil(l.nf / 16) : 0,
    ctr: clog2(l.nf),
  };
}
