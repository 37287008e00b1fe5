/**
 * The `--mode` specification: how each dense layer holds its weights.
 * - `folded` (default): a siman_mvu, weights in a ROM, PE × SIMD folding;
 * - `hardwired`: weights are logic (siman_hwu + one siman_hwlane per PE),
 *   SIMD = IN, PE channels per cycle (default PE = OUT, fully parallel).
 * Forms: `folded`, `hardwired`, or per layer `0:hardwired;1:folded`
 * (layers not named are folded).
 */
import { fail } from '../diagnostics.js';

export type LayerMode = 'folded' | 'hardwired';

export const LAYER_MODES: readonly LayerMode[] = ['folded', 'hardwired'];

export type ModeSpec = { kind: 'all'; mode: LayerMode } | { kind: 'explicit'; layers: Map<number, LayerMode> };

const USAGE_HINT = "format: --mode folded | --mode hardwired | --mode 'L:hardwired;L:folded' (L = dense layer index from 0)";

function parseMode(text: string, where: string): LayerMode {
  const t = text.trim().toLowerCase();
  if ((LAYER_MODES as readonly string[]).includes(t)) return t as LayerMode;
  fail('E_MODE', `bad --mode ${where}'${text.trim()}': expected folded or hardwired`, undefined, { hint: USAGE_HINT });
}

/** Parse a `--mode` string; E_MODE with the offending part on error. */
export function parseModeSpec(text: string | undefined): ModeSpec {
  if (text === undefined || text.trim() === '') return { kind: 'all', mode: 'folded' };
  const t = text.trim();
  if (!t.includes(':')) return { kind: 'all', mode: parseMode(t, '') };
  const layers = new Map<number, LayerMode>();
  for (const part of t.split(';')) {
    if (part.trim() === '') continue;
    const m = /^\s*(\d+)\s*:(.*)$/.exec(part);
    if (!m) fail('E_MODE', `bad --mode entry '${part.trim()}': expected 'L:folded' or 'L:hardwired'`, undefined, { hint: USAGE_HINT });
    const layer = Number(m[1]);
    if (layers.has(layer)) fail('E_MODE', `--mode names layer ${layer} twice`, undefined, { hint: USAGE_HINT });
    layers.set(layer, parseMode(m[2]!, `for layer ${layer}: `));
  }
  return { kind: 'explicit', layers };
}

/** One mode per layer, or E_MODE when the spec names a layer that does not exist. */
export function resolveModes(layerCount: number, spec: ModeSpec): LayerMode[] {
  if (spec.kind === 'all') return Array.from({ length: layerCount }, () => spec.mode);
  for (const layer of spec.layers.keys()) {
    if (layer >= layerCount) fail('E_MODE', `--mode names layer ${layer}, but the network has ${layerCount} dense layer(s) (0..${layerCount - 1})`);
  }
  return Array.from({ length: layerCount }, (_, i) => spec.layers.get(i) ?? 'folded');
}

/** Format modes back into the `--mode` syntax (manifest, repro lines). */
export function formatModes(modes: readonly LayerMode[]): string {
  if (modes.every((m) => m === modes[0])) return modes[0] ?? 'folded';
  return modes.map((m, i) => `${i}:${m}`).join(';');
}
