/**
 * The `--lower` specification: whether a hardwired `xnor` layer is lowered
 * onto the AND datapath (docs/numerics.md §11, src/plan/lowering.ts).
 * - `auto` (default): lowered where the planner's cost rule says it pays;
 * - `on`: lowered whenever the layer is hardwired under `xnor`;
 * - `off`: never.
 * Forms: `auto`, `on`, `off`, or per layer `0:on;1:off` (layers not named
 * are `auto`). A folded layer or an `and` layer is never lowered; naming
 * one with `L:on` is E_LOWER.
 */
import { fail } from '../diagnostics.js';

export type LowerChoice = 'auto' | 'on' | 'off';

export const LOWER_CHOICES: readonly LowerChoice[] = ['auto', 'on', 'off'];

export type LowerSpec = { kind: 'all'; choice: LowerChoice } | { kind: 'explicit'; layers: Map<number, LowerChoice> };

const USAGE_HINT = "format: --lower auto | --lower on | --lower off | --lower 'L:on;L:off' (L = dense layer index from 0)";

function parseChoice(text: string, where: string): LowerChoice {
  const t = text.trim().toLowerCase();
  if ((LOWER_CHOICES as readonly string[]).includes(t)) return t as LowerChoice;
  fail('E_LOWER', `bad --lower ${where}'${text.trim()}': expected auto, on or off`, undefined, { hint: USAGE_HINT });
}

/** Parse a `--lower` string; E_LOWER with the offending part on error. */
export function parseLowerSpec(text: string | undefined): LowerSpec {
  if (text === undefined || text.trim() === '') return { kind: 'all', choice: 'auto' };
  const t = text.trim();
  if (!t.includes(':')) return { kind: 'all', choice: parseChoice(t, '') };
  const layers = new Map<number, LowerChoice>();
  for (const part of t.split(';')) {
    if (part.trim() === '') continue;
    const m = /^\s*(\d+)\s*:(.*)$/.exec(part);
    if (!m) fail('E_LOWER', `bad --lower entry '${part.trim()}': expected 'L:auto', 'L:on' or 'L:off'`, undefined, { hint: USAGE_HINT });
    const layer = Number(m[1]);
    if (layers.has(layer)) fail('E_LOWER', `--lower names layer ${layer} twice`, undefined, { hint: USAGE_HINT });
    layers.set(layer, parseChoice(m[2]!, `for layer ${layer}: `));
  }
  return { kind: 'explicit', layers };
}

/** One choice per layer, or E_LOWER when the spec names a layer that does not exist. */
export function resolveLower(layerCount: number, spec: LowerSpec): LowerChoice[] {
  if (spec.kind === 'all') return Array.from({ length: layerCount }, () => spec.choice);
  for (const layer of spec.layers.keys()) {
    if (layer >= layerCount) fail('E_LOWER', `--lower names layer ${layer}, but the network has ${layerCount} dense layer(s) (0..${layerCount - 1})`);
  }
  return Array.from({ length: layerCount }, (_, i) => spec.layers.get(i) ?? 'auto');
}
