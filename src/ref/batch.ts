/**
 * Input and output shapes shared by both reference paths.
 *
 * Inputs are one flat row-major Int32Array of `count` vectors of `width`
 * elements: uint inputs as their integer values (0..2^bits−1), bipolar
 * inputs as −1 / +1. Outputs are flat too: the integer scores of vector r
 * are `scores[r·classes .. (r+1)·classes)` (see {@link scoreRow}).
 */
import { fail } from '../diagnostics.js';
import { inputMax, shapeSize, type InputSpec } from '../ir/model.js';

export interface InputBatch {
  count: number;
  width: number;
  /** `count × width` elements, row-major. */
  data: Int32Array;
}

export interface InferenceResult {
  count: number;
  classes: number;
  /**
   * Last layer's exact signed dot products s, `count × classes` row-major.
   * Float64Array, not Int32Array: a uint16 first layer with fan-in 65,536
   * reaches |s| ≈ 2^32. Every score is an integer and exact, because the
   * loader bounds fan-in · max input by 2^49 (docs/numerics.md §8).
   */
  scores: Float64Array;
  /** Host head applied to the scores (float64), `count × classes` row-major. */
  logits: Float64Array;
  /** argmax of each row of `logits`, ties to the lowest class index. */
  predictions: Int32Array;
}

/** The scores of vector `r` (a view, not a copy). */
export function scoreRow(result: InferenceResult, r: number): Float64Array {
  return result.scores.subarray(r * result.classes, (r + 1) * result.classes);
}

/**
 * Check that `batch` fits the model input: width, length, and every value
 * in range for the encoding.
 * @throws UserError E_INPUT naming the row and column.
 */
export function checkBatch(spec: InputSpec, batch: InputBatch): void {
  const width = shapeSize(spec.shape);
  if (batch.width !== width) {
    fail('E_INPUT', `input vectors have ${batch.width} elements, the model expects ${width}`, { col: batch.width });
  }
  if (batch.data.length !== batch.count * batch.width) {
    fail('E_INPUT', `input data has ${batch.data.length} values, expected ${batch.count} × ${batch.width}`);
  }
  const enc = spec.encoding;
  const max = inputMax(enc);
  const data = batch.data;
  const n = data.length;
  // Tight loops per encoding (this runs over every input value before inference); the first bad value is reported.
  let bad = -1;
  if (enc.kind === 'uint' && max < 2 ** 31 - 1) {
    // Unsigned compare: negative values wrap above any max < 2^31.
    for (let i = 0; i < n; i++) {
      if (data[i]! >>> 0 > max) {
        bad = i;
        break;
      }
    }
  } else if (enc.kind === 'uint') {
    for (let i = 0; i < n; i++) {
      if (data[i]! < 0 || data[i]! > max) {
        bad = i;
        break;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      // v ∈ {−1, +1} ⇔ v + 1 ∈ {0, 2}.
      if ((data[i]! + 1) & ~2) {
        bad = i;
        break;
      }
    }
  }
  if (bad >= 0) {
    const v = data[bad]!;
    const what = enc.kind === 'uint' ? `an integer in 0..${max} (uint${enc.bits})` : '-1 or +1 (bipolar)';
    fail('E_INPUT', `input value ${v} is out of range: expected ${what}`, { row: Math.floor(bad / width), col: bad % width });
  }
}
