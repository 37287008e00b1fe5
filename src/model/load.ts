/**
 * Loading a model file: read → parse (json-source) → structure (schema)
 * → tensors (inline / npy) → semantics (validate) → IR (src/ir/model.ts).
 * Every user-facing problem is a {@link UserError}; problems of one phase
 * are all reported together (up to 20).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError, diag } from '../diagnostics.js';
import type { Conv2dLayer, DenseLayer, Layer, Model, Shortcut, ThresholdChannel, WeightTensor } from '../ir/model.js';
import { formatJsonPath, parseJsonSource, type JsonSource, type PathSegments } from './json-source.js';
import { checkSchema, pairOf, type RawLayer, type RawModel, type TensorJson } from './schema.js';
import { DiagnosticSink } from './sink.js';
import { resolveTensor, type Tensor } from './tensors.js';
import { validateModel, type TensorTable } from './validate.js';
import { importOnnx } from './onnx-import.js';

/** Options of {@link loadModel} / {@link parseModelText}. */
export interface LoadOptions {
  /** Allow npy paths that are absolute or lead out of the model's folder (default false). */
  allowOutsidePaths?: boolean;
  /** Integer width of the input of an imported `.onnx` graph (see {@link importOnnx}). */
  inputBits?: number;
}

/**
 * Read and check the model file at `file` (docs/model-format.md).
 * @throws UserError with `E_IO` when the file cannot be read, or the
 *   diagnostics of {@link parseModelText}.
 */
export function loadModel(file: string, opts: LoadOptions = {}): Model {
  if (isOnnxPath(file)) return parseModelText(JSON.stringify(loadOnnxAsJson(file, opts), null, 1), `${file} (imported)`, path.dirname(path.resolve(file)), opts);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const msg = code === 'ENOENT' ? `model file not found: ${file}` : code === 'EISDIR' ? `${file} is a folder, not a model file` : `cannot read model file ${file}: ${(e as Error).message}`;
    throw new UserError(diag('E_IO', msg, { file }, { hint: 'give the path of a siman-hw model .json file (see docs/model-format.md)' }));
  }
  return parseModelText(text, file, path.dirname(path.resolve(file)), opts);
}

/** Whether `file` is read as ONNX (by its extension). */
export function isOnnxPath(file: string): boolean {
  return file.toLowerCase().endsWith('.onnx');
}

/**
 * Read the ONNX file `file` and translate it into a model JSON object
 * (docs/onnx-import.md); nothing is validated beyond the graph itself.
 * @throws UserError E_IO, or those of {@link importOnnx}.
 */
export function loadOnnxAsJson(file: string, opts: LoadOptions = {}): Record<string, unknown> {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const msg = code === 'ENOENT' ? `model file not found: ${file}` : code === 'EISDIR' ? `${file} is a folder, not a model file` : `cannot read model file ${file}: ${(e as Error).message}`;
    throw new UserError(diag('E_IO', msg, { file }));
  }
  return importOnnx(bytes, file, opts.inputBits === undefined ? {} : { inputBits: opts.inputBits });
}

/**
 * Check model JSON `text` and build the IR. `fileLabel` names the file in
 * diagnostics; `baseDir` is where npy paths are resolved.
 * @throws UserError (E_JSON_SYNTAX, E_SCHEMA, E_IO, E_PATH, E_NPY, E_SHAPE,
 *   E_VALUE, E_STRUCTURE, E_UNSUPPORTED).
 */
export function parseModelText(text: string, fileLabel: string, baseDir: string, opts: LoadOptions = {}): Model {
  const src = parseJsonSource(text, fileLabel);
  const sink = new DiagnosticSink();
  const raw = checkSchema(src, sink);
  sink.throwIfAny();
  const tensors = readTensors(raw!, src, baseDir, opts, sink);
  validateModel(raw!, tensors, src, sink);
  sink.throwIfAny();
  return buildModel(raw!, tensors);
}

/** Every tensor field of the model with its rank. */
function tensorFields(layer: RawLayer): Array<[string, TensorJson, 1 | 2 | 4]> {
  switch (layer.type) {
    case 'conv2d': {
      const f: Array<[string, TensorJson, 1 | 2 | 4]> = [['weight', layer.weight, 4]];
      if (layer.bias !== null) f.push(['bias', layer.bias, 1]);
      if (layer.alpha !== null && layer.alpha !== 'auto') f.push(['alpha', layer.alpha, 1]);
      return f;
    }
    case 'maxpool2d':
    case 'flatten':
      return [];
    case 'dense': {
      const f: Array<[string, TensorJson, 1 | 2 | 4]> = [['weight', layer.weight, 2]];
      if (layer.bias !== null) f.push(['bias', layer.bias, 1]);
      if (layer.alpha !== null && layer.alpha !== 'auto') f.push(['alpha', layer.alpha, 1]);
      return f;
    }
    case 'batchnorm':
      return [['gamma', layer.gamma, 1], ['beta', layer.beta, 1], ['mean', layer.mean, 1], ['var', layer.var, 1]];
    case 'threshold':
      return [['thresholds', layer.thresholds, 1]];
    case 'sign':
    case 'residual': // its body's tensors are read layer by layer (readLayerTensors)
      return [];
  }
}

function readTensors(raw: RawModel, src: JsonSource, baseDir: string, opts: LoadOptions, sink: DiagnosticSink): TensorTable {
  const table: TensorTable = new Map();
  const ctx = { src, baseDir, allowOutsidePaths: opts.allowOutsidePaths === true, sink };
  const readLayers = (layers: RawLayer[], base: PathSegments): void => {
    layers.forEach((layer, i) => {
      if (layer.type === 'residual') readLayers(layer.layers, [...base, i, 'layers']);
      for (const [field, v, rank] of tensorFields(layer)) {
        if (sink.full) return;
        const p: PathSegments = [...base, i, field];
        const t = resolveTensor(v, rank, p, ctx);
        if (t) table.set(formatJsonPath(p), t);
      }
    });
  };
  readLayers(raw.layers, ['layers']);
  return table;
}

function buildModel(raw: RawModel, tensors: TensorTable): Model {
  const input: Model['input'] =
    raw.input.encoding === 'uint'
      ? { shape: raw.input.shape, encoding: { kind: 'uint', bits: raw.input.bits } }
      : { shape: raw.input.shape, encoding: { kind: 'bipolar' } };
  const model: Model = { format: raw.format, name: raw.name, input, layers: buildLayers(raw.layers, ['layers'], tensors) };
  if (raw.provenance !== undefined) model.provenance = raw.provenance;
  return model;
}

function buildLayers(rawLayers: RawLayer[], base: PathSegments, tensors: TensorTable): Layer[] {
  const get = (i: number, f: string): Tensor => tensors.get(formatJsonPath([...base, i, f]))!;
  return rawLayers.map((l, i): Layer => {
    const named = l.name !== undefined ? { name: l.name } : {};
    switch (l.type) {
      case 'dense': {
        const w = get(i, 'weight').data;
        const weight: WeightTensor = l.weightFormat === 'bits' ? { format: 'bits', data: Uint8Array.from(w) } : { format: 'float', data: w };
        const d: DenseLayer = {
          type: 'dense',
          ...named,
          in: l.in,
          out: l.out,
          weight,
          binarize: l.binarize,
          semantics: l.semantics,
          bias: l.bias === null ? null : get(i, 'bias').data,
          alpha: l.alpha === null || l.alpha === 'auto' ? l.alpha : get(i, 'alpha').data,
        };
        return d;
      }
      case 'conv2d': {
        const w = get(i, 'weight').data;
        const weight: WeightTensor = l.weightFormat === 'bits' ? { format: 'bits', data: Uint8Array.from(w) } : { format: 'float', data: w };
        const c: Conv2dLayer = {
          type: 'conv2d',
          ...named,
          inChannels: l.inChannels,
          outChannels: l.outChannels,
          kernel: pairOf(l.kernel),
          stride: pairOf(l.stride),
          padding: pairOf(l.padding),
          padValue: l.padValue,
          weight,
          binarize: l.binarize,
          semantics: l.semantics,
          bias: l.bias === null ? null : get(i, 'bias').data,
          alpha: l.alpha === null || l.alpha === 'auto' ? l.alpha : get(i, 'alpha').data,
        };
        return c;
      }
      case 'maxpool2d':
        return { type: 'maxpool2d', ...named, kernel: pairOf(l.kernel), stride: pairOf(l.stride ?? l.kernel) };
      case 'flatten':
        return { type: 'flatten', ...named };
      case 'batchnorm':
        return { type: 'batchnorm', ...named, gamma: get(i, 'gamma').data, beta: get(i, 'beta').data, mean: get(i, 'mean').data, var: get(i, 'var').data, eps: l.eps };
      case 'sign':
        return { type: 'sign', ...named };
      case 'threshold': {
        const t = get(i, 'thresholds').data;
        const channels = Array.from(t, (x, c): ThresholdChannel => {
          const k = l.constant?.[c];
          if (k === 1 || k === -1) return { kind: 'const', value: k };
          return { kind: l.direction[c]!, t: x };
        });
        return { type: 'threshold', ...named, channels };
      }
      case 'residual': {
        const sc = l.shortcut;
        const shortcut: Shortcut = sc === 'identity' ? { kind: 'identity' } : { kind: 'subsample', stride: pairOf(sc.stride), padChannels: pairOf(sc.padChannels) };
        return { type: 'residual', ...named, shortcut, fracBits: l.fracBits, layers: buildLayers(l.layers, [...base, i, 'layers'], tensors) };
      }
    }
  });
}
