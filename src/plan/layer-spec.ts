/**
 * The per-layer option syntax shared by `--mode` and `--lower`: one value
 * for every layer, or `L:value;L:value` naming dense layers from 0.
 */
import { fail, type DiagCode } from '../diagnostics.js';

/** How one option spells its values and its errors. */
export interface LayerSpecSyntax<T> {
  /** The flag, e.g. `--mode`. */
  flag: string;
  code: DiagCode;
  hint: string;
  /** Read one value; `where` prefixes the message ("for layer 2: " or ""). */
  parse(text: string, where: string): T;
  /** The entry form for the error message, e.g. "'L:folded' or 'L:hardwired'". */
  entryForm: string;
}

/** Parsed: one value for all layers, or the named layers' values. */
export type LayerSpec<T> = { kind: 'all'; value: T } | { kind: 'explicit'; layers: Map<number, T> };

/** Parse `text` (trimmed, non-empty) in the per-layer syntax. */
export function parseLayerSpec<T>(text: string, s: LayerSpecSyntax<T>): LayerSpec<T> {
  const t = text.trim();
  if (!t.includes(':')) return { kind: 'all', value: s.parse(t, '') };
  const layers = new Map<number, T>();
  for (const part of t.split(';')) {
    if (part.trim() === '') continue;
    const m = /^\s*(\d+)\s*:(.*)$/.exec(part);
    if (!m) fail(s.code, `bad ${s.flag} entry '${part.trim()}': expected ${s.entryForm}`, undefined, { hint: s.hint });
    const layer = Number(m[1]);
    if (layers.has(layer)) fail(s.code, `${s.flag} names layer ${layer} twice`, undefined, { hint: s.hint });
    layers.set(layer, s.parse(m[2]!, `for layer ${layer}: `));
  }
  return { kind: 'explicit', layers };
}

/** One value per layer (`dflt` for layers not named), or an error naming a layer that does not exist. */
export function resolveLayerSpec<T>(layerCount: number, spec: LayerSpec<T>, dflt: T, s: Pick<LayerSpecSyntax<T>, 'flag' | 'code'>): T[] {
  if (spec.kind === 'all') return Array.from({ length: layerCount }, () => spec.value);
  for (const layer of spec.layers.keys()) {
    if (layer >= layerCount) fail(s.code, `${s.flag} names layer ${layer}, but the network has ${layerCount} dense layer(s) (0..${layerCount - 1})`);
  }
  return Array.from({ length: layerCount }, (_, i) => spec.layers.get(i) ?? dflt);
}
