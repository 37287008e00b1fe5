/**
 * Choosing PE and SIMD per layer. A layer with fan-in `in` and `out`
 * channels, folded as (PE, SIMD), needs NF·SF = (out/PE)·(in/SIMD) cycles
 * per vector. PE must divide `out` and SIMD must divide `in` (the design
 * does not pad: padding would add hardware for no result, and a clear error
 * lists the legal values instead).
 *
 * Default: the pipeline's throughput is set by its slowest layer, so every
 * layer gets the cheapest folding (smallest PE·SIMD) that keeps up with a
 * common target II. The target is chosen so the largest layer processes
 * about {@link DEFAULT_BITS_PER_CYCLE} weights per cycle.
 */
import { fail } from '../diagnostics.js';
import type { FoldSpec } from './fold-spec.js';
import type { LayerMode } from './mode-spec.js';

/** Weights per cycle of the largest layer under the default folding. */
export const DEFAULT_BITS_PER_CYCLE = 1024;

export interface LayerShape {
  in: number;
  out: number;
  /** Vectors per input (a conv layer's output positions); 1 when absent. */
  positions?: number;
}

export interface Folding {
  pe: number;
  simd: number;
}

/** Divisors of n in increasing order. */
export function divisors(n: number): number[] {
  const small: number[] = [];
  const large: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d === 0) {
      small.push(d);
      if (d * d !== n) large.unshift(n / d);
    }
  }
  return [...small, ...large];
}

/**
 * Cheapest folding with (out/PE)·(in/SIMD) ≤ targetII: minimal PE·SIMD,
 * ties broken towards larger SIMD (fewer partial sums to accumulate),
 * then smaller PE.
 */
export function cheapestFolding(shape: LayerShape, targetII: number): Folding {
  let best: Folding | null = null;
  for (const pe of divisors(shape.out)) {
    for (const simd of divisors(shape.in)) {
      const ii = (shape.out / pe) * (shape.in / simd);
      if (ii > targetII) continue;
      if (
        best === null ||
        pe * simd < best.pe * best.simd ||
        (pe * simd === best.pe * best.simd && simd > best.simd)
      ) {
        best = { pe, simd };
      }
    }
  }
  return best ?? { pe: shape.out, simd: shape.in };
}

/**
 * Default target II (cycles per input): the largest layer at about
 * DEFAULT_BITS_PER_CYCLE weights per cycle, counting a conv layer's weights
 * once per output position (its MVU runs positions vectors per image).
 */
export function defaultTargetII(shapes: readonly LayerShape[]): number {
  const largest = Math.max(...shapes.map((s) => s.in * s.out * (s.positions ?? 1)));
  return Math.max(1, Math.ceil(largest / DEFAULT_BITS_PER_CYCLE));
}

/** A layer's share of the per-input target: cycles per vector. */
function perVectorTarget(shape: LayerShape, target: number): number {
  return Math.max(1, Math.floor(target / (shape.positions ?? 1)));
}

/**
 * Resolve a fold spec into one legal (PE, SIMD) per layer, or fail with
 * E_FOLD. A hardwired layer always has SIMD = in; its PE comes from an
 * explicit `pe=` (or 1 under `serial`), else PE = out (fully parallel).
 */
export function resolveFolding(shapes: readonly LayerShape[], spec: FoldSpec, modes?: readonly LayerMode[]): Folding[] {
  const folded = resolveFoldedFolding(shapes, spec);
  if (!modes) return folded;
  return shapes.map((shape, i) => {
    if (modes[i] !== 'hardwired') return folded[i]!;
    if (spec.kind === 'explicit') {
      const given = spec.layers.get(i);
      if (given?.simd !== undefined && given.simd !== shape.in) {
        fail('E_FOLD', `layer ${i} is hardwired: simd must be its fan-in ${shape.in} (got ${given.simd})`, undefined, {
          hint: `drop simd= for layer ${i}, or make it folded with --mode '${i}:folded'`,
        });
      }
      return { pe: given?.pe ?? shape.out, simd: shape.in };
    }
    return { pe: spec.kind === 'serial' ? 1 : shape.out, simd: shape.in };
  });
}

function resolveFoldedFolding(shapes: readonly LayerShape[], spec: FoldSpec): Folding[] {
  if (spec.kind === 'full') return shapes.map((s) => ({ pe: s.out, simd: s.in }));
  if (spec.kind === 'serial') return shapes.map(() => ({ pe: 1, simd: 1 }));
  const target = defaultTargetII(shapes);
  const defaults = shapes.map((s) => cheapestFolding(s, perVectorTarget(s, target)));
  if (spec.kind === 'default') return defaults;
  for (const layer of spec.layers.keys()) {
    if (layer >= shapes.length) {
      fail('E_FOLD', `--fold names layer ${layer}, but the network has ${shapes.length} dense layer(s) (0..${shapes.length - 1})`);
    }
  }
  return shapes.map((shape, i) => {
    const given = spec.layers.get(i);
    const pe = given?.pe ?? defaults[i]!.pe;
    const simd = given?.simd ?? defaults[i]!.simd;
    checkDivides('pe', pe, shape.out, i, 'out');
    checkDivides('simd', simd, shape.in, i, 'in');
    return { pe, simd };
  });
}

function checkDivides(key: string, value: number, n: number, layer: number, dim: string): void {
  if (value <= n && n % value === 0) return;
  const legal = divisors(n);
  const shown = legal.length > 16 ? [...legal.slice(0, 8), '…', ...legal.slice(-4)] : legal;
  fail('E_FOLD', `layer ${layer}: ${key}=${value} does not divide ${dim}=${n}`, undefined, {
    hint: `legal ${key} values for layer ${layer}: ${shown.join(', ')}`,
  });
}
