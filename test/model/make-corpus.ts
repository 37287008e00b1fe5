/**
 * Regenerates the malformed-input corpus test/cases/model_*_bad and
 * input_*_bad: `npx tsx test/model/make-corpus.ts`. Each case is written
 * from literal text here; `where` for syntax errors is computed by string
 * search on the text written (not by the parser under test).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../../src/model/npy.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cases');

type J = Record<string, unknown>;
const dense1 = (extra: J = {}): J => ({
  type: 'dense', in: 4, out: 3, weight: [[0.5, -0.25, 1, 0.125], [-1, 0.5, 0.25, 2], [0.75, 0.5, -0.5, -2]],
  weightFormat: 'float', binarize: 'siman', semantics: 'and', ...extra,
});
const bn = (n: number, extra: J = {}): J => ({
  type: 'batchnorm', gamma: Array(n).fill(1), beta: Array(n).fill(0), mean: Array(n).fill(0.5), var: Array(n).fill(1), eps: 1e-5, ...extra,
});
const dense2 = (extra: J = {}): J => ({
  type: 'dense', in: 3, out: 2, weight: [[1, -1, 0.5], [-0.5, 1, 1]], semantics: 'and', ...extra,
});
const model = (layers: J[], extra: J = {}): J => ({
  format: 'siman-hw.model/v1', name: 'tiny', input: { shape: [4], encoding: 'uint', bits: 3 }, layers, ...extra,
});
/** An image model: [1, 3, 3] bipolar -> conv 2×2 (1 -> 2) -> [2, 2, 2]. */
const cnn = (layers: J[], extra: J = {}): J => model(layers, { input: { shape: [1, 3, 3], encoding: 'bipolar' }, ...extra });
const conv1 = (extra: J = {}): J => ({
  type: 'conv2d', inChannels: 1, outChannels: 2, kernel: [2, 2], weight: [[[[1, 0], [0, 1]]], [[[0, 1], [1, 1]]]], weightFormat: 'bits', semantics: 'xnor', ...extra,
});
const denseImg = (n = 8): J => ({ type: 'dense', in: n, out: 2, weight: [Array(n).fill(1), Array(n).fill(0)], weightFormat: 'bits', semantics: 'and' });
const good = () => model([dense1(), bn(3), { type: 'sign' }, dense2(), bn(2)]);

/** One layer per line, so lines in expected `where`s stay readable. */
function text(m: J): string {
  const { layers, ...top } = m as { layers: J[] };
  const head = Object.entries(top).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const ls = layers.map((l) => '    ' + JSON.stringify(l));
  return `{\n${head.join(',\n')},\n  "layers": [\n${ls.join(',\n')}\n  ]\n}\n`;
}

/** `model.json:line:col` of the first occurrence of `needle` (+ offset). */
function posOf(t: string, needle: string, offset = 0): string {
  const i = t.indexOf(needle);
  if (i < 0) throw new Error(`needle ${needle} not found`);
  const k = i + offset;
  const before = t.slice(0, k);
  const line = before.split('\n').length;
  const col = k - before.lastIndexOf('\n');
  return `model.json:${line}:${col}`;
}

interface Case {
  name: string;
  modelText: string;
  files?: Record<string, Uint8Array | string>;
  code: string;
  where: string;
  input?: { file: string; content: Uint8Array | string; labels: 'last' | 'none' };
}
const cases: Case[] = [];
function mcase(name: string, m: J | string, code: string, where: string, files?: Record<string, Uint8Array | string>): void {
  cases.push({ name: `model_${name}_bad`, modelText: typeof m === 'string' ? m : text(m), code, where, ...(files ? { files } : {}) });
}
function icase(name: string, file: string, content: Uint8Array | string, labels: 'last' | 'none', code: string, where: string, m: J = good()): void {
  cases.push({ name: `input_${name}_bad`, modelText: text(m), code, where, input: { file, content, labels } });
}

function npyWith(hdr: string, data: Uint8Array, major = 1): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  const len = Math.ceil((pre + hdr.length + 1) / 64) * 64 - pre;
  const h = hdr + ' '.repeat(len - hdr.length - 1) + '\n';
  const out = new Uint8Array(pre + len + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const dv = new DataView(out.buffer);
  if (major === 1) dv.setUint16(8, len, true);
  else dv.setUint32(8, len, true);
  out.set(new TextEncoder().encode(h), pre);
  out.set(data, pre + len);
  return out;
}
/** String replace that insists the needle is there. */
function rep(t: string, a: string, b: string): string {
  if (!t.includes(a)) throw new Error(`needle ${a} not found`);
  return t.replace(a, b);
}
const W = [0.5, -0.25, 1, 0.125, -1, 0.5, 0.25, 2, 0.75, 0.5, -0.5, -2];
const wNpy = { npy: 'w.npy' };

// --- JSON syntax ---
{
  const t = rep(text(good()), '"eps":0.00001}', '"eps":0.00001 "x":1}');
  mcase('json_missing_comma', t, 'E_JSON_SYNTAX', posOf(t, ' "x":1}', 1));
  const n = rep(text(good()), '"eps":0.00001}', '"eps":NaN}');
  mcase('json_nan_literal', n, 'E_JSON_SYNTAX', posOf(n, 'NaN'));
  const inf = rep(text(good()), '"mean":[0.5,0.5,0.5]', '"mean":[0.5,-Infinity,0.5]');
  mcase('json_infinity_literal', inf, 'E_JSON_SYNTAX', posOf(inf, '-Infinity'));
  const tc = rep(text(good()), '"var":[1,1,1]', '"var":[1,1,1,]');
  mcase('json_trailing_comma', tc, 'E_JSON_SYNTAX', posOf(tc, ',]', 1));
  const py = rep(text(good()), '"weightFormat":"float"', '"weightFormat":None');
  mcase('json_python_none', py, 'E_JSON_SYNTAX', posOf(py, 'None'));
  const sq = rep(text(good()), '"name": "tiny"', "\"name\": 'tiny'");
  mcase('json_single_quotes', sq, 'E_JSON_SYNTAX', posOf(sq, "'tiny'"));
  const lz = rep(text(good()), '"bits":3', '"bits":03');
  mcase('json_leading_zero', lz, 'E_JSON_SYNTAX', posOf(lz, '03'));
  mcase('json_truncated', text(good()).slice(0, 120), 'E_JSON_SYNTAX', 'model.json:');
  mcase('json_empty', '', 'E_JSON_SYNTAX', 'model.json:1:1');
  const dup = rep(text(good()), '"name": "tiny"', '"name": "tiny", "name":"again"');
  mcase('json_duplicate_key', dup, 'E_SCHEMA', posOf(dup, '"name":"again"'));
}
// --- schema ---
mcase('format_tag', model([dense1(), bn(3), { type: 'sign' }, dense2()], { format: 'siman-hw.model/v2' }), 'E_SCHEMA', 'format');
mcase('missing_semantics', model([dense1({ semantics: undefined }), { type: 'sign' }, dense2()]), 'E_SCHEMA', 'layers[0].semantics');
mcase('unknown_layer_type', model([dense1(), { type: 'relu' }, dense2()]), 'E_SCHEMA', 'layers[1].type');
mcase('unknown_field_typo', model([dense1(), { type: 'sign' }, dense2({ semantic: 'and' })]), 'E_SCHEMA', 'layers[2].semantic');
mcase('uint_bits_17', model([dense1(), { type: 'sign' }, dense2()], { input: { shape: [4], encoding: 'uint', bits: 17 } }), 'E_SCHEMA', 'input.bits');
mcase('uint_bits_missing', model([dense1(), { type: 'sign' }, dense2()], { input: { shape: [4], encoding: 'uint' } }), 'E_SCHEMA', 'input.bits');
mcase('threshold_bad_direction', model([dense1(), { type: 'threshold', thresholds: [1, 2, 3], direction: ['ge', 'gt', 'le'] }, dense2()]), 'E_SCHEMA', 'layers[1].direction[1]');
mcase('threshold_bad_constant', model([dense1(), { type: 'threshold', thresholds: [1, 2, 3], direction: ['ge', 'ge', 'le'], constant: [null, 2, null] }, dense2()]), 'E_SCHEMA', 'layers[1].constant[1]');
mcase('weight_string_element', model([dense1({ weight: [[0.5, -0.25, 1, 0.125], [-1, '0.5', 0.25, 2], [0.75, 0.5, -0.5, -2]] }), { type: 'sign' }, dense2()]), 'E_SCHEMA', 'layers[0].weight[1][1]');
mcase('alpha_bad_string', model([dense1({ alpha: 'mean' }), { type: 'sign' }, dense2()]), 'E_SCHEMA', 'layers[0].alpha');
mcase('conv2d_missing_kernel', cnn([conv1({ kernel: undefined }), { type: 'sign' }, { type: 'flatten' }, denseImg()]), 'E_SCHEMA', 'layers[0].kernel');
mcase('conv2d_bad_pad_value', cnn([conv1({ padValue: 2 }), { type: 'sign' }, { type: 'flatten' }, denseImg()]), 'E_SCHEMA', 'layers[0].padValue');
// --- shapes ---
mcase('dense_after_image_no_flatten', model([dense1(), { type: 'sign' }, dense2()], { input: { shape: [1, 2, 2], encoding: 'bipolar' } }), 'E_SHAPE', 'layers[0]');
mcase('conv_kernel_too_large', cnn([conv1({ kernel: [4, 4], weight: [[Array(4).fill(Array(4).fill(1))], [Array(4).fill(Array(4).fill(0))]] }), { type: 'sign' }, { type: 'flatten' }, denseImg()]), 'E_SHAPE', 'layers[0].kernel');
mcase('conv_in_channels_mismatch', cnn([conv1({ inChannels: 2 }), { type: 'sign' }, { type: 'flatten' }, denseImg()]), 'E_SHAPE', 'layers[0].inChannels');
mcase('conv_weight_kernel_rows', cnn([conv1({ weight: [[[[1, 0], [0, 1]]], [[[1, 1]]]] }), { type: 'sign' }, { type: 'flatten' }, denseImg()]), 'E_SHAPE', 'layers[0].weight[1][0]');
mcase('conv_threshold_after_zero_padding', cnn([conv1({ padding: 1, padValue: 0 }), { type: 'threshold', thresholds: [1, 2], direction: ['ge', 'ge'] }, { type: 'flatten' }, denseImg(2 * 4 * 4)]), 'E_UNSUPPORTED', 'layers[1]');
// Residual streams on the [1, 3, 3] image: stem conv1 + batchnorm -> [2, 2, 2], blocks of 1×1 convs.
const conv1x1 = (o: number): J => ({ type: 'conv2d', inChannels: 2, outChannels: o, kernel: 1, weight: Array.from({ length: o }, (_, a) => [[[a % 2]], [[1 - (a % 2)]]]), weightFormat: 'bits', semantics: 'xnor' });
const residual = (layers: J[]): J => ({ type: 'residual', shortcut: 'identity', layers });
mcase('residual_identity_shape_mismatch', cnn([conv1(), bn(2), residual([conv1x1(3), bn(3)]), { type: 'sign' }, { type: 'flatten' }, denseImg(12)]), 'E_SHAPE', 'layers[2].shortcut');
mcase('residual_body_ends_in_sign', cnn([conv1(), bn(2), residual([conv1x1(2), bn(2), { type: 'sign' }]), { type: 'sign' }, { type: 'flatten' }, denseImg()]), 'E_STRUCTURE', 'layers[2].layers[2]');
mcase('residual_stream_not_closed', cnn([conv1(), bn(2), residual([conv1x1(2), bn(2)]), { type: 'flatten' }, denseImg()]), 'E_STRUCTURE', 'layers[3]');
mcase('conv_pad_value_on_uint', cnn([conv1({ padding: 1, padValue: -1 }), { type: 'sign' }, { type: 'flatten' }, denseImg(2 * 4 * 4)], { input: { shape: [1, 3, 3], encoding: 'uint', bits: 2 } }), 'E_VALUE', 'layers[0].padValue');
mcase('conv_dense_in_after_flatten', cnn([conv1(), { type: 'sign' }, { type: 'flatten' }, denseImg(9)]), 'E_SHAPE', 'layers[3].in');
mcase('maxpool_kernel_too_large', cnn([conv1(), { type: 'sign' }, { type: 'maxpool2d', kernel: 3 }, { type: 'flatten' }, denseImg()]), 'E_SHAPE', 'layers[2].kernel');
mcase('flatten_of_vector', model([{ type: 'flatten' }, dense1(), { type: 'sign' }, dense2()]), 'E_SHAPE', 'layers[0]');
mcase('conv_after_flatten', cnn([{ type: 'flatten' }, dense1({ in: 9, weight: Array(3).fill(Array(9).fill(1)) }), { type: 'sign' }, conv1()]), 'E_SHAPE', 'layers[3]');
mcase('conv_without_activation', cnn([conv1(), { type: 'flatten' }, denseImg()]), 'E_STRUCTURE', 'layers[1]');
mcase('dense_in_mismatch', model([dense1(), bn(3), { type: 'sign' }, dense2({ in: 4, weight: [[1, 1, 1, 1], [1, 1, 1, 1]] })]), 'E_SHAPE', 'layers[3].in');
mcase('first_dense_in_mismatch', model([dense1({ in: 5 }), { type: 'sign' }, dense2()]), 'E_SHAPE', 'layers[0].in');
mcase('weight_row_count', model([dense1({ weight: [[0.5, -0.25, 1, 0.125], [-1, 0.5, 0.25, 2]] }), { type: 'sign' }, dense2()]), 'E_SHAPE', 'layers[0].weight');
mcase('weight_row_length', model([dense1({ weight: [[0.5, -0.25, 1, 0.125], [-1, 0.5, 0.25], [0.75, 0.5, -0.5, -2]] }), { type: 'sign' }, dense2()]), 'E_SHAPE', 'layers[0].weight[1]');
mcase('gamma_length', model([dense1(), bn(3, { gamma: [1, 1] }), { type: 'sign' }, dense2()]), 'E_SHAPE', 'layers[1].gamma');
mcase('bias_length', model([dense1({ bias: [0, 0] }), { type: 'sign' }, dense2()]), 'E_SHAPE', 'layers[0].bias');
mcase('threshold_direction_length', model([dense1(), { type: 'threshold', thresholds: [1, 2, 3], direction: ['ge', 'le'] }, dense2()]), 'E_SHAPE', 'layers[1].direction');
mcase('npy_shape_mismatch', model([dense1({ weight: wNpy }), { type: 'sign' }, dense2()]), 'E_SHAPE', 'layers[0].weight', { 'w.npy': writeNpy([4, 3], W, '<f4') });
// --- values ---
mcase('var_negative', model([dense1(), bn(3, { var: [1, 0.5, -0.1] }), { type: 'sign' }, dense2()]), 'E_VALUE', 'layers[1].var[2]');
mcase('eps_zero', model([dense1(), bn(3, { eps: 0 }), { type: 'sign' }, dense2()]), 'E_VALUE', 'layers[1].eps');
mcase('bits_weight_2', model([dense1({ weightFormat: 'bits', weight: [[0, 1, 1, 0], [1, 0, 2, 1], [1, 1, 0, 0]] }), { type: 'sign' }, dense2()]), 'E_VALUE', 'layers[0].weight[1][2]');
mcase('alpha_negative', model([dense1({ alpha: [0.5, -0.5, 1] }), { type: 'sign' }, dense2()]), 'E_VALUE', 'layers[0].alpha[1]');
mcase('threshold_not_integer', model([dense1(), { type: 'threshold', thresholds: [1, 2.5, 3], direction: ['ge', 'ge', 'le'] }, dense2()]), 'E_VALUE', 'layers[1].thresholds[1]');
mcase('number_overflow', rep(text(good()), '"beta":[0,0,0]', '"beta":[0,1e999,0]'), 'E_VALUE', 'layers[1].beta[1]');
mcase('npy_nonfinite', model([dense1(), bn(3, { gamma: { npy: 'gamma.npy' } }), { type: 'sign' }, dense2()]), 'E_VALUE', 'layers[1].gamma[1]', { 'gamma.npy': writeNpy([3], [1, NaN, 1], '<f4') });
// --- npy files ---
mcase('npy_bad_magic', model([dense1({ weight: wNpy }), { type: 'sign' }, dense2()]), 'E_NPY', 'w.npy layers[0].weight', { 'w.npy': 'PK\x03\x04 this is a zip, not an npy file' });
mcase('npy_dtype_c16', model([dense1({ weight: wNpy }), { type: 'sign' }, dense2()]), 'E_NPY', "'<c16'", { 'w.npy': npyWith("{'descr': '<c16', 'fortran_order': False, 'shape': (3, 4), }", new Uint8Array(12 * 16)) });
mcase('npy_dtype_i4', model([dense1({ weight: wNpy }), { type: 'sign' }, dense2()]), 'E_NPY', "'<i4'", { 'w.npy': writeNpy([3, 4], W.map(Math.round), '<i4') });
mcase('npy_big_endian', model([dense1({ weight: wNpy }), { type: 'sign' }, dense2()]), 'E_NPY', 'w.npy layers[0].weight', { 'w.npy': npyWith("{'descr': '>f8', 'fortran_order': False, 'shape': (3, 4), }", new Uint8Array(12 * 8)) });
mcase('npy_fortran_order', model([dense1({ weight: wNpy }), { type: 'sign' }, dense2()]), 'E_NPY', 'w.npy layers[0].weight', { 'w.npy': npyWith("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 4), }", new Uint8Array(12 * 8)) });
mcase('npy_truncated', model([dense1({ weight: wNpy }), { type: 'sign' }, dense2()]), 'E_NPY', 'w.npy layers[0].weight', { 'w.npy': writeNpy([3, 4], W, '<f8').slice(0, 128 + 40) });
mcase('npy_header_not_dict', model([dense1({ weight: wNpy }), { type: 'sign' }, dense2()]), 'E_NPY', 'w.npy layers[0].weight', { 'w.npy': npyWith("['descr', '<f8']", new Uint8Array(0)) });
mcase('npy_version_9', model([dense1({ weight: wNpy }), { type: 'sign' }, dense2()]), 'E_NPY', 'w.npy layers[0].weight', { 'w.npy': (() => { const b = writeNpy([3, 4], W); b[6] = 9; return b; })() });
mcase('npy_path_dotdot', model([dense1({ weight: { npy: '../w.npy' } }), { type: 'sign' }, dense2()]), 'E_PATH', 'layers[0].weight');
mcase('npy_path_absolute', model([dense1({ weight: { npy: '/tmp/siman-hw-corpus-w.npy' } }), { type: 'sign' }, dense2()]), 'E_PATH', 'layers[0].weight');
mcase('npy_missing_file', model([dense1({ weight: { npy: 'nowhere.npy' } }), { type: 'sign' }, dense2()]), 'E_IO', 'layers[0].weight');
// --- structure ---
mcase('ends_in_sign', model([dense1(), bn(3), { type: 'sign' }, dense2(), bn(2), { type: 'sign' }]), 'E_STRUCTURE', 'layers[5]');
mcase('ends_in_threshold', model([dense1(), { type: 'sign' }, dense2(), { type: 'threshold', thresholds: [0, 0], direction: ['ge', 'ge'] }]), 'E_STRUCTURE', 'layers[3]');
mcase('sign_first', model([{ type: 'sign' }, dense1(), { type: 'sign' }, dense2()]), 'E_STRUCTURE', 'layers[0]');
mcase('two_dense_no_activation', model([dense1(), dense2()]), 'E_STRUCTURE', 'layers[1]');
mcase('batchnorm_then_dense', model([dense1(), bn(3), dense2()]), 'E_STRUCTURE', 'layers[2]');
mcase('no_layers', model([]), 'E_STRUCTURE', 'layers');

// --- inference inputs (model: 4 inputs, uint3) ---
const bipolar = model([dense1(), { type: 'sign' }, dense2()], { input: { shape: [4], encoding: 'bipolar' } });
icase('csv_wrong_width', 'input.csv', '1,2,3,4\n1,2,3\n', 'none', 'E_INPUT', 'input.csv:2 row 1');
icase('csv_out_of_range', 'input.csv', '1,2,8,4\n', 'none', 'E_INPUT', 'input.csv:1 row 0 column 2');
icase('csv_negative_uint', 'input.csv', '0,0,0,0\r\n0,-1,0,0\r\n', 'none', 'E_INPUT', 'input.csv:2 row 1 column 1');
icase('csv_non_integer', 'input.csv', '1,2,3,4\n1.5,2,3,4\n', 'none', 'E_INPUT', 'input.csv:2 row 1 column 0');
icase('csv_header', 'input.csv', 'a,b,c,d\n1,2,3,4\n', 'none', 'E_INPUT', 'input.csv:1 row 0');
icase('csv_empty', 'input.csv', '', 'none', 'E_INPUT', 'input.csv');
icase('csv_blank_line', 'input.csv', '1,2,3,4\n\n1,2,3,4\n', 'none', 'E_INPUT', 'input.csv:2 row 1');
icase('csv_label_negative', 'input.csv', '1,2,3,4,0\n1,2,3,4,-1\n', 'last', 'E_INPUT', 'input.csv:2 row 1 column 4');
icase('csv_label_missing', 'input.csv', '1,2,3,4\n', 'last', 'E_INPUT', 'row 0');
icase('bipolar_zero', 'input.csv', '1,0,-1,1\n', 'none', 'E_INPUT', 'row 0 column 1', bipolar);
icase('npy_3d', 'input.npy', writeNpy([1, 2, 2], [1, 2, 3, 4], '|u1'), 'none', 'E_INPUT', 'input.npy');
icase('npy_1d', 'input.npy', writeNpy([4], [1, 2, 3, 4], '|u1'), 'none', 'E_INPUT', 'input.npy');
icase('npy_non_integral', 'input.npy', writeNpy([2, 4], [1, 2, 3, 4, 1, 2, 3, 0.5], '<f4'), 'none', 'E_INPUT', 'input.npy row 1 column 3');
icase('npy_out_of_range_i8', 'input.npy', writeNpy([1, 4], [1, 2, 300, 4], '<i8'), 'none', 'E_INPUT', 'input.npy row 0 column 2');
icase('npy_bad_magic', 'input.npy', 'not an npy file at all', 'none', 'E_NPY', 'input.npy');
icase('json_ragged_rows', 'input.json', '[[1, 2, 3, 4],\n [1, 2, 3]]\n', 'none', 'E_INPUT', 'input.json:2:2 row 1');
icase('json_string_value', 'input.json', '[[1, 2, "3", 4]]\n', 'none', 'E_INPUT', 'input.json:1:9 row 0 column 2');
icase('json_empty', 'input.json', '[]\n', 'none', 'E_INPUT', 'input.json');
icase('json_syntax', 'input.json', '[[1, 2, 3, 4],]\n', 'none', 'E_JSON_SYNTAX', 'input.json:1:15');

// --- write ---
for (const d of fs.readdirSync(root)) if (/^(model|input)_.*_bad$/.test(d)) fs.rmSync(path.join(root, d), { recursive: true });
for (const c of cases) {
  const dir = path.join(root, c.name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'model.json'), c.modelText);
  for (const [f, content] of Object.entries(c.files ?? {})) fs.writeFileSync(path.join(dir, f), content);
  const expected: Record<string, string> = { code: c.code, where: c.where };
  if (c.input) {
    fs.writeFileSync(path.join(dir, c.input.file), c.input.content);
    expected.input = c.input.file;
    expected.labels = c.input.labels;
  }
  fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
}
console.log(`wrote ${cases.length} cases to ${root}`);
