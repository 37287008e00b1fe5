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
import { parseLayerSpec, resolveLayerSpec, type LayerSpecSyntax } from './layer-spec.js';

export type LowerChoice = 'auto' | 'on' | 'off';

export const LOWER_CHOICES: readonly LowerChoice[] = ['auto', 'on', 'off'];

export type LowerSpec = { kind: 'all'; choice: LowerChoice } | { kind: 'explicit'; layers: Map<number, LowerChoice> };

const USAGE_HINT = "format: --lower auto | --lower on | --lower off | --lower 'L:on;L:off' (L = dense layer index from 0)";

function parseChoice(text: string, where: string): LowerChoice {
  const t = text.trim().toLowerCase();
  if ((LOWER_CHOICES as readonly string[]).includes(t)) return t as LowerChoice;
  fail('E_LOWER', `bad --lower ${where}'${text.trim()}': expected auto, on or off`, undefined, { hint: USAGE_HINT });
}

const SYNTAX: LayerSpecSyntax<LowerChoice> = { flag: '--lower', code: 'E_LOWER', hint: USAGE_HINT, parse: parseChoice, entryForm: "'L:auto', 'L:on' or 'L:off'" };

/** Parse a `--lower` string; E_LOWER with the offending part on error. */
export function parseLowerSpec(text: string | undefined): LowerSpec {
  if (text === undefined || text.trim() === '') return { kind: 'all', choice: 'auto' };
  const spec = parseLayerSpec(text, SYNTAX);
  return spec.kind === 'all' ? { kind: 'all', choice: spec.value } : spec;
}

/** One choice per layer, or E_LOWER when the spec names a layer that does not exist. */
export function resolveLower(layerCount: number, spec: LowerSpec): LowerChoice[] {
  return resolveLayerSpec(layerCount, spec.kind === 'all' ? { kind: 'all', value: spec.choice } : spec, 'auto', SYNTAX);
}
