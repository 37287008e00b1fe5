/**
 * Estimator features of a hardwired layer (siman_hwu + siman_hwlane), in
 * the vocabulary of the folded unit's model. The per-target `hw`
 * coefficients (bench/calibrate.ts, hardwired grid) are fitted on these
 * features over flattened synthesis of hardwired layers.
 *
 * Bits lanes and the lowered layer's shared popcount use siman_popcount's
 * carry-in tree (siman_cintree), uint lanes siman_addertree.
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
import { sharedCintrees, sharedSumtrees } from './shared-trees.js';

/**
 * Features of hardwired layer `l`. `consumed` (src/estimate/liveness.ts):
 * per output channel, whether the next layer reads it; a lane none of
 * whose channels is read has no logic, and the per-channel compare and
 * output bits count only read channels.
 */
export function hardwiredFeatures(l: LayerPlan, consumed: Uint8Array | null = null): MvuFeatures {
  const used = new Uint8Array(l.in);
  let varying = 0;
  const xnor = l.semantics === 'xnor' && !l.lowered;
  const leafW = l.inputMode === 'uint' ? l.eb + (xnor ? 1 : 0) : 1;
  const lanes = hardwiredLanes(l).filter((lane) => {
    if (!consumed) return true;
    for (let f = 0; f < l.nf; f++) if (consumed[f * l.pe + lane.lane]) return true;
    return false;
  });
  const liveLanes = lanes.length;
  const liveChannels = consumed ? consumed.reduce((a, x) => a + x, 0) : l.out;
  // Leaf ids: one per (input, gating over the folds); equal ids are the same signal.
  const leafIds = new Map<string, number>();
  const leafId = (input: number, column: string): number => {
    const key = `${input}:${column}`;
    let id = leafIds.get(key);
    if (id === undefined) leafIds.set(key, (id = leafIds.size));
    return id;
  };
  const trees: number[][] = [];
  if (l.lowered && liveLanes > 0) {
    // The shared input popcount p (sum Σx for uint): every input, ungated.
    trees.push(Array.from({ length: l.in }, (_, i) => leafId(i, '1')));
    used.fill(1);
  }
  for (const lane of lanes) {
    const N = lane.inputs.length;
    const ids: number[] = [];
    for (let j = 0; j < N; j++) {
      let column = '';
      let ones = 0;
      for (let f = 0; f < l.nf; f++) {
        const m = lane.mask[f * N + j]!;
        column += m;
        ones += m;
      }
      if (ones > 0 && ones < l.nf) varying++;
      ids.push(leafId(lane.inputs[j]!, column));
      used[lane.inputs[j]!] = 1;
    }
    if (N > 0) trees.push(ids);
  }
  // Identical nodes of different lanes are one circuit after flattening (src/estimate/shared-trees.ts).
  const t = l.inputMode === 'bits' ? sharedCintrees(trees, l.depth) : sharedSumtrees(trees, leafW, l.depth);
  const wired = t.leaves;
  const treeAdders = t.adderBits;
  const treeNarrow = t.narrowBits;
  const treeRegs = t.regBits;
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
    romAddr: l.nf > 1 ? varying * clog2(l.nf) : 0,
    bramGate: 0,
    romRegs: 0,
    romRegsTiny: 0,
    inMux: 0,
    inMuxAo: 0,
    // Only inputs some lane is wired to are registered (the others drive nothing).
    inBuf: used.reduce((a, x) => a + x, 0) * l.eb,
    xq: 0,
    treeRegs,
    acc: liveLanes * l.accWidth * (l.lowered ? 2 : 1),
    accScore: 0,
    score: l.outputMode === 'score' ? liveLanes * l.scoreWidth : 0,
    outRegs: liveChannels * ob + (l.nf - 1) * liveLanes * ob,
    constRom: l.nf > 1 ? liveLanes * cfw * Math.ceil(l.nf / 16) : 0,
    ctr: clog2(l.nf),
  };
}
