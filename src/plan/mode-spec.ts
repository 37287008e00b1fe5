/**
 * The `--mode` specification: how each dense layer holds its weights.
 * - `folded` (default): a siman_mvu, weights in a ROM, PE × SIMD folding;
 * - `hardwired`: weights are logic (siman_hwu + one siman_hwlane per PE),
 *   SIMD = IN, PE channels per cycle (default PE = OUT, fully parallel).
 * Forms: `folded`, `hardwired`, or per layer `0:hardwired;1:folded`
 * (layers not named are folded).
 */
import { fail } from '../diagnostics.js';
import { parseLayerSpec, resolveLayerSpec, type LayerSpecSyntax } from './layer-spec.js';

export type LayerMode = 'folded' | 'hardwired';

export const LAYER_MODES: readonly LayerMode[] = ['folded', 'hardwired'];

export type ModeSpec = { kind: 'all'; mode: LayerMode } | { kind: 'explicit'; layers: Map<number, LayerMode> };

const USAGE_HINT = "format: --mode folded | --mode hardwired | --mode 'L:hardwired;L:folded' (L = dense layer index from 0)";

function parseMode(text: string, where: string): LayerMode {
  const t = text.trim().toLowerCase();
  if ((LAYER_MODES as readonly string[]).includes(t)) return t as LayerMode;
  fail('E_MODE', `bad --mode ${where}'${text.trim()}': expected folded or hardwired`, undefined, { hint: USAGE_HINT });
}

const SYNTAX: LayerSpecSyntax<LayerMode> = { flag: '--mode', code: 'E_MODE', hint: USAGE_HINT, parse: parseMode, entryForm: "'L:folded' or 'L:hardwired'" };

/** Parse a `--mode` string; E_MODE with the offending part on error. */
export function parseModeSpec(text: string | undefined): ModeSpec {
  if (text === undefined || text.trim() === '') return { kind: 'all', mode: 'folded' };
  const spec = parseLayerSpec(text, SYNTAX);
  return spec.kind === 'all' ? { kind: 'all', mode: spec.value } : spec;
}

/** One mode per layer, or E_MODE when the spec names a layer that does not exist. */
export function resolveModes(layerCount: number, spec: ModeSpec): LayerMode[] {
  return resolveLayerSpec(layerCount, spec.kind === 'all' ? { kind: 'all', value: spec.mode } : spec, 'folded', SYNTAX);
}

/** `--mode auto`: the weight mode of each layer is left to the design-space search. */
export function isAutoMode(text: string | undefined): boolean {
  return text?.trim().toLowerCase() === 'auto';
}

/** Format modes back into the `--mode` syntax (manifest, repro lines). */
export function formatModes(modes: readonly LayerMode[]): string {
  if (modes.every((m) => m === modes[0])) return modes[0] ?? 'folded';
  return modes.map((m, i) => `${i}:${m}`).join(';');
}
