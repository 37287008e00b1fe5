/**
 * The fuzz properties. Each one is a fast-check arbitrary of concrete,
 * JSON-serialisable cases (file contents and argv, so a case can be saved
 * to test/fuzz/corpus/ and replayed as is) and a `run` that writes the case
 * into a fresh folder and runs the CLI on it under the contract of
 * outcome.ts. Runs in a worker (runner.ts) so a hanging case is caught.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Model } from '../../src/ir/model.js';
import { writeNpy } from '../../src/model/npy.js';
import { serializeModel } from '../../src/model/write.js';
import { commands } from '../../src/commands/index.js';
import { randomModel } from '../../src/testing/random-model.js';
import { randomResidualModel } from '../../src/testing/random-residual.js';
import { createRng } from '../../src/testing/rng.js';
import { expectTypedOutcome } from './outcome.js';

export interface FuzzProperty<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  run(value: T, work: string): Promise<void>;
}

// ------------------------------------------------------------ base models

/** Small valid models (inline tensors, one with an npy weight) that mutations start from. */
function baseModels(): Model[] {
  const models: Model[] = [];
  for (let seed = 1; models.length < 6; seed++) {
    const m = randomModel(createRng(seed * 7919), { depth: [1, 3], inputWidth: [1, 6], hiddenWidth: [1, 5], classes: [1, 3], uintBits: [1, 16] });
    for (const l of m.layers) if (l.type === 'dense' && l.alpha instanceof Float64Array) l.alpha = l.alpha.map(Math.abs);
    models.push(m);
  }
  // Residual networks (one stream, one or two blocks, a 2×2 image): the nested body paths.
  for (const seed of [11, 12]) models.push(randomResidualModel(createRng(seed), { imageSize: [2, 2], blocks: [1, 2] }));
  return models;
}

export const BASE_TEXTS: string[] = baseModels().map((m) => serializeModel(m));

/** A model whose first weight lives in w.npy (4 → 3 → 2, uint 3 bits). */
export const NPY_MODEL = JSON.stringify({
  format: 'siman-hw.model/v1',
  name: 'npy-fuzz',
  input: { shape: [4], encoding: 'uint', bits: 3 },
  layers: [
    { type: 'dense', in: 4, out: 3, weight: { npy: 'w.npy' }, weightFormat: 'float', semantics: 'and' },
    { type: 'sign' },
    { type: 'dense', in: 3, out: 2, weight: [[1, -1, 0.5], [-0.5, 1, 1]], semantics: 'xnor' },
  ],
});
const VALID_NPY = writeNpy([3, 4], [0.5, -1, 2, 0.25, 1, 1, -3, 0, 0.1, 0.2, 0.3, -0.4]);

/** The npy model with a bipolar input, for input files. */
export const BIPOLAR_MODEL = NPY_MODEL.replace('"encoding":"uint","bits":3', '"encoding":"bipolar"');

function writeBase(work: string, modelText: string | Uint8Array): string {
  const file = path.join(work, 'model.json');
  fs.writeFileSync(file, modelText);
  fs.writeFileSync(path.join(work, 'w.npy'), VALID_NPY);
  return file;
}

// ------------------------------------------------------------ model JSON mutations

const WEIRD: unknown[] = [
  'x', '', null, true, false, -1, 0, 1, 1.5, -0.5, 1e308, -1e308, 2 ** 53 + 2, 1e-320, 65536, 2 ** 31, 17, [], {}, [[]], [1, 2], [[1, 2], [3]],
  { npy: 'w.npy' }, { npy: '../outside.npy' }, { npy: '/etc/hostname' }, { npy: 'missing.npy' }, { npy: 5 }, 'auto', 'and', 'xnor', 'ge', 'le',
  'dense', 'sign', 'threshold', 'batchnorm', 'conv2d', 'residual', 'identity', { type: 'subsample', padChannels: [1, 0] }, 'uint', 'bipolar', 'bits', 'float', 'siman-optimal', [0], [-1, 1], ['ge'], [null],
  'a\u0000b', '\u2028', '𝓍', 'a'.repeat(300),
];
const KEYS = ['type', 'in', 'out', 'weight', 'bits', 'semantics', 'semantic', 'thresholds', 'direction', 'constant', 'npy', 'shape', 'encoding', 'name', 'gamma', 'eps', 'alpha', 'bias', 'weightFormat', 'binarize', 'format', 'layers', 'input', 'shortcut', 'fracBits', 'padChannels', 'stride', '__proto__', 'constructor'];
const NUMBER_SWAPS = ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '"1"', '1.0000000000000002', '007', '0x10', '1e-400', '9007199254740993', '-0', '1E2', '-', '.5', '1.', '1e', 'true', 'null'];

type JsonOp =
  | { k: 'delete'; pick: number }
  | { k: 'set'; pick: number; v: number }
  | { k: 'dup'; pick: number }
  | { k: 'rename'; pick: number; key: number }
  | { k: 'numswap'; pick: number; to: number }
  | { k: 'dupkey'; pick: number }
  | { k: 'truncate'; at: number }
  | { k: 'bytes'; at: number; bytes: number[] };

const opArb: fc.Arbitrary<JsonOp> = fc.oneof(
  fc.record({ k: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('set' as const), pick: fc.nat(), v: fc.nat(WEIRD.length - 1) }),
  fc.record({ k: fc.constant('dup' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('rename' as const), pick: fc.nat(), key: fc.nat(KEYS.length - 1) }),
  fc.record({ k: fc.constant('numswap' as const), pick: fc.nat(), to: fc.nat(NUMBER_SWAPS.length - 1) }),
  fc.record({ k: fc.constant('dupkey' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ k: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 6 }) }),
);

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

function slots(v: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, key: i }), slots(x, out)));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push({ parent: v as Record<string, unknown>, key: k }), slots(x, out);
  return out;
}

/** Apply mutations to a base model text; structural ones go through JSON, textual ones on bytes. */
export function mutateModel(base: string, ops: JsonOp[]): Uint8Array {
  let value: unknown = JSON.parse(base);
  let text: string | null = null;
  let bytes: Uint8Array | null = null;
  const asText = (): string => (text ??= JSON.stringify(value, null, 1));
  for (const op of ops) {
    if (op.k === 'truncate' || op.k === 'bytes') {
      const b: Uint8Array = bytes ?? new TextEncoder().encode(asText());
      const at = op.at % (b.length + 1);
      bytes = op.k === 'truncate' ? b.subarray(0, at) : Uint8Array.from([...b.subarray(0, at), ...op.bytes, ...b.subarray(at)]);
      continue;
    }
    if (bytes) continue; // after a byte-level change the text is no longer JSON to edit
    if (op.k === 'numswap' || op.k === 'dupkey') {
      const t = asText();
      const re = op.k === 'numswap' ? /-?\d+(\.\d+)?([eE][-+]?\d+)?/g : /"([A-Za-z_]+)":/g;
      const hits = [...t.matchAll(re)];
      if (hits.length === 0) continue;
      const h = hits[op.pick % hits.length]!;
      text = op.k === 'numswap' ? t.slice(0, h.index) + NUMBER_SWAPS[op.to] + t.slice(h.index! + h[0].length) : t.slice(0, h.index) + `"${h[1]}": 0, ` + t.slice(h.index);
      continue;
    }
    if (text !== null) continue; // text edits are final for structural ones
    const all = slots(value);
    if (all.length === 0) {
      value = WEIRD[(op as { pick: number }).pick % WEIRD.length];
      continue;
    }
    const s = all[op.pick % all.length]!;
    const p = s.parent as Record<string | number, unknown>;
    if (op.k === 'delete') {
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
      else delete p[s.key];
    } else if (op.k === 'set') p[s.key] = structuredClone(WEIRD[op.v]);
    else if (op.k === 'dup') {
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 0, structuredClone(s.parent[s.key as number]));
      else p[`${s.key}`] = structuredClone(p[s.key]);
    } else if (op.k === 'rename' && !Array.isArray(s.parent)) {
      const v = p[s.key];
      delete p[s.key];
      Object.defineProperty(p, KEYS[op.key]!, { value: v, enumerable: true, configurable: true, writable: true });
    }
  }
  return bytes ?? new TextEncoder().encode(asText());
}

const COMMANDS_ON_MODEL = ['binarize', 'generate', 'verify', 'infer'] as const;

export interface ModelCase {
  b64: string;
  command: (typeof COMMANDS_ON_MODEL)[number];
}

/** argv for `command` on `model`, writing (if at all) to `out`. */
function modelArgv(command: ModelCase['command'], model: string, work: string, out: string): string[] {
  switch (command) {
    case 'binarize':
      return ['binarize', model, '-o', out];
    case 'generate':
      return ['generate', model, '-o', out];
    case 'verify':
      return ['verify', model, '--no-rtl', '--vectors', '3', '--stall', '0.3'];
    case 'infer': {
      const csv = path.join(work, 'in.csv');
      fs.writeFileSync(csv, '0,1,2,3\n7,7,7,7\n');
      return ['infer', model, '--input', csv, '--json'];
    }
  }
}

export const modelJsonProperty: FuzzProperty<ModelCase> = {
  name: 'model-json',
  arbitrary: fc
    .record({ base: fc.nat(BASE_TEXTS.length), ops: fc.array(opArb, { minLength: 1, maxLength: 4 }), command: fc.constantFrom(...COMMANDS_ON_MODEL) })
    .map(({ base, ops, command }) => ({
      b64: Buffer.from(mutateModel(base === BASE_TEXTS.length ? NPY_MODEL : BASE_TEXTS[base]!, ops)).toString('base64'),
      command,
    })),
  async run(c, work) {
    const model = writeBase(work, Buffer.from(c.b64, 'base64'));
    const out = path.join(work, c.command === 'binarize' ? 'out.json' : 'out');
    await expectTypedOutcome(modelArgv(c.command, model, work, out), { work, output: out });
  },
};

// ------------------------------------------------------------ npy files

export interface NpyCase {
  b64: string;
  /** Where the bytes go: the model's weight tensor, or an `infer --input` file. */
  target: 'weight' | 'input';
}

const DESCRS = ['<f4', '<f8', '|i1', '|u1', '|b1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '>f4', '>i2', '=f8', '<c16', 'O', '<U3', '|V8', 'f4', '<f2', '', "<f4'", 'u1', '<i16'];
const SIZES: Record<string, number> = { '<f4': 4, '<f8': 8, '|i1': 1, '|u1': 1, '|b1': 1, '<i2': 2, '<u2': 2, '<i4': 4, '<u4': 4, '<i8': 8, '<u8': 8, '>f4': 4, '>i2': 2, '=f8': 8, '<c16': 16, f4: 4, '<f2': 2, u1: 1 };

const npyArb = fc
  .record({
    magicOk: fc.boolean(),
    version: fc.constantFrom(1, 1, 2, 3, 0, 9),
    descr: fc.constantFrom(...DESCRS),
    fortran: fc.constantFrom('False', 'False', 'True', '0', 'None'),
    shape: fc.array(fc.oneof(fc.integer({ min: -2, max: 6 }), fc.constantFrom(2 ** 31, 2 ** 53, 1e20, 3, 4)), { maxLength: 3 }),
    style: fc.constantFrom('normal', 'normal', 'normal', 'missing-key', 'extra-key', 'garbage', 'not-dict', 'python-expr'),
    garbage: fc.string({ maxLength: 40 }),
    fill: fc.constantFrom('exact', 'exact', 'short', 'long', 'random'),
    data: fc.uint8Array({ maxLength: 96 }),
    headerLenDelta: fc.constantFrom(0, 0, 0, 1, -1, 1000, -100),
    truncate: fc.option(fc.nat(), { freq: 4 }),
    target: fc.constantFrom('weight' as const, 'input' as const),
  })
  .map((r): NpyCase => {
    const shapeText = r.shape.length === 1 ? `(${r.shape[0]},)` : `(${r.shape.join(', ')})`;
    const dicts: Record<string, string> = {
      normal: `{'descr': '${r.descr}', 'fortran_order': ${r.fortran}, 'shape': ${shapeText}, }`,
      'missing-key': `{'descr': '${r.descr}', 'shape': ${shapeText}}`,
      'extra-key': `{'descr': '${r.descr}', 'fortran_order': ${r.fortran}, 'shape': ${shapeText}, 'x': 1}`,
      garbage: r.garbage,
      'not-dict': `[${shapeText}]`,
      'python-expr': `{'descr': '${r.descr}', 'fortran_order': ${r.fortran}, 'shape': (2*2, 1)}`,
    };
    const dict = dicts[r.style]!;
    const start = r.version === 1 || r.version === 0 || r.version === 9 ? 10 : 12;
    const headerLen = Math.ceil((start + dict.length + 1) / 64) * 64 - start;
    const header = new TextEncoder().encode(dict.padEnd(headerLen - 1, ' ') + '\n');
    const count = r.shape.reduce((a, b) => a * Math.max(0, Math.min(b, 64)), 1);
    const size = SIZES[r.descr] ?? 4;
    const want = r.fill === 'exact' ? count * size : r.fill === 'short' ? Math.max(0, count * size - 1) : r.fill === 'long' ? count * size + 3 : r.data.length;
    const data = new Uint8Array(want);
    for (let i = 0; i < want; i++) data[i] = r.data.length ? r.data[i % r.data.length]! : 0;
    const pre = new Uint8Array(start);
    pre.set(r.magicOk ? [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] : [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x5a]);
    pre[6] = r.version;
    const dv = new DataView(pre.buffer);
    const declared = Math.max(0, headerLen + r.headerLenDelta);
    if (start === 10) dv.setUint16(8, Math.min(declared, 0xffff), true);
    else dv.setUint32(8, declared, true);
    let all = Uint8Array.from([...pre, ...header, ...data]);
    if (r.truncate !== null) all = all.subarray(0, r.truncate % (all.length + 1));
    return { b64: Buffer.from(all).toString('base64'), target: r.target };
  });

export const npyProperty: FuzzProperty<NpyCase> = {
  name: 'npy',
  arbitrary: npyArb,
  async run(c, work) {
    const bytes = Buffer.from(c.b64, 'base64');
    if (c.target === 'weight') {
      const model = writeBase(work, NPY_MODEL);
      fs.writeFileSync(path.join(work, 'w.npy'), bytes);
      const out = path.join(work, 'out');
      await expectTypedOutcome(['generate', model, '-o', out], { work, output: out });
    } else {
      const model = writeBase(work, NPY_MODEL);
      const input = path.join(work, 'in.npy');
      fs.writeFileSync(input, bytes);
      await expectTypedOutcome(['infer', model, '--input', input, '--labels', 'none'], { work });
    }
  },
};

// ------------------------------------------------------------ CSV inputs

export interface CsvCase {
  text: string;
  encoding: 'uint' | 'bipolar';
  labels: 'last' | 'none';
  ext: '.csv' | '.json';
}

const CELLS = ['0', '1', '7', '8', '-1', '+1', '-0', '1.5', '1.0', '', ' 3 ', 'abc', '３', '٣', '1e2', '0x1', '99999999999999999999', '2147483648', '-2147483649', 'NaN', '"1"', '\u00a01', '1\u200b', '𝟙'];

const csvArb = fc
  .record({
    rows: fc.array(fc.array(fc.oneof(fc.constantFrom(...CELLS), fc.integer({ min: -3, max: 9 }).map(String)), { minLength: 0, maxLength: 7 }), { minLength: 0, maxLength: 5 }),
    sep: fc.constantFrom(',', ',', ',', ';', '\t', ', ', ' ', ',,'),
    eol: fc.constantFrom('\n', '\n', '\r\n', '\r'),
    blank: fc.option(fc.nat(), { freq: 3 }),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    encoding: fc.constantFrom('uint' as const, 'bipolar' as const),
    labels: fc.constantFrom('last' as const, 'none' as const),
    ext: fc.constantFrom('.csv' as const, '.csv' as const, '.json' as const),
  })
  .map((r): CsvCase => {
    let text: string;
    if (r.ext === '.json') text = `[${r.rows.map((row) => `[${row.join(',')}]`).join(r.sep === ',' ? ',' : ',\n')}]`;
    else {
      const lines = r.rows.map((row) => row.join(r.sep));
      if (r.blank !== null) lines.splice(r.blank % (lines.length + 1), 0, '');
      text = lines.join(r.eol) + (r.trailing ? r.eol : '');
    }
    return { text: (r.bom ? '\ufeff' : '') + text, encoding: r.encoding, labels: r.labels, ext: r.ext };
  });

export const csvProperty: FuzzProperty<CsvCase> = {
  name: 'inputs',
  arbitrary: csvArb,
  async run(c, work) {
    const model = writeBase(work, c.encoding === 'uint' ? NPY_MODEL : BIPOLAR_MODEL);
    const input = path.join(work, `in${c.ext}`);
    fs.writeFileSync(input, c.text);
    await expectTypedOutcome(['infer', model, '--input', input, '--labels', c.labels, '--json'], { work });
  },
};

// ------------------------------------------------------------ fold specs

export interface FoldCase {
  spec: string;
  command: 'generate' | 'verify' | 'simulate' | 'estimate';
}

const LAYER_TOKENS = ['0', '1', '2', '3', '-1', 'x', '', ' 1 ', '99999999999999999999', '01', '1.0'];
const KEY_TOKENS = ['pe', 'simd', 'PE', 'Simd', 'foo', '', 'pe ', 'mode'];
const VALUE_TOKENS = ['1', '2', '3', '4', '5', '6', '12', '0', '-1', '', '1e3', '99999999999999999999999', '2.0', 'full', 'x'];

const foldArb = fc
  .record({
    special: fc.constantFrom(null, null, null, 'full', 'serial', 'auto', '', ' ', ';', ';;', 'FULL'),
    entries: fc.array(
      fc.record({
        layer: fc.constantFrom(...LAYER_TOKENS),
        kvs: fc.array(fc.record({ key: fc.constantFrom(...KEY_TOKENS), value: fc.constantFrom(...VALUE_TOKENS), eq: fc.constantFrom('=', '=', ':', '') }), { maxLength: 3 }),
        colon: fc.constantFrom(':', ':', '=', ''),
      }),
      { maxLength: 4 },
    ),
    sep: fc.constantFrom(';', ';', ',', ' '),
    command: fc.constantFrom('generate' as const, 'generate' as const, 'verify' as const, 'simulate' as const, 'estimate' as const),
  })
  .map((r): FoldCase => ({
    spec: r.special ?? r.entries.map((e) => `${e.layer}${e.colon}${e.kvs.map((kv) => `${kv.key}${kv.eq}${kv.value}`).join(',')}`).join(r.sep),
    command: r.command,
  }));

export const foldProperty: FuzzProperty<FoldCase> = {
  name: 'fold',
  arbitrary: foldArb,
  async run(c, work) {
    // 4 -> 3 -> 2: PE must divide 3 / 2, SIMD must divide 4 / 3.
    const model = writeBase(work, NPY_MODEL);
    const out = path.join(work, 'out');
    const argv =
      c.command === 'generate'
        ? ['generate', model, '-o', out, '--fold', c.spec]
        : c.command === 'verify'
          ? ['verify', model, '--no-rtl', '--vectors', '2', '--fold', c.spec]
          : c.command === 'simulate'
            ? ['simulate', model, '--vectors', '2', '--fold', c.spec]
            : ['estimate', model, '--target', 'ice40', '--fold', c.spec];
    await expectTypedOutcome(argv, { work, output: out });
  },
};

// ------------------------------------------------------------ random argv

export interface ArgvCase {
  argv: string[];
}

/** Commands fuzzed through random argv (synth runs Yosys: covered by its own tests). */
const ARGV_COMMANDS = commands.map((c) => c.name).filter((n) => n !== 'synth');
const FLAGS = [...new Set(commands.flatMap((c) => Object.entries(c.options).flatMap(([k, o]) => [`--${k}`, ...(o.short ? [`-${o.short}`] : [])])))].filter(
  (f) => !['--synth', '--pnr', '--yosys'].includes(f),
);
const VALUES = ['@model', '@csv', '@out', '@outfile', '@missing', '0', '1', '3', '-1', '0.5', '1.5', 'abc', '', '1000000000', 'last', 'none', 'ice40', 'packed', 'both', 'full', 'serial', '--', '-', '0:pe=1,simd=1', 'hardwired', 'siman_top', 'module', 'a b'];

const argvArb = fc
  .record({
    command: fc.oneof(fc.constantFrom(...ARGV_COMMANDS), fc.constantFrom('', 'nope', '--help', '-V', 'help')),
    tokens: fc.array(fc.oneof(fc.constantFrom(...FLAGS), fc.constantFrom(...VALUES), fc.constantFrom(...FLAGS).map((f) => `${f}=@out`)), { maxLength: 8 }),
    withModel: fc.boolean(),
  })
  .map((r): ArgvCase => {
    const argv = r.command === '' ? [] : [r.command];
    if (r.withModel) argv.push('@model');
    argv.push(...r.tokens);
    return { argv };
  });

export const argvProperty: FuzzProperty<ArgvCase> = {
  name: 'argv',
  arbitrary: argvArb,
  async run(c, work) {
    const model = writeBase(work, NPY_MODEL);
    const csv = path.join(work, 'in.csv');
    fs.writeFileSync(csv, '0,1,2,3\n7,7,7,7\n');
    const out = path.join(work, 'out');
    const subst: Record<string, string> = { '@model': model, '@csv': csv, '@out': out, '@outfile': path.join(work, 'out.json'), '@missing': path.join(work, 'missing.json') };
    const argv = c.argv.map((a) => a.replace(/@(model|csv|outfile|out|missing)/, (m) => subst[m]!));
    // Never run Verilator or Yosys here: that is what the fault tests do.
    if (argv[0] === 'verify') argv.push('--no-rtl');
    const r = await expectTypedOutcome(argv, { work });
    void r;
  },
};

export const properties: Record<string, FuzzProperty<never>> = Object.fromEntries(
  [modelJsonProperty, npyProperty, csvProperty, foldProperty, argvProperty].map((p) => [p.name, p as unknown as FuzzProperty<never>]),
);
