/**
 * ONNX import (docs/onnx-import.md): a graph of the ops `torch.onnx.export`
 * emits for a binarized MLP becomes a siman-hw model JSON object, which
 * then goes through the ordinary loader (schema, validation, IR). Decoding
 * uses the official onnx.proto as compiled by `onnx-proto`.
 */
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { UserError, diag, type Diagnostic } from '../diagnostics.js';

// onnx-proto is CommonJS: Node's ESM loader exposes only its default export.
const pb = onnxProto.onnx;

/** How the graph's float input is read as integers. */
export type OnnxInputSpec = { encoding: 'uint'; bits: number } | { encoding: 'bipolar' };

export interface OnnxImportOptions {
  /** Integer width of the input; without it the graph must begin with Sign (bipolar input). */
  inputBits?: number;
}

type Node = onnx.INodeProto;

interface Value {
  dims: number[];
  data: Float64Array;
}

const IMPORT_HINT = 'see docs/onnx-import.md for the ops siman-hw imports';

/** Where a node is, for diagnostics: "node 3 'fc1' (Gemm)". */
function nodeLabel(node: Node, index: number): string {
  return `node ${index} '${node.name ?? ''}' (${node.opType ?? '?'})`;
}

/**
 * Decode ONNX `bytes` (the contents of `file`) and translate the graph into
 * a siman-hw model object (docs/model-format.md).
 * @throws UserError E_FORMAT (not an ONNX model), E_UNSUPPORTED (an op or
 *   attribute outside the supported set, naming the node), E_USAGE (no
 *   input width for a uint-input graph).
 */
export function importOnnx(bytes: Uint8Array, file: string, opts: OnnxImportOptions = {}): Record<string, unknown> {
  let model: onnx.ModelProto;
  try {
    model = pb.ModelProto.decode(bytes);
  } catch (e) {
    throw new UserError(diag('E_FORMAT', `${file} is not an ONNX model (truncated or not protobuf): ${(e as Error).message}`, { file }));
  }
  const graph = model.graph;
  if (!graph || !graph.node || graph.node.length === 0 || Number(model.irVersion ?? 0) === 0) {
    throw new UserError(diag('E_FORMAT', `${file} is not an ONNX model: no ir_version or no graph nodes`, { file }));
  }
  const consts = new Map<string, Value>();
  for (const t of graph.initializer ?? []) consts.set(t.name ?? '', tensorValue(t, file, `initializer '${t.name ?? ''}'`));
  const initNames = new Set(consts.keys());
  const realInputs = (graph.input ?? []).filter((i) => !initNames.has(i.name ?? ''));
  if (realInputs.length !== 1) {
    throw new UserError(diag('E_UNSUPPORTED', `${file}: the graph has ${realInputs.length} non-constant inputs; siman-hw imports graphs with exactly one`, { file }, { hint: IMPORT_HINT }));
  }
  const inputDims = (realInputs[0]!.type?.tensorType?.shape?.dim ?? []).map((d) => Number(d.dimValue ?? 0));
  const featureDims = inputDims.slice(1);
  if ((featureDims.length !== 1 && featureDims.length !== 3) || featureDims.some((d) => !(d >= 1))) {
    throw new UserError(diag('E_UNSUPPORTED', `${file}: input '${realInputs[0]!.name ?? ''}' has shape [${inputDims.join(', ')}]; this importer takes [batch, features] or [batch, channels, height, width] with fixed sizes`, { file }, { hint: IMPORT_HINT }));
  }
  // The activation shape after each node: [n] or [c, h, w]; `width` is n or c·h·w.
  let shape = featureDims.slice();
  let width = shape.reduce((a, b) => a * b, 1);
  const flatten = (): void => {
    if (shape.length === 3) layers.push({ type: 'flatten' });
    shape = [width];
  };
  const layers: Record<string, unknown>[] = [];
  const errors: Diagnostic[] = [];
  // The value flowing along the chain; every other node input must be a constant.
  let current = realInputs[0]!.name ?? '';
  let input: OnnxInputSpec | null = null;
  const nodes = graph.node;
  // Constant scaling of the raw input (pixel/255, mean subtraction): x' = scale·x + shift, folded into the first layer.
  let scale = 1;
  let shift = 0;
  let first = true;
  // The activation feeding the next layer is act.mul·a + act.add with a = ±1 (a BipolarQuant scale, or a
  // two-level Quant / MultiThreshold output): the next layer folds mul into alpha and add·Σw into its bias.
  let act = { mul: 1, add: 0 };
  // Scales of quantized weight constants (BipolarQuant: per output row or scalar).
  const weightScale = new Map<string, Float64Array>();
  // Weight constants produced by a QONNX Quant: normalised per output channel where they take two levels.
  const quantized = new Set<string>();
  const alphasOf = (node: Node, i: number, outN: number, gemmAlpha: number, rowsAreOutputs: boolean, rowScale: number[] | null): number[] => {
    const ws = weightScale.get(node.input?.[1] ?? '');
    if (ws && ws.length !== 1 && (!rowsAreOutputs || ws.length !== outN)) {
      throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: a weight scale of ${ws.length} entries; only a scalar or one per output channel folds into alpha`, { file }, { hint: IMPORT_HINT }));
    }
    return Array.from({ length: outN }, (_, o) => gemmAlpha * act.mul * (ws ? ws[ws.length === 1 ? 0 : o]! : 1) * (rowScale ? rowScale[o]! : 1));
  };
  /**
   * The bias that absorbs act.add: bias_o + (alpha_o / mul)·add·Σ_k w_ok, with alphas from alphasOf (which
   * already carry mul) and the weights as the layer's float form uses them.
   */
  const actBias = (node: Node, i: number, wf: { weightFormat: string; semantics: string }, values: number[], outN: number, alphas: number[], bias: number[] | null): number[] | null => {
    const { add, mul } = act;
    act = { mul: 1, add: 0 };
    if (add === 0) return bias;
    if (wf.weightFormat !== 'bits') {
      throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: a two-level activation that is not ±1 (offset ${add}) folds only into a layer with 0/1 or ±1 weights (latent floats are binarized later)`, { file }, { hint: IMPORT_HINT }));
    }
    const sums = weightRowSums(values, outN, wf.semantics);
    return sums.map((sum, o) => (bias ? bias[o]! : 0) + (alphas[o]! / mul) * add * sum);
  };
  /** Weight values of a Quant constant divided by each output channel's largest |value|, when every channel then holds 0/1 or ±1 only. */
  const rowsOf = (node: Node, flat: number[], outN: number): { flat: number[]; rowScale: number[] | null } => {
    if (!quantized.has(node.input?.[1] ?? '')) return { flat, rowScale: null };
    const fan = flat.length / outN;
    const rowScale: number[] = [];
    const out: number[] = [];
    for (let o = 0; o < outN; o++) {
      const row = flat.slice(o * fan, (o + 1) * fan);
      const c = Math.max(...row.map(Math.abs));
      rowScale.push(c > 0 ? c : 1);
      out.push(...row.map((v) => (c > 0 ? v / c : 0)));
    }
    // Multi-level weights stay latent floats (values as quantized) for the layer's binarize rule.
    return weightFields(out).weightFormat === 'bits' ? { flat: out, rowScale } : { flat, rowScale: null };
  };
  /**
   * A two-level activation out = lo + d·[x ≥ τ_c] (or [x > τ_c]): subtract τ from the pre-activation (the
   * bias of the BatchNorm or layer before, across max-pools), take the sign, and leave lo/d to the next layer.
   */
  const twoLevel = (node: Node, i: number, tau: number[], lo: number, d: number): void => {
    const fail = (why: string): never => {
      throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: ${why}`, { file }, { hint: IMPORT_HINT }));
    };
    if (first) fail('a threshold on the raw input is not imported (quantize the input to integers, or begin with Sign / BipolarQuant)');
    if (!(d > 0)) fail(`the activation levels ${lo} and ${lo + d} must increase with the input`);
    const channels = shape[0]!;
    if (tau.length !== 1 && tau.length !== channels) fail(`${tau.length} thresholds for ${channels} channels; expected one per channel or one for all`);
    const t = (c: number): number => tau[tau.length === 1 ? 0 : c]!;
    if (tau.some((v) => v !== 0)) {
      let k = layers.length - 1;
      while (k >= 0 && layers[k]!.type === 'maxpool2d') k--;
      const prev = layers[k];
      if (prev?.type === 'batchnorm') {
        prev.beta = (prev.beta as number[]).map((b, c) => b - t(c));
      } else if (prev?.type === 'dense' || prev?.type === 'conv2d') {
        const n = (prev.type === 'dense' ? prev.out : prev.outChannels) as number;
        const b = (prev.bias as number[] | null) ?? new Array<number>(n).fill(0);
        prev.bias = b.map((v, c) => v - t(c));
      } else {
        fail('a nonzero threshold must follow a layer or a BatchNormalization it can shift');
      }
    }
    layers.push({ type: 'sign', name: node.name || `sign${i}` });
    act = { mul: d / 2, add: lo + d / 2 };
  };
  const scaled = (): boolean => scale !== 1 || shift !== 0;
  /** alpha·scale per output and bias + shift·Σw, exactly what the first layer computes on x'. */
  const foldInput = (node: Node, i: number, wf: { weightFormat: string; semantics: string }, values: number[], outN: number, alphas: number[], bias: number[] | null, padded: boolean): { alpha: number[] | null; bias: number[] | null } => {
    if (!first) return { alpha: alphas.every((a) => a === 1) ? null : alphas, bias };
    if (!scaled()) return { alpha: alphas.every((a) => a === 1) ? null : alphas, bias };
    const why = !(scale > 0) ? `the input is scaled by ${scale}; only a positive scale folds into the layer's alpha`
      : shift !== 0 && wf.weightFormat !== 'bits' ? 'an input offset folds only into a layer with 0/1 or ±1 weights (latent floats are binarized later)'
      : shift !== 0 && padded ? 'an input offset with padding would make the padded taps nonzero'
      : null;
    if (why !== null) throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: ${why}`, { file }, { hint: IMPORT_HINT }));
    const b = weightRowSums(values, outN, wf.semantics).map((sum, o) => (bias ? bias[o]! : 0) + alphas[o]! * shift * sum);
    return { alpha: alphas.map((a) => a * scale), bias: shift === 0 ? bias : b };
  };
  /** The attributes and constant inputs of a QONNX Quant (scale, zeropt, bitwidth; signed, narrow, rounding_mode). */
  const quantSpec = (node: Node, index: number): QuantSpec => {
    const bw = constOf(node, index, 3).data;
    const bits = bw[0]!;
    const signed = attrInt(node, 'signed', 1) !== 0;
    const narrow = attrInt(node, 'narrow', 0) !== 0;
    const mode = attrString(node, 'rounding_mode', 'ROUND').toUpperCase();
    const zp = constOf(node, index, 2).data;
    const why = bw.length !== 1 || !Number.isInteger(bits) || bits < 1 ? `bitwidth [${Array.from(bw).join(', ')}]; expected one positive integer`
      : !(mode in QUANT_ROUNDING) ? `rounding_mode ${mode}; expected one of ${Object.keys(QUANT_ROUNDING).join(', ')}`
      : null;
    if (why !== null) throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, index)}: ${why}`, { file }, { hint: IMPORT_HINT }));
    const min = signed ? -(2 ** (bits - 1)) + (narrow ? 1 : 0) : 0;
    const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1 - (narrow ? 1 : 0);
    return { bits, signed, narrow, min, max, scale: Array.from(constOf(node, index, 1).data), zeropt: zp[0]!, zeroptLen: zp.length, round: QUANT_ROUNDING[mode]!, step: upperStep(mode, min) };
  };
  const constOf = (node: Node, index: number, k: number): Value => {
    const name = node.input?.[k] ?? '';
    const v = consts.get(name);
    if (!v) throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, index)}: input ${k} '${name}' is not a constant initializer`, { file }, { hint: IMPORT_HINT }));
    return v;
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const op = node.opType ?? '';
    if (op === 'BipolarQuant' && consts.has(node.input?.[0] ?? '')) {
      // A quantized weight: sign (0 -> +1, qonnx) times a positive scale that becomes the layer's alpha.
      const w = consts.get(node.input![0]!)!;
      const sc = constOf(node, i, 1);
      if (Array.from(sc.data).some((v) => !(v > 0))) {
        throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: a weight scale that is not positive`, { file }, { hint: IMPORT_HINT }));
      }
      consts.set(node.output?.[0] ?? '', { dims: w.dims, data: w.data.map((v) => (v >= 0 ? 1 : -1)) });
      weightScale.set(node.output?.[0] ?? '', sc.data);
      continue;
    }
    if (op === 'Quant' && consts.has(node.input?.[0] ?? '')) {
      // A quantized weight, computed exactly as qonnx defines Quant; two-level rows become bits in the layer.
      const w = consts.get(node.input![0]!)!;
      const q = quantSpec(node, i);
      const at = (v: Value, k: number): number => v.data[v.data.length === 1 ? 0 : Math.floor(k / (w.data.length / v.data.length))]!;
      const sc = constOf(node, i, 1);
      const zp = constOf(node, i, 2);
      for (const v of [sc, zp]) {
        if (v.data.length !== 1 && v.data.length !== w.dims[0]) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: a scale or zero-point of ${v.data.length} entries; only a scalar or one per row (axis 0) is imported`, { file }, { hint: IMPORT_HINT }));
        }
      }
      if (Array.from(sc.data).some((v) => !(v > 0))) {
        throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: a weight scale that is not positive`, { file }, { hint: IMPORT_HINT }));
      }
      const data = w.data.map((v, k) => {
        const s0 = at(sc, k);
        const z = at(zp, k);
        return (q.round(Math.min(q.max, Math.max(q.min, v / s0 + z))) - z) * s0;
      });
      consts.set(node.output?.[0] ?? '', { dims: w.dims, data });
      quantized.add(node.output?.[0] ?? '');
      continue;
    }
    if (op === 'Constant') {
      const t = attr(node, 'value')?.t;
      if (!t) throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: only tensor-valued Constant nodes are imported`, { file }, { hint: IMPORT_HINT }));
      consts.set(node.output?.[0] ?? '', tensorValue(t, file, nodeLabel(node, i)));
      continue;
    }
    if (node.input?.[0] !== current) {
      throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)} does not consume the previous layer's output '${current}'; only a single chain of layers is imported`, { file }, { hint: IMPORT_HINT }));
    }
    first = layers.length === 0 && input === null;
    switch (op) {
      case 'Identity':
        break;
      case 'Flatten':
        if (attrInt(node, 'axis', 1) !== 1) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: Flatten with axis ${attrInt(node, 'axis', 1)}; only axis 1 (keep the batch) is imported`, { file }, { hint: IMPORT_HINT }));
        }
        flatten();
        break;
      case 'Conv': {
        if (shape.length !== 3) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: Conv on a flat input`, { file }, { hint: IMPORT_HINT }));
        }
        const w = constOf(node, i, 1);
        const [outC, inC, kh, kw] = w.dims as [number, number, number, number];
        const group = attrInt(node, 'group', 1);
        const dil = attrInts(node, 'dilations', [1, 1]);
        const pads = attrInts(node, 'pads', [0, 0, 0, 0]);
        const strides = attrInts(node, 'strides', [1, 1]);
        const autoPad = attrString(node, 'auto_pad', 'NOTSET');
        const why =
          w.dims.length !== 4 ? `weight of rank ${w.dims.length}; expected [out, in, kh, kw]`
          : group !== 1 ? `group=${group}; grouped convolutions are not imported`
          : dil.some((d) => d !== 1) ? `dilations [${dil.join(', ')}]; dilated convolutions are not imported`
          : autoPad !== 'NOTSET' ? `auto_pad ${autoPad}; give explicit pads`
          : pads.length !== 4 || pads[0] !== pads[2] || pads[1] !== pads[3] ? `pads [${pads.join(', ')}]; only the same padding on both sides is imported`
          : inC !== shape[0] ? `weight has ${inC} input channels, the incoming image ${shape[0]}`
          : null;
        if (why !== null) throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: ${why}`, { file }, { hint: IMPORT_HINT }));
        if (first && input === null) input = inputFromWidth(opts, file);
        // ONNX pads with 0: on ±1 activations that is zero padding, exact with thresholds per border class (docs/numerics.md §9).
        const bias = node.input?.[2] ? broadcastBias(constOf(node, i, 2), outC, 1, file, nodeLabel(node, i)) : null;
        const { flat, rowScale } = rowsOf(node, Array.from(w.data), outC);
        const { values, ...wf } = weightFields(flat);
        const alphas = alphasOf(node, i, outC, 1, true, rowScale);
        const folded = foldInput(node, i, wf, values, outC, alphas, actBias(node, i, wf, values, outC, alphas, bias), pads[0]! > 0 || pads[1]! > 0);
        layers.push({ type: 'conv2d', name: node.name || `conv${i}`, inChannels: inC, outChannels: outC, kernel: [kh, kw], stride: strides, padding: [pads[0], pads[1]], padValue: 0, ...wf, weight: nest4(values, outC, inC, kh, kw), ...folded });
        shape = [outC, Math.floor((shape[1]! + 2 * pads[0]! - kh) / strides[0]!) + 1, Math.floor((shape[2]! + 2 * pads[1]! - kw) / strides[1]!) + 1];
        width = shape.reduce((a, b) => a * b, 1);
        break;
      }
      case 'MaxPool': {
        const k = attrInts(node, 'kernel_shape', []);
        const st = attrInts(node, 'strides', k);
        const pads = attrInts(node, 'pads', [0, 0, 0, 0]);
        const why =
          shape.length !== 3 ? 'MaxPool on a flat input'
          : k.length !== 2 ? `kernel_shape [${k.join(', ')}]; expected two sizes`
          : pads.some((p) => p !== 0) ? `pads [${pads.join(', ')}]; padded pooling is not imported`
          : attrInt(node, 'ceil_mode', 0) !== 0 ? 'ceil_mode=1; only floor mode is imported'
          : attrInts(node, 'dilations', [1, 1]).some((d) => d !== 1) ? 'dilated pooling is not imported'
          : (node.output?.length ?? 1) > 1 ? 'the Indices output is not imported'
          : null;
        if (why !== null) throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: ${why}`, { file }, { hint: IMPORT_HINT }));
        layers.push({ type: 'maxpool2d', name: node.name || `pool${i}`, kernel: k, stride: st });
        shape = [shape[0]!, Math.floor((shape[1]! - k[0]!) / st[0]!) + 1, Math.floor((shape[2]! - k[1]!) / st[1]!) + 1];
        width = shape.reduce((a, b) => a * b, 1);
        break;
      }
      case 'Reshape': {
        const shape = constOf(node, i, 1);
        const d = Array.from(shape.data);
        if (!(d.length === 2 && (d[1] === -1 || d[1] === width))) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: reshape to [${d.join(', ')}]; only flattening to [batch, ${width}] is imported`, { file }, { hint: IMPORT_HINT }));
        }
        flatten();
        break;
      }
      case 'Div':
      case 'Mul':
      case 'Sub':
      case 'Add': {
        const c = constOf(node, i, 1);
        const why = !first ? `${op} is imported only on the raw input (a constant scaling folded into the first layer)`
          : c.data.length !== 1 ? `${op} by a tensor of ${c.data.length} entries; only a scalar is folded`
          : op === 'Div' && c.data[0] === 0 ? 'division by 0'
          : null;
        if (why !== null) throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: ${why}`, { file }, { hint: IMPORT_HINT }));
        const v = c.data[0]!;
        if (op === 'Div') [scale, shift] = [scale / v, shift / v];
        else if (op === 'Mul') [scale, shift] = [scale * v, shift * v];
        else shift = op === 'Sub' ? shift - v : shift + v;
        break;
      }
      case 'BipolarQuant': {
        // qonnx: y = scale·(x >= 0 ? +1 : -1), the same sign as ours at 0; the scale folds into the next layer.
        const sc = constOf(node, i, 1);
        if (sc.data.length !== 1 || !(sc.data[0]! > 0)) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: an activation scale must be one positive number`, { file }, { hint: IMPORT_HINT }));
        }
        if (first && scaled() && !(scale > 0 && shift === 0)) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: BipolarQuant of a shifted or negatively scaled input is not a ±1 input`, { file }, { hint: IMPORT_HINT }));
        }
        if (first) input = { encoding: 'bipolar' };
        else layers.push({ type: 'sign', name: node.name || `sign${i}` });
        act = { mul: sc.data[0]!, add: 0 };
        break;
      }
      case 'MultiThreshold': {
        // qonnx: y = out_scale · #{k : x ≥ T[c][k]} + out_bias; one threshold per channel is a two-level activation.
        const T = constOf(node, i, 1);
        const layout = attrString(node, 'data_layout', 'NCHW');
        const nT = T.dims.length === 2 ? T.dims[1]! : -1;
        const why = nT !== 1 ? `thresholds of shape [${T.dims.join(', ')}]; only one threshold per channel ([C, 1] or [1, 1], a 1-bit activation) is imported`
          : layout !== 'NCHW' && !(layout === 'NC' || shape.length === 1) ? `data_layout ${layout}; only NCHW is imported`
          : null;
        if (why !== null) throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: ${why}`, { file }, { hint: IMPORT_HINT }));
        const sc = attrFloat(node, 'out_scale', 1);
        const b = attrFloat(node, 'out_bias', 0);
        twoLevel(node, i, Array.from(T.data), b, sc);
        break;
      }
      case 'Quant': {
        const q = quantSpec(node, i);
        if (first) {
          // The graph quantizes its raw input: the model's input is the integer code (x / scale, as Quant rounds it).
          if (q.signed || q.zeropt !== 0 || q.scale.length !== 1 || !(q.scale[0]! > 0) || q.bits > 16) {
            throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: an input Quant is imported when it is unsigned, zero-point 0, one positive scale and at most 16 bits`, { file }, { hint: IMPORT_HINT }));
          }
          // Scaling before the Quant is inside the codes; the Quant's scale multiplies the first layer's alpha.
          input = { encoding: 'uint', bits: q.bits };
          [scale, shift] = [1, 0];
          act = { mul: q.scale[0]!, add: 0 };
          break;
        }
        if (q.max - q.min !== 1 || q.scale.length !== 1 || !(q.scale[0]! > 0) || q.zeroptLen !== 1) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: a ${q.bits}-bit ${q.signed ? 'signed' : 'unsigned'} activation Quant${q.narrow ? ' (narrow)' : ''} has ${q.max - q.min + 1} levels; only a two-level Quant with one positive scale is a binary activation`, { file }, { hint: IMPORT_HINT }));
        }
        // u = x/s + z is clamped to [min, min+1] and rounded: the upper level when u passes min + step.
        const s0 = q.scale[0]!;
        const tau = s0 * (q.min + q.step - q.zeropt);
        twoLevel(node, i, [tau], s0 * (q.min - q.zeropt), s0);
        break;
      }
      case 'Sign':
        if (first && scaled() && !(scale > 0 && shift === 0)) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: Sign of a shifted or negatively scaled input is not a ±1 input`, { file }, { hint: IMPORT_HINT }));
        }
        if (first) input = { encoding: 'bipolar' };
        else layers.push({ type: 'sign', name: node.name || `sign${i}` });
        break;
      case 'Gemm':
      case 'MatMul': {
        const alpha = op === 'Gemm' ? attrFloat(node, 'alpha', 1) : 1;
        const beta = op === 'Gemm' ? attrFloat(node, 'beta', 1) : 1;
        if (op === 'Gemm' && attrInt(node, 'transA', 0) !== 0) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: transA=1 (a transposed activation) is not imported`, { file }, { hint: IMPORT_HINT }));
        }
        if (!(alpha > 0)) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: alpha=${alpha}; only a positive scale folds into the layer's alpha`, { file }, { hint: IMPORT_HINT }));
        }
        const w = constOf(node, i, 1);
        if (shape.length !== 1) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: ${op} on an image [${shape.join(', ')}]; flatten it first`, { file }, { hint: IMPORT_HINT }));
        }
        if (w.dims.length !== 2) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: weight of rank ${w.dims.length}; expected a matrix`, { file }, { hint: IMPORT_HINT }));
        }
        // PyTorch's Linear exports transB=1 ([out, in], our layout); MatMul and transB=0 hold [in, out].
        const transB = op === 'Gemm' && attrInt(node, 'transB', 0) === 1;
        const [rows, cols] = w.dims as [number, number];
        const inN = transB ? cols : rows;
        const outN = transB ? rows : cols;
        if (inN !== width) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: weight fan-in ${inN} does not match the incoming width ${width}`, { file }, { hint: IMPORT_HINT }));
        }
        const raw: number[] = [];
        for (let o = 0; o < outN; o++) for (let k = 0; k < inN; k++) raw.push(w.data[transB ? o * cols + k : k * cols + o]!);
        const { flat, rowScale } = rowsOf(node, raw, outN);
        const { values, ...wf } = weightFields(flat);
        const weight: number[][] = [];
        for (let o = 0; o < outN; o++) weight.push(values.slice(o * inN, (o + 1) * inN));
        let bias: number[] | null = null;
        const cName = op === 'Gemm' ? node.input?.[2] : undefined;
        if (cName) bias = broadcastBias(constOf(node, i, 2), outN, beta, file, nodeLabel(node, i));
        // MatMul + Add(constant): the Add is the bias.
        const next = nodes[i + 1];
        if (op === 'MatMul' && next && next.opType === 'Add' && next.input?.[0] === node.output?.[0]) {
          bias = broadcastBias(constOf(next, i + 1, 1), outN, 1, file, nodeLabel(next, i + 1));
          node.output = next.output;
          i++;
        }
        if (first && input === null) input = inputFromWidth(opts, file);
        const alphas = alphasOf(node, i, outN, alpha, transB, rowScale);
        const folded = foldInput(node, i, wf, values, outN, alphas, actBias(node, i, wf, values, outN, alphas, bias), false);
        layers.push({ type: 'dense', name: node.name || `dense${i}`, in: inN, out: outN, ...wf, weight, ...folded });
        width = outN;
        shape = [outN];
        break;
      }
      case 'BatchNormalization': {
        if (first) {
          throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: BatchNormalization on the raw input is not imported`, { file }, { hint: IMPORT_HINT }));
        }
        const vec = (k: number): number[] => {
          const v = constOf(node, i, k);
          if (v.data.length !== shape[0]) {
            throw new UserError(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: input ${k} has ${v.data.length} entries, expected ${shape[0]} (one per channel)`, { file }, { hint: IMPORT_HINT }));
          }
          return Array.from(v.data);
        };
        layers.push({ type: 'batchnorm', name: node.name || `bn${i}`, gamma: vec(1), beta: vec(2), mean: vec(3), var: vec(4), eps: attrFloat(node, 'epsilon', 1e-5) });
        break;
      }
      default:
        errors.push(diag('E_UNSUPPORTED', `${file}: ${nodeLabel(node, i)}: op ${op} is not imported`, { file }, { hint: IMPORT_HINT }));
    }
    if (errors.length > 0) throw new UserError(errors);
    current = node.output?.[0] ?? '';
  }
  return {
    format: 'siman-hw.model/v1',
    name: graph.name || 'onnx-model',
    input: { shape: featureDims, ...(input ?? inputFromWidth(opts, file)) },
    layers,
    provenance: { importedFrom: 'onnx', producer: `${model.producerName ?? ''} ${model.producerVersion ?? ''}`.trim() },
  };
}

interface QuantSpec {
  bits: number;
  signed: boolean;
  narrow: boolean;
  /** Integer range after clamping. */
  min: number;
  max: number;
  scale: number[];
  /** The first zero-point; `zeroptLen` says how many there are. */
  zeropt: number;
  zeroptLen: number;
  round: (u: number) => number;
  /** Of a two-level quantizer: the clamped u reaches the upper level at u = min + step (ties: see docs/onnx-import.md). */
  step: number;
}

const halfEven = (u: number): number => {
  const f = Math.floor(u);
  const d = u - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
};

/** qonnx's rounding modes (UP / DOWN: away from / towards zero; HALF_UP / HALF_DOWN: ties away from / towards zero). */
export const QUANT_ROUNDING: Record<string, (u: number) => number> = {
  ROUND: halfEven,
  HALF_EVEN: halfEven,
  CEIL: Math.ceil,
  FLOOR: Math.floor,
  UP: (u) => Math.sign(u) * Math.ceil(Math.abs(u)),
  DOWN: (u) => Math.sign(u) * Math.floor(Math.abs(u)),
  HALF_UP: (u) => Math.sign(u) * Math.floor(Math.abs(u) + 0.5),
  HALF_DOWN: (u) => Math.sign(u) * Math.ceil(Math.abs(u) - 0.5),
};

/** Where rounding of u in [min, min + 1] switches to min + 1: 0 (ceil-like), 1 (floor-like) or 0.5. */
export function upperStep(mode: string, min: number): number {
  if (mode === 'CEIL') return 0;
  if (mode === 'FLOOR') return 1;
  if (mode === 'UP') return min >= 0 ? 0 : 1;
  if (mode === 'DOWN') return min >= 0 ? 1 : 0;
  return 0.5;
}

function inputFromWidth(opts: OnnxImportOptions, file: string): OnnxInputSpec {
  if (opts.inputBits === undefined) {
    throw new UserError(diag('E_USAGE', `${file}: ONNX does not record the integer width of the input`, { file }, { hint: 'pass --input-bits N (e.g. 5 for the digits data, 0..16), or begin the graph with Sign for ±1 inputs' }));
  }
  return { encoding: 'uint', bits: opts.inputBits };
}

/**
 * Weights exactly 0/1 are `and` bits; exactly ±1 are `xnor` bits (1 ↔ +1);
 * anything else stays latent floats for the layer's binarize rule.
 */
export function weightFields(all: number[]): { values: number[]; weightFormat: 'bits' | 'float'; semantics: 'and' | 'xnor'; binarize?: 'siman' } {
  if (all.every((v) => v === 0 || v === 1)) return { values: all, weightFormat: 'bits', semantics: 'and' };
  if (all.every((v) => v === 1 || v === -1)) return { values: all.map((v) => (v === 1 ? 1 : 0)), weightFormat: 'bits', semantics: 'xnor' };
  return { values: all, weightFormat: 'float', binarize: 'siman', semantics: 'and' };
}

/** Σ_k w_ok per output row of a bit-weight layer, the weights as its float form uses them (0/1 under and, ±1 under xnor). */
function weightRowSums(values: number[], outN: number, semantics: string): number[] {
  const fan = values.length / outN;
  return Array.from({ length: outN }, (_, o) => {
    let sum = 0;
    for (let k = 0; k < fan; k++) sum += semantics === 'xnor' ? 2 * values[o * fan + k]! - 1 : values[o * fan + k]!;
    return sum;
  });
}

/** Flat C-order values as nested `[out][in][kh][kw]` arrays. */
function nest4(v: number[], o: number, c: number, h: number, w: number): number[][][][] {
  return Array.from({ length: o }, (_, a) => Array.from({ length: c }, (_, b) => Array.from({ length: h }, (_, y) => v.slice(((a * c + b) * h + y) * w, ((a * c + b) * h + y + 1) * w))));
}

function broadcastBias(v: Value, outN: number, scale: number, file: string, label: string): number[] {
  if (v.data.length === outN) return Array.from(v.data, (x) => x * scale);
  if (v.data.length === 1) return new Array<number>(outN).fill(v.data[0]! * scale);
  throw new UserError(diag('E_UNSUPPORTED', `${file}: ${label}: bias of ${v.data.length} entries for ${outN} outputs`, { file }, { hint: IMPORT_HINT }));
}

function attr(node: Node, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}
function attrFloat(node: Node, name: string, dflt: number): number {
  const a = attr(node, name);
  return a && a.f !== undefined && a.f !== null ? a.f : dflt;
}
function attrInts(node: Node, name: string, dflt: number[]): number[] {
  const a = attr(node, name);
  return a && a.ints && a.ints.length > 0 ? a.ints.map(Number) : dflt;
}
function attrString(node: Node, name: string, dflt: string): string {
  const a = attr(node, name);
  return a && a.s && a.s.length > 0 ? new TextDecoder().decode(a.s) : dflt;
}
function attrInt(node: Node, name: string, dflt: number): number {
  const a = attr(node, name);
  return a && a.i !== undefined && a.i !== null ? Number(a.i) : dflt;
}

/** A constant tensor as float64 values (FLOAT, DOUBLE, INT32, INT64; inline fields or raw_data). */
function tensorValue(t: onnx.ITensorProto, file: string, label: string): Value {
  const dims = (t.dims ?? []).map(Number);
  const n = dims.reduce((a, b) => a * b, 1);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : null;
  let data: Float64Array;
  const T = pb.TensorProto.DataType;
  if (t.dataLocation === pb.TensorProto.DataLocation.EXTERNAL) {
    throw new UserError(diag('E_UNSUPPORTED', `${file}: ${label}: tensor data in an external file is not imported`, { file }, { hint: 'save the model with the weights inside the .onnx file' }));
  }
  const view = raw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : null;
  const need = (bytes: number): void => {
    if (view && view.byteLength !== n * bytes) {
      throw new UserError(diag('E_FORMAT', `${file}: ${label}: raw_data holds ${view.byteLength} bytes for ${n} elements`, { file }));
    }
  };
  switch (t.dataType) {
    case T.FLOAT:
      need(4);
      data = view ? Float64Array.from({ length: n }, (_, k) => view.getFloat32(4 * k, true)) : Float64Array.from(t.floatData ?? []);
      break;
    case T.DOUBLE:
      need(8);
      data = view ? Float64Array.from({ length: n }, (_, k) => view.getFloat64(8 * k, true)) : Float64Array.from(t.doubleData ?? []);
      break;
    case T.INT32:
      need(4);
      data = view ? Float64Array.from({ length: n }, (_, k) => view.getInt32(4 * k, true)) : Float64Array.from(t.int32Data ?? []);
      break;
    case T.INT64:
      need(8);
      data = view ? Float64Array.from({ length: n }, (_, k) => Number(view.getBigInt64(8 * k, true))) : Float64Array.from((t.int64Data ?? []).map(Number));
      break;
    default:
      throw new UserError(diag('E_UNSUPPORTED', `${file}: ${label}: tensor data type ${t.dataType ?? '?'} is not imported (float, double, int32, int64 are)`, { file }, { hint: IMPORT_HINT }));
  }
  if (data.length !== n) throw new UserError(diag('E_FORMAT', `${file}: ${label}: ${data.length} values for shape [${dims.join(', ')}]`, { file }));
  return { dims, data };
}
