/**
 * Reference (b): bit-packed integer inference from the lowered
 * {@link Network}, computed the way the hardware does: popcounts of AND /
 * XNOR over packed words (tail word masked), an integer adder for a uint
 * first layer, integer threshold compares, integer scores.
 */
import type { Network, Stage } from '../ir/network.js';
import { scoreFromAcc } from '../ir/network.js';
import { checkBatch, type InferenceResult, type InputBatch } from './batch.js';
import { packBits, popcount32, wordCount, wordMask } from './bit-pack.js';
import { predict } from './predict.js';

interface PackedStage {
  stage: Stage;
  words: number;
  /** Weight rows packed, `[out][words]`. */
  w: Uint32Array;
  /** Valid-bit mask of each input word (only the tail differs from all ones). */
  mask: Uint32Array;
}

function packStage(stage: Stage): PackedStage {
  const words = wordCount(stage.in);
  const w = new Uint32Array(stage.out * words);
  for (let c = 0; c < stage.out; c++) w.set(packBits(stage.bits, stage.in, (b) => b === 1, c * stage.in), c * words);
  const mask = new Uint32Array(words);
  for (let j = 0; j < words; j++) mask[j] = wordMask(stage.in, j);
  return { stage, words, w, mask };
}

/** Accumulator q of channel c for a bit-packed bipolar input `x`. */
function accBipolar(ps: PackedStage, c: number, x: Uint32Array): number {
  const base = c * ps.words;
  let q = 0;
  if (ps.stage.semantics === 'and') {
    for (let j = 0; j < ps.words; j++) q += popcount32(ps.w[base + j]! & x[j]!);
  } else {
    for (let j = 0; j < ps.words; j++) q += popcount32(~(ps.w[base + j]! ^ x[j]!) & ps.mask[j]!);
  }
  return q;
}

/** Accumulator q of channel c for integer inputs `x` (sum of the selected ones). */
function accUint(ps: PackedStage, c: number, x: Int32Array, total: number): number {
  const base = c * ps.words;
  let sel = 0;
  for (let j = 0; j < ps.words; j++) {
    let word = ps.w[base + j]!;
    while (word !== 0) {
      const low = word & -word;
      sel += x[32 * j + 31 - Math.clz32(low)]!;
      word ^= low;
    }
  }
  // xnor: selected minus unselected = 2·selected − total.
  return ps.stage.semantics === 'and' ? sel : 2 * sel - total;
}

/** Packed weights per network, built once (networks are never mutated). */
const packedCache = new WeakMap<Network, PackedStage[]>();

function packedStages(network: Network): PackedStage[] {
  let stages = packedCache.get(network);
  if (!stages) {
    stages = network.stages.map(packStage);
    packedCache.set(network, stages);
  }
  return stages;
}

/**
 * Bit-packed reference inference of a lowered network on `inputs`.
 * @throws UserError E_INPUT for inputs that do not fit the network.
 */
export function inferPacked(network: Network, inputs: InputBatch): InferenceResult {
  checkBatch(network.input, inputs);
  const stages = packedStages(network);
  const classes = network.stages[network.stages.length - 1]!.out;
  const scores = new Float64Array(inputs.count * classes);
  const { width } = inputs;
  for (let r = 0; r < inputs.count; r++) {
    const row = inputs.data.subarray(r * width, (r + 1) * width);
    let bits: Uint32Array | null = null;
    let total = 0;
    if (network.input.encoding.kind === 'bipolar') bits = packBits(row, width, (v) => v === 1);
    else for (let i = 0; i < width; i++) total += row[i]!;
    for (const ps of stages) {
      const { stage } = ps;
      const acc = (c: number): number => (bits === null ? accUint(ps, c, row, total) : accBipolar(ps, c, bits));
      if (stage.activation === null) {
        for (let c = 0; c < stage.out; c++) scores[r * classes + c] = scoreFromAcc(stage, c, acc(c));
        break;
      }
      const next = new Uint32Array(wordCount(stage.out));
      for (let c = 0; c < stage.out; c++) {
        const ch = stage.activation[c]!;
        let one: boolean;
        if (ch.kind === 'const') one = ch.value === 1;
        else {
          const q = acc(c);
          one = ch.kind === 'ge' ? q >= ch.t : q <= ch.t;
        }
        if (one) next[c >>> 5]! |= 1 << (c & 31);
      }
      bits = next;
    }
  }
  return { count: inputs.count, classes, scores, ...predict(network.head, scores, classes) };
}
