/**
 * Structural validation of a model file (docs/model-format.md) with zod:
 * which fields exist, their JSON types and enumerations. Sizes, shapes,
 * value ranges and the layer sequence are checked later by validate.ts.
 * Every zod issue becomes an `E_SCHEMA` diagnostic with the JSON path,
 * `file:line:column` and, where it helps, a hint.
 */
import { z } from 'zod';
import { diag, type Diagnostic } from '../diagnostics.js';
import type { BinarizeRule, Semantics } from '../ir/model.js';
import { type JsonSource, type PathSegments } from './json-source.js';
import type { DiagnosticSink } from './sink.js';

/** The format tag this loader reads. */
export const FORMAT_TAG = 'siman-hw.model/v1';
/** Layer types the loader accepts. */
export const LAYER_TYPES = ['dense', 'conv2d', 'batchnorm', 'sign', 'threshold', 'maxpool2d', 'flatten', 'residual'] as const;
/** Layer types of the format that are recognised but not implemented yet. */
export const FUTURE_LAYER_TYPES = [] as const;

/** A tensor stored in a `.npy` file next to the model. */
export interface NpyRef {
  npy: string;
}
/** A tensor as written in the JSON: nested arrays of numbers, or an npy reference. */
export type TensorJson = unknown[] | NpyRef;

export interface RawDense {
  type: 'dense';
  name?: string;
  in: number;
  out: number;
  weight: TensorJson;
  weightFormat: 'float' | 'bits';
  binarize: BinarizeRule;
  semantics: Semantics;
  bias: TensorJson | null;
  alpha: TensorJson | 'auto' | null;
}
export interface RawBatchNorm {
  type: 'batchnorm';
  name?: string;
  gamma: TensorJson;
  beta: TensorJson;
  mean: TensorJson;
  var: TensorJson;
  eps: number;
}
export interface RawSign {
  type: 'sign';
  name?: string;
}
export interface RawThreshold {
  type: 'threshold';
  name?: string;
  thresholds: TensorJson;
  direction: Array<'ge' | 'le'>;
  constant: Array<null | 1 | -1> | null;
}
/** `kernel` / `stride` / `padding`: one integer for both axes, or [h, w]. */
export type Pair = number | [number, number];
export interface RawConv2d {
  type: 'conv2d';
  name?: string;
  inChannels: number;
  outChannels: number;
  kernel: Pair;
  stride: Pair;
  padding: Pair;
  padValue: 0 | 1 | -1;
  weight: TensorJson;
  weightFormat: 'float' | 'bits';
  binarize: BinarizeRule;
  semantics: Semantics;
  bias: TensorJson | null;
  alpha: TensorJson | 'auto' | null;
}
export interface RawMaxPool2d {
  type: 'maxpool2d';
  name?: string;
  kernel: Pair;
  /** Defaults to the kernel. */
  stride: Pair | null;
}
export interface RawFlatten {
  type: 'flatten';
  name?: string;
}
/** A residual block's shortcut as written: `"identity"` or option A (`subsample`). */
export type RawShortcut = 'identity' | { type: 'subsample'; stride: Pair; padChannels: Pair };
export interface RawResidual {
  type: 'residual';
  name?: string;
  shortcut: RawShortcut;
  fracBits: number;
  /** The body, checked layer by layer like the top-level list. */
  layers: RawLayer[];
}
export type RawLayer = RawDense | RawConv2d | RawBatchNorm | RawSign | RawThreshold | RawMaxPool2d | RawFlatten | RawResidual;

/** A pair field as [h, w]. */
export function pairOf(p: Pair): [number, number] {
  return typeof p === 'number' ? [p, p] : [p[0], p[1]];
}

/** A model that passed the structural check; tensors not yet read. */
export interface RawModel {
  format: typeof FORMAT_TAG;
  name: string;
  input: { shape: number[]; encoding: 'uint'; bits: number } | { shape: number[]; encoding: 'bipolar' };
  layers: RawLayer[];
  provenance?: Record<string, unknown>;
}

/** True for `{ "npy": "..." }`. */
export function isNpyRef(v: unknown): v is NpyRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as NpyRef).npy === 'string';
}

// Custom issues carry our own code and hint in `params`.
type Params = { code?: Diagnostic['code']; hint?: string };

/** A tensor of the given rank: nested arrays of numbers or `{ "npy": "file.npy" }`. */
function tensor(rank: 1 | 2 | 4) {
  return z.unknown().superRefine((v, ctx) => {
    const shapeName = rank === 1 ? 'an array of numbers' : rank === 2 ? 'an array of rows (arrays of numbers)' : 'nested arrays [out][in][kh][kw] of numbers';
    if (v === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required field is missing', params: { missing: true } });
      return;
    }
    if (isNpyRef(v)) {
      const extra = Object.keys(v).filter((k) => k !== 'npy');
      if (extra.length) ctx.addIssue({ code: 'custom', path: [extra[0]!], message: `unknown field "${extra[0]}" in an npy reference` });
      if (v.npy === '') ctx.addIssue({ code: 'custom', path: ['npy'], message: 'empty npy path' });
      return;
    }
    if (!Array.isArray(v)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected ${shapeName} or { "npy": "file.npy" }, got ${describe(v)}`,
      });
      return;
    }
    let bad = 0;
    if (rank === 4) {
      // Walk the nesting: arrays down to depth 3, numbers at depth 4.
      const walk = (x: unknown, depth: number, path: number[]): void => {
        if (bad >= 5) return;
        if (depth === 4) {
          if (typeof x !== 'number') {
            ctx.addIssue({ code: 'custom', path, message: `expected a number, got ${describe(x)}` });
            bad++;
          }
          return;
        }
        if (!Array.isArray(x)) {
          ctx.addIssue({ code: 'custom', path, message: `expected an array (level ${depth + 1} of [out][in][kh][kw]), got ${describe(x)}` });
          bad++;
          return;
        }
        x.forEach((e, i) => walk(e, depth + 1, [...path, i]));
      };
      v.forEach((e, i) => walk(e, 1, [i]));
      return;
    }
    for (let i = 0; i < v.length && bad < 5; i++) {
      const e = v[i];
      if (rank === 1) {
        if (typeof e !== 'number') {
          ctx.addIssue({ code: 'custom', path: [i], message: `expected a number, got ${describe(e)}` });
          bad++;
        }
      } else if (!Array.isArray(e)) {
        ctx.addIssue({ code: 'custom', path: [i], message: `expected a row (array of numbers), got ${describe(e)}` });
        bad++;
      } else {
        for (let j = 0; j < e.length && bad < 5; j++) {
          if (typeof e[j] !== 'number') {
            ctx.addIssue({ code: 'custom', path: [i, j], message: `expected a number, got ${describe(e[j])}` });
            bad++;
          }
        }
      }
    }
  });
}

/** Describe a JSON value's type for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  if (v === undefined) return 'nothing';
  return `${typeof v} ${String(v)}`;
}

const name = z.string().optional();
const posInt = z.number().int().min(1);
const natInt = z.number().int().min(0);
/** One integer for both axes or [h, w]. */
const pair = (min: typeof posInt) => z.union([min, z.tuple([min, min])]);

const inputSchema = z
  .strictObject({
    shape: z.array(posInt).min(1),
    encoding: z.enum(['uint', 'bipolar']),
    bits: z.number().int().min(1).max(16).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.encoding === 'uint' && v.bits === undefined) {
      ctx.addIssue({ code: 'custom', path: ['bits'], message: 'uint inputs need "bits" (1..16)', params: { hint: 'e.g. "bits": 8 for bytes; digits pixels 0..16 need 5' } });
    }
    if (v.encoding === 'bipolar' && v.bits !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['bits'], message: '"bits" is only for uint inputs; bipolar inputs are one bit (-1/+1)' });
    }
  });

const denseSchema = z.strictObject({
  type: z.literal('dense'),
  name,
  in: posInt,
  out: posInt,
  weight: tensor(2),
  weightFormat: z.enum(['float', 'bits']).default('float'),
  binarize: z.enum(['siman', 'siman-optimal', 'sign']).default('siman'),
  semantics: z.enum(['and', 'xnor']),
  bias: z.union([z.null(), tensor(1)]).default(null),
  alpha: z
    .unknown()
    .superRefine((v, ctx) => {
      if (v === undefined || v === null || v === 'auto' || isNpyRef(v) || Array.isArray(v)) {
        if (Array.isArray(v) || isNpyRef(v)) {
          const r = tensor(1).safeParse(v);
          if (!r.success) r.error.issues.forEach((i) => ctx.addIssue({ ...i, code: 'custom' } as never));
        }
        return;
      }
      ctx.addIssue({ code: 'custom', message: `expected a per-output array, "auto" or null, got ${describe(v)}`, params: { hint: '"auto" = mean |w| of the weights that binarize to 1; omit or null for 1' } });
    })
    .optional()
    .transform((v) => (v === undefined ? null : v)),
});

const alphaField = denseSchema.shape.alpha;

const conv2dSchema = z.strictObject({
  type: z.literal('conv2d'),
  name,
  inChannels: posInt,
  outChannels: posInt,
  kernel: pair(posInt),
  stride: pair(posInt).default(1),
  padding: pair(natInt).default(0),
  padValue: z.union([z.literal(0), z.literal(1), z.literal(-1)]).default(0),
  weight: tensor(4),
  weightFormat: z.enum(['float', 'bits']).default('float'),
  binarize: z.enum(['siman', 'siman-optimal', 'sign']).default('siman'),
  semantics: z.enum(['and', 'xnor']),
  bias: z.union([z.null(), tensor(1)]).default(null),
  alpha: alphaField,
});

const maxpool2dSchema = z.strictObject({
  type: z.literal('maxpool2d'),
  name,
  kernel: pair(posInt),
  stride: pair(posInt).nullable().default(null),
});

const flattenSchema = z.strictObject({ type: z.literal('flatten'), name });

const batchnormSchema = z.strictObject({
  type: z.literal('batchnorm'),
  name,
  gamma: tensor(1),
  beta: tensor(1),
  mean: tensor(1),
  var: tensor(1),
  eps: z.number(),
});

const signSchema = z.strictObject({ type: z.literal('sign'), name });

const thresholdSchema = z.strictObject({
  type: z.literal('threshold'),
  name,
  thresholds: tensor(1),
  direction: z.array(z.enum(['ge', 'le'])),
  constant: z
    .array(
      z.unknown().superRefine((v, ctx) => {
        if (v !== null && v !== 1 && v !== -1) ctx.addIssue({ code: 'custom', message: `constant must be null, 1 or -1, got ${describe(v)}` });
      }),
    )
    .nullable()
    .default(null),
});

/** Default fraction bits of the integer residual stream (docs/numerics.md §12). */
export const DEFAULT_FRAC_BITS = 32;

const residualSchema = z.strictObject({
  type: z.literal('residual'),
  name,
  shortcut: z.union([
    z.literal('identity'),
    z.strictObject({
      type: z.literal('subsample'),
      stride: pair(posInt).default(2),
      padChannels: pair(natInt),
    }),
  ]),
  fracBits: z.number().int().min(0).max(52).default(DEFAULT_FRAC_BITS),
  // The body's layers are checked one by one below, with their own paths.
  layers: z.array(z.unknown()).min(1),
});

const LAYER_SCHEMAS = {
  dense: denseSchema,
  conv2d: conv2dSchema,
  batchnorm: batchnormSchema,
  sign: signSchema,
  threshold: thresholdSchema,
  maxpool2d: maxpool2dSchema,
  flatten: flattenSchema,
  residual: residualSchema,
} as const;

const topSchema = z.strictObject({
  format: z.unknown().superRefine((v, ctx) => {
    if (v === FORMAT_TAG) return;
    ctx.addIssue({
      code: 'custom',
      message: v === undefined ? `missing "format": "${FORMAT_TAG}"` : `unsupported format ${JSON.stringify(v)}: expected "${FORMAT_TAG}"`,
      params: { hint: v === undefined ? 'is this a siman-hw model file? its first field must be "format": "' + FORMAT_TAG + '"' : `this version of siman-hw reads "${FORMAT_TAG}" files` },
    });
  }),
  name: z.string().min(1),
  input: inputSchema,
  layers: z.array(z.unknown()),
  provenance: z.record(z.string(), z.unknown()).optional(),
});

const FIELD_HINTS: Record<string, string> = {
  semantics: "semantics is required: 'and' ({0,+1}) or 'xnor' (±1); they compute different functions",
  in: 'the number of inputs of the layer (weight row length)',
  out: 'the number of outputs of the layer (weight rows)',
  weight: 'a [out][in] array of rows, or { "npy": "file.npy" } with shape (out, in)',
  eps: 'the BatchNorm epsilon, e.g. 1e-5 (PyTorch default)',
  kernel: 'one integer, or [kh, kw]',
  stride: 'one integer >= 1, or [sh, sw]',
  padding: 'one integer >= 0, or [ph, pw] (rows/columns added on each side)',
  padValue: 'the value of a padded tap: 0 (zero padding; uint inputs), -1 or 1 (±1 activations)',
  inChannels: 'channels of the input image [c, h, w]',
  outChannels: 'number of output channels (weight rows)',
  direction: 'one of "ge" / "le" per channel: output +1 iff q >= t (ge) or q <= t (le)',
  thresholds: 'one integer per channel, compared with the accumulator value q',
  shortcut: '"identity", or { "type": "subsample", "stride": 2, "padChannels": [p, p] } (option A: x[:, :, ::2, ::2] plus zero channels)',
  padChannels: 'zero channels appended [before, after] the subsampled input, e.g. [8, 8] for 16 -> 32 channels',
  fracBits: 'fraction bits of the integer residual stream, 0..52 (default 32)',
};

/** Turn one zod issue into diagnostics, with paths relative to `base`. */
function issueToDiags(issue: z.core.$ZodIssue, base: PathSegments, value: unknown, src: JsonSource, schema: z.ZodType): Diagnostic[] {
  const path = [...base, ...(issue.path as Array<string | number>)];
  const params = ((issue as { params?: Params & { missing?: boolean } }).params ?? {}) as Params & { missing?: boolean };
  const at = valueAt(value, issue.path as Array<string | number>);
  const last = path[path.length - 1];
  const fieldHint = typeof last === 'string' ? FIELD_HINTS[last] : undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) =>
        diag('E_SCHEMA', `unknown field "${k}"`, src.where([...path, k]), { hint: unknownKeyHint(k, keysAt(schema, issue.path as Array<string | number>)) }),
      );
    case 'invalid_type': {
      if (at === undefined || params.missing) {
        return [diag('E_SCHEMA', `missing required field "${String(last)}"`, src.where(path), fieldHint ? { hint: fieldHint } : {})];
      }
      if (typeof at === 'number' && !Number.isFinite(at)) {
        return [diag('E_VALUE', `number ${at} is not finite (it overflows float64)`, src.where(path))];
      }
      const expected = issue.expected === 'int' ? 'an integer' : `${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`;
      return [diag('E_SCHEMA', `expected ${expected}, got ${describe(at)}`, src.where(path), fieldHint ? { hint: fieldHint } : {})];
    }
    case 'invalid_value': {
      const opts = issue.values.map((v) => JSON.stringify(v)).join(', ');
      if (at === undefined) return [diag('E_SCHEMA', `missing required field "${String(last)}" (one of ${opts})`, src.where(path), fieldHint ? { hint: fieldHint } : {})];
      return [diag('E_SCHEMA', `${describe(at)} is not one of ${opts}`, src.where(path), fieldHint ? { hint: fieldHint } : {})];
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
      const what = issue.origin === 'array' ? 'entries' : issue.origin === 'string' ? 'characters' : '';
      return [diag('E_SCHEMA', `must be ${bound}${what ? ' ' + what : ''}, got ${Array.isArray(at) ? `${at.length} entries` : describe(at)}`, src.where(path))];
    }
    case 'custom': {
      if (params.missing) return [diag('E_SCHEMA', `missing required field "${String(last)}"`, src.where(path), fieldHint ? { hint: fieldHint } : {})];
      const hint = params.hint ?? fieldHint;
      return [diag(params.code ?? 'E_SCHEMA', issue.message, src.where(path), hint ? { hint } : {})];
    }
    case 'invalid_union': {
      // Report the branch whose issues go deepest (the one the author most likely meant).
      const branches = issue.errors.filter((b) => b.length > 0);
      branches.sort((a, b) => Math.max(...b.map((i) => i.path.length)) - Math.max(...a.map((i) => i.path.length)));
      const best = branches[0];
      if (best && best.some((i) => i.path.length > 0)) {
        return best.flatMap((i) => issueToDiags(i, path, at, src, schema));
      }
      return [diag('E_SCHEMA', `unexpected ${describe(at)}`, src.where(path), fieldHint ? { hint: fieldHint } : {})];
    }
    default:
      return [diag('E_SCHEMA', issue.message, src.where(path), fieldHint ? { hint: fieldHint } : {})];
  }
}

function unknownKeyHint(key: string, known: string[]): string {
  const close = known.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return (close ? `did you mean "${close}"? ` : '') + `known fields here: ${known.join(', ')}`;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

function valueAt(v: unknown, path: ReadonlyArray<string | number>): unknown {
  let cur = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

type Walkable = { shape?: Record<string, unknown>; def?: { in?: unknown; innerType?: unknown; schema?: unknown } };

/** The field names an object schema allows at `path` (for "unknown field" hints). */
function keysAt(schema: z.ZodType, path: ReadonlyArray<string | number>): string[] {
  const unwrap = (x: Walkable): Walkable => {
    for (let i = 0; i < 6 && x && !x.shape; i++) x = (x.def?.innerType ?? x.def?.in ?? x.def?.schema ?? {}) as Walkable;
    return x ?? {};
  };
  let s = unwrap(schema as unknown as Walkable);
  for (const seg of path) {
    if (typeof seg !== 'string' || !s.shape?.[seg]) return Object.keys(s.shape ?? {});
    s = unwrap(s.shape[seg] as Walkable);
  }
  return Object.keys(s.shape ?? {});
}

function runSchema<T>(schema: z.ZodType<T>, value: unknown, base: PathSegments, src: JsonSource, sink: DiagnosticSink): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) issueToDiags(issue, base, value, src, schema).forEach((d) => sink.add(d));
  return undefined;
}

/**
 * Check the structure of a parsed model file. Problems go to `sink`
 * (`E_SCHEMA`, `E_VALUE` for overflowing numbers, `E_UNSUPPORTED` for
 * layer types of the format not implemented yet: none at the moment); returns the typed model only when
 * the whole file is structurally sound.
 */
export function checkSchema(src: JsonSource, sink: DiagnosticSink): RawModel | undefined {
  const root = src.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    sink.add(diag('E_SCHEMA', `a model file must hold a JSON object, got ${describe(root)}`, src.where([])));
    return undefined;
  }
  const before = sink.count;
  const top = runSchema(topSchema, root, [], src, sink);
  const layersJson = (root as { layers?: unknown }).layers;
  const layers = Array.isArray(layersJson) ? checkLayers(layersJson, ['layers'], src, sink, false) : [];
  if (!top || sink.count > before) return undefined;
  return { ...(top as Omit<RawModel, 'layers'>), layers } as RawModel;
}

/**
 * Check every layer of a list (the top level, or a residual block's body
 * at `base` = `layers[i].layers`); returns those that passed.
 */
function checkLayers(list: unknown[], base: PathSegments, src: JsonSource, sink: DiagnosticSink, nested: boolean): RawLayer[] {
  const layers: RawLayer[] = [];
  list.forEach((l, i) => {
    if (sink.full) return;
    const path = [...base, i];
    if (l === null || typeof l !== 'object' || Array.isArray(l)) {
      sink.add(diag('E_SCHEMA', `a layer must be an object, got ${describe(l)}`, src.where(path)));
      return;
    }
    const type = (l as { type?: unknown }).type;
    const knownList = `known layer types: ${LAYER_TYPES.join(', ')}`;
    if ((FUTURE_LAYER_TYPES as readonly unknown[]).includes(type)) /* none at the moment */ {
      sink.add(
        diag('E_UNSUPPORTED', `${String(type)} layers are not supported yet`, src.where(path), {
          hint: `this version handles ${LAYER_TYPES.join(', ')}`,
        }),
      );
      return;
    }
    if (typeof type !== 'string' || !(type in LAYER_SCHEMAS)) {
      const msg = type === undefined ? 'layer has no "type"' : typeof type === 'string' ? `unknown layer type "${type}"` : `layer type must be a string, got ${describe(type)}`;
      sink.add(diag('E_SCHEMA', msg, src.where(type === undefined ? path : [...path, 'type']), { hint: knownList }));
      return;
    }
    if (nested && type === 'residual') {
      sink.add(diag('E_UNSUPPORTED', 'a residual block inside a residual block', src.where([...path, 'type']), { hint: 'write the blocks one after the other: each block body is (conv2d batchnorm? sign)* conv2d batchnorm?' }));
      return;
    }
    const schema = LAYER_SCHEMAS[type as keyof typeof LAYER_SCHEMAS] as z.ZodType<RawLayer>;
    const parsed = runSchema(schema, l, path, src, sink);
    if (!parsed) return;
    if (parsed.type === 'residual') {
      const n = sink.count;
      const body = checkLayers(parsed.layers as unknown[], [...path, 'layers'], src, sink, true);
      if (sink.count > n) return;
      layers.push({ ...parsed, layers: body });
      return;
    }
    layers.push(parsed);
  });
  return layers;
}
