/**
 * The `--fold` specification: per layer PE (output channels in parallel)
 * and SIMD (input elements per cycle), e.g. `0:pe=16,simd=64;1:pe=10,simd=32`.
 * Layers not named get the default folding. Also the special forms
 * `full` (every layer fully parallel) and `serial` (PE = SIMD = 1).
 */
import { fail } from '../diagnostics.js';

export interface LayerFold {
  pe?: number;
  simd?: number;
}

export type FoldSpec =
  | { kind: 'default' }
  | { kind: 'full' }
  | { kind: 'serial' }
  | { kind: 'explicit'; layers: Map<number, LayerFold> };

const USAGE_HINT = "format: --fold 'L:pe=P,simd=S;L:pe=P,simd=S' (L = dense layer index from 0), or --fold full / --fold serial";

/** Parse a `--fold` string; E_FOLD with the offending part on error. */
export function parseFoldSpec(text: string | undefined): FoldSpec {
  if (text === undefined || text.trim() === '' || text.trim() === 'auto') return { kind: 'default' };
  const t = text.trim();
  if (t === 'full') return { kind: 'full' };
  if (t === 'serial') return { kind: 'serial' };
  const layers = new Map<number, LayerFold>();
  for (const part of t.split(';')) {
    if (part.trim() === '') continue;
    const m = /^\s*(\d+)\s*:(.*)$/.exec(part);
    if (!m) fail('E_FOLD', `bad --fold entry '${part}': expected 'L:pe=P,simd=S'`, undefined, { hint: USAGE_HINT });
    const layer = Number(m[1]);
    if (layers.has(layer)) fail('E_FOLD', `--fold names layer ${layer} twice`, undefined, { hint: USAGE_HINT });
    const fold: LayerFold = {};
    for (const kv of m[2]!.split(',')) {
      const kvm = /^\s*(pe|simd)\s*=\s*(\d+)\s*$/i.exec(kv);
      if (!kvm) fail('E_FOLD', `bad --fold setting '${kv.trim()}' for layer ${layer}: expected pe=N or simd=N`, undefined, { hint: USAGE_HINT });
      const key = kvm[1]!.toLowerCase() as 'pe' | 'simd';
      const value = Number(kvm[2]);
      if (value < 1) fail('E_FOLD', `--fold layer ${layer}: ${key} must be at least 1`, undefined, { hint: USAGE_HINT });
      if (fold[key] !== undefined) fail('E_FOLD', `--fold layer ${layer}: ${key} given twice`, undefined, { hint: USAGE_HINT });
      fold[key] = value;
    }
    layers.set(layer, fold);
  }
  return { kind: 'explicit', layers };
}

/** Format a folding back into the `--fold` syntax (for reports and repro lines). */
export function formatFolds(folds: ReadonlyArray<{ pe: number; simd: number }>): string {
  return folds.map((f, i) => `${i}:pe=${f.pe},simd=${f.simd}`).join(';');
}
