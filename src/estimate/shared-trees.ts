/**
 * Sizes of the hardwired lanes' trees after a flattened synthesis merges
 * identical logic. Every lane of a hardwired layer sums its own list of
 * inputs with the same tree (rtl/siman_cintree.v for bits,
 * rtl/siman_sumtree.v for uint), pairing them by position. Where two lanes
 * feed a tree node the same leaves (same inputs, same weight gating) with
 * the same register placement, the node is the same circuit, and Yosys'
 * `opt_merge` keeps one copy once the hierarchy is flattened. That is
 * common: with 256 lanes over 64 inputs (the digits MLP's first layer)
 * only 283 of 4,096 first-level adders are distinct; under plain `xnor`
 * every lane lists every input, so a level-1 node has at most 8 gating
 * patterns over its 3 leaves. Counting every lane's tree in full
 * overestimates such layers ~2.5×.
 *
 * So the trees are built here as hash-consed DAGs, node by node as the RTL
 * builds them, and the sizes are summed over distinct nodes only.
 */
import { clog2 } from '../plan/widths.js';
import { CINTREE_CHAIN_FROM, NARROW_ADDER_BITS, type SumtreeSize } from './structure-features.js';

/** Tree sizes over the distinct nodes of several lanes, plus the leaves they read. */
export interface SharedTreeSize extends SumtreeSize {
  /** Leaf inputs read by distinct adders (each lane's tree alone reads N). */
  leaves: number;
}

/** Leaf id of a constant-0 input (beyond a lane's N). */
const ZERO = -1;

class Interner {
  private ids = new Map<string, number>();
  /** The id of `key`, and whether it was new. */
  intern(key: string): [number, boolean] {
    const id = this.ids.get(key);
    if (id !== undefined) return [id, false];
    const fresh = this.ids.size;
    this.ids.set(key, fresh);
    return [fresh, true];
  }
}

/**
 * What a tree's root adds: a lone leaf (a one-input tree has no adder but
 * reads its input) and the DEPTH − R output delay registers, each counted
 * once per distinct signal.
 */
function rootCost(nodes: Interner, root: number, loneLeaf: boolean, extra: number, width: number): { leaves: number; regBits: number } {
  let leaves = 0;
  let regBits = 0;
  if (loneLeaf && nodes.intern(`leaf|${root}`)[1]) leaves = 1;
  if (extra > 0 && nodes.intern(`out|${extra}|${root}`)[1]) regBits = extra * width;
  return { leaves, regBits };
}

function popcount16(i: number): number {
  let c = 0;
  for (let v = i; v !== 0; v &= v - 1) c++;
  return c;
}

/**
 * Distinct-node size of the carry-in trees (`siman_cintree #(N, DEPTH)`) of
 * lanes whose leaves are given as ids (equal id = same signal).
 */
export function sharedCintrees(lanes: ArrayLike<number>[], depth: number, chainFrom = CINTREE_CHAIN_FROM): SharedTreeSize {
  const nodes = new Interner();
  let adderBits = 0;
  let regBits = 0;
  let leaves = 0;
  for (const leafIds of lanes) {
    const n = leafIds.length;
    const L = clog2(n + 1) - 1;
    const R = Math.min(depth, L);
    const leaf = (s: number): number => (s < n ? leafIds[s]! : ZERO);
    // Level 0: leaf i is input S = 2i − popcount(i).
    let prev: number[] = [];
    for (let i = 0; i < 2 ** L; i++) prev.push(leaf(2 * i - popcount16(i)));
    let prevIsLeaf = true;
    for (let l = 1; l <= L; l++) {
      const reg = Math.floor((l * R) / L) !== Math.floor(((l - 1) * R) / L) ? 1 : 0;
      const below = Math.floor(((l - 1) * R) / L);
      const cur: number[] = [];
      for (let i = 0; i < 2 ** (L - l); i++) {
        const start = i * 2 ** (l + 1) - popcount16(i);
        if (start >= n) {
          cur.push(ZERO);
          continue;
        }
        const cinAt = start + 2 ** (l + 1) - 2;
        const cin = leaf(cinAt);
        const [id, fresh] = nodes.intern(`${l}|${reg}|${below}|${prev[2 * i]}|${prev[2 * i + 1]}|${cin}`);
        if (fresh) {
          adderBits += l < chainFrom ? l + 1 : l;
          if (reg) regBits += l + 1;
          if (cinAt < n) regBits += below;
          leaves += (cin !== ZERO ? 1 : 0) + (prevIsLeaf ? (prev[2 * i] !== ZERO ? 1 : 0) + (prev[2 * i + 1] !== ZERO ? 1 : 0) : 0);
        }
        cur.push(id);
      }
      prev = cur;
      prevIsLeaf = false;
    }
    const root = rootCost(nodes, prev[0]!, L === 0 && n > 0, depth - R, L + 1);
    leaves += root.leaves;
    regBits += root.regBits;
  }
  return { adderBits, narrowBits: 0, regBits, leaves };
}

/**
 * Distinct-node size of the adder trees (`siman_sumtree #(N, W, DEPTH)`) of
 * lanes of `w`-bit leaves given as ids.
 */
export function sharedSumtrees(lanes: ArrayLike<number>[], w: number, depth: number): SharedTreeSize {
  const nodes = new Interner();
  let adderBits = 0;
  let narrowBits = 0;
  let regBits = 0;
  let leaves = 0;
  for (const leafIds of lanes) {
    const n = leafIds.length;
    const L = clog2(n);
    const R = Math.min(depth, L);
    let prev: number[] = Array.from(leafIds);
    let prevIsLeaf = true;
    for (let l = 1; l <= L; l++) {
      const reg = Math.floor((l * R) / L) !== Math.floor(((l - 1) * R) / L) ? 1 : 0;
      const cur: number[] = [];
      for (let j = 0; 2 * j < prev.length; j++) {
        const pair = 2 * j + 1 < prev.length;
        const [id, fresh] = nodes.intern(`${l}|${reg}|${prev[2 * j]}|${pair ? prev[2 * j + 1] : 'p'}`);
        if (fresh) {
          if (pair) {
            adderBits += w + l;
            if (w + l <= NARROW_ADDER_BITS) narrowBits += w + l;
            if (prevIsLeaf) leaves += 2;
          } else if (prevIsLeaf) leaves += 1;
          if (reg) regBits += w + l;
        }
        cur.push(id);
      }
      prev = cur;
      prevIsLeaf = false;
    }
    const root = rootCost(nodes, prev[0]!, L === 0 && n > 0, depth - R, w + L);
    leaves += root.leaves;
    regBits += root.regBits;
  }
  return { adderBits, narrowBits, regBits, leaves };
}
