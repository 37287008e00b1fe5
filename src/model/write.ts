/**
 * Writing a model back to the model format (docs/model-format.md):
 * deterministic, diff-friendly JSON (one line per weight row, per-channel
 * arrays on one line), numbers with full float64 round-trip precision and
 * integers as integers, no timestamps. `loadModel(serializeModel(m))`
 * gives back a model equal to `m`.
 */
import type { InputSpec, Layer, Model } from '../ir/model.js';

/** Shortest text that parses back to exactly `x` (JSON grammar; -0 kept). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`serializeModel: cannot write non-finite number ${x}`);
  if (Object.is(x, -0)) return '-0';
  return String(x); // ECMAScript Number::toString is the shortest round-trip form and valid JSON
}

function vec(a: ArrayLike<number>): string {
  const parts = new Array<string>(a.length);
  for (let i = 0; i < a.length; i++) parts[i] = formatNumber(a[i]!);
  return `[${parts.join(', ')}]`;
}

function matrix(a: ArrayLike<number>, rows: number, cols: number, indent: string): string {
  if (rows === 0) return '[]';
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row = new Array<string>(cols);
    for (let c = 0; c < cols; c++) row[c] = formatNumber(a[r * cols + c]!);
    lines.push(`${indent}  [${row.join(', ')}]`);
  }
  return `[\n${lines.join(',\n')}\n${indent}]`;
}

/** A [out][in][kh][kw] tensor: one line per output channel. */
function tensor4(a: ArrayLike<number>, shape: [number, number, number, number], indent: string, fanIn: number): string {
  const [out, cin, kh, kw] = shape;
  const lines: string[] = [];
  for (let o = 0; o < out; o++) {
    const chans: string[] = [];
    for (let ci = 0; ci < cin; ci++) {
      const rows: string[] = [];
      for (let y = 0; y < kh; y++) {
        const row: string[] = [];
        for (let x = 0; x < kw; x++) row.push(formatNumber(a[o * fanIn + (ci * kh + y) * kw + x]!));
        rows.push(`[${row.join(', ')}]`);
      }
      chans.push(`[${rows.join(', ')}]`);
    }
    lines.push(`${indent}  [${chans.join(', ')}]`);
  }
  return `[\n${lines.join(',\n')}\n${indent}]`;
}

function inputJson(input: InputSpec): string {
  const enc = input.encoding.kind === 'uint' ? `"encoding": "uint", "bits": ${input.encoding.bits}` : '"encoding": "bipolar"';
  return `{ "shape": ${vec(input.shape)}, ${enc} }`;
}

function layerJson(l: Layer, ind: string): string {
  const f: Array<[string, string]> = [['type', JSON.stringify(l.type)]];
  if (l.name !== undefined) f.push(['name', JSON.stringify(l.name)]);
  switch (l.type) {
    case 'dense':
      f.push(['in', String(l.in)], ['out', String(l.out)]);
      f.push(['weightFormat', JSON.stringify(l.weight.format)], ['binarize', JSON.stringify(l.binarize)], ['semantics', JSON.stringify(l.semantics)]);
      f.push(['weight', matrix(l.weight.data, l.out, l.in, ind + '  ')]);
      f.push(['bias', l.bias === null ? 'null' : vec(l.bias)]);
      f.push(['alpha', l.alpha === null ? 'null' : l.alpha === 'auto' ? '"auto"' : vec(l.alpha)]);
      break;
    case 'conv2d': {
      f.push(['inChannels', String(l.inChannels)], ['outChannels', String(l.outChannels)]);
      f.push(['kernel', vec(l.kernel)], ['stride', vec(l.stride)], ['padding', vec(l.padding)], ['padValue', String(l.padValue)]);
      f.push(['weightFormat', JSON.stringify(l.weight.format)], ['binarize', JSON.stringify(l.binarize)], ['semantics', JSON.stringify(l.semantics)]);
      const fanIn = l.inChannels * l.kernel[0] * l.kernel[1];
      f.push(['weight', tensor4(l.weight.data, [l.outChannels, l.inChannels, l.kernel[0], l.kernel[1]], ind + '  ', fanIn)]);
      f.push(['bias', l.bias === null ? 'null' : vec(l.bias)]);
      f.push(['alpha', l.alpha === null ? 'null' : l.alpha === 'auto' ? '"auto"' : vec(l.alpha)]);
      break;
    }
    case 'maxpool2d':
      f.push(['kernel', vec(l.kernel)], ['stride', vec(l.stride)]);
      break;
    case 'flatten':
      break;
    case 'batchnorm':
      f.push(['gamma', vec(l.gamma)], ['beta', vec(l.beta)], ['mean', vec(l.mean)], ['var', vec(l.var)], ['eps', formatNumber(l.eps)]);
      break;
    case 'sign':
      break;
    case 'threshold': {
      f.push(['thresholds', vec(l.channels.map((c) => (c.kind === 'const' ? 0 : c.t)))]);
      f.push(['direction', `[${l.channels.map((c) => (c.kind === 'le' ? '"le"' : '"ge"')).join(', ')}]`]);
      if (l.channels.some((c) => c.kind === 'const')) {
        f.push(['constant', `[${l.channels.map((c) => (c.kind === 'const' ? String(c.value) : 'null')).join(', ')}]`]);
      }
      break;
    }
    case 'residual': {
      const sc = l.shortcut;
      f.push(['shortcut', sc.kind === 'identity' ? '"identity"' : `{ "type": "subsample", "stride": ${vec(sc.stride)}, "padChannels": ${vec(sc.padChannels)} }`]);
      f.push(['fracBits', String(l.fracBits)]);
      const inner = ind + '    ';
      f.push(['layers', `[\n${l.layers.map((b) => inner + layerJson(b, inner)).join(',\n')}\n${ind}  ]`]);
      break;
    }
  }
  if (f.length <= 2 && (l.type === 'sign' || l.type === 'flatten')) return `{ ${f.map(([k, v]) => `"${k}": ${v}`).join(', ')} }`;
  return `{\n${f.map(([k, v]) => `${ind}  "${k}": ${v}`).join(',\n')}\n${ind}}`;
}

/** Indent every line but the first of a multi-line JSON text. */
function reindent(text: string, ind: string): string {
  return text.split('\n').join('\n' + ind);
}

/**
 * Serialize `model` as model-format JSON (with a trailing newline).
 * Deterministic: the same model always gives the same bytes.
 * @throws Error for non-finite numbers (an invalid model is an internal bug here).
 */
export function serializeModel(model: Model): string {
  const parts: string[] = [
    `  "format": ${JSON.stringify(model.format)}`,
    `  "name": ${JSON.stringify(model.name)}`,
    `  "input": ${inputJson(model.input)}`,
    `  "layers": [\n${model.layers.map((l) => '    ' + layerJson(l, '    ')).join(',\n')}\n  ]`,
  ];
  if (model.layers.length === 0) parts[3] = '  "layers": []';
  if (model.provenance !== undefined) parts.push(`  "provenance": ${reindent(JSON.stringify(model.provenance, null, 2), '  ')}`);
  return `{\n${parts.join(',\n')}\n}\n`;
}
