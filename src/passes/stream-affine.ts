/**
 * The integer affine of a conv whose real-valued output joins a residual
 * stream (docs/numerics.md §12). Its float output is the channel's
 * expression of §3, v(s) = γ·(s·α + bias − μ)/√(σ²+ε) + β; the stream
 * carries integers Z at scale 2^-F (F = fracBits), and the conv adds
 *
 *     A_c·s + B_c,   A_c = rne(2^F·g_c),  B_c = rne(2^F·h_c)
 *
 * with g_c = (γ·α)/√(σ²+ε), h_c = (γ·(bias − μ))/√(σ²+ε) + β evaluated in
 * float64 in this order (no batchnorm: g = α, h = bias; absent α = 1,
 * absent bias = 0) and rne = round to nearest, ties to even. Scaling by
 * 2^F is exact in float64, so A and B are fixed integers of the model.
 */
import { fail } from '../diagnostics.js';
import type { BatchNormLayer } from '../ir/model.js';

/** Per-channel integer affine of a stream conv, with the float g and h it was rounded from. */
export interface StreamAffine {
  /** Integer multipliers A_c (exact float64 integers). */
  a: Float64Array;
  /** Integer offsets B_c. */
  b: Float64Array;
  g: Float64Array;
  h: Float64Array;
}

/** Round to the nearest integer, ties to even (exact for every finite float64). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f; // exact: |x| < 2^52 has a representable fraction; larger x are integers (d = 0)
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * The integer affine of `out` channels at `fracBits` fraction bits.
 * `where(c)` names channel c's parameter for diagnostics.
 * @throws UserError E_VALUE when g or h·2^F is not finite.
 */
export function streamAffine(
  out: number,
  alpha: Float64Array | null,
  bias: Float64Array | null,
  bn: Pick<BatchNormLayer, 'gamma' | 'beta' | 'mean' | 'var' | 'eps'> | null,
  fracBits: number,
  where: (c: number) => string,
): StreamAffine {
  const a = new Float64Array(out);
  const b = new Float64Array(out);
  const g = new Float64Array(out);
  const h = new Float64Array(out);
  const scale = 2 ** fracBits;
  for (let c = 0; c < out; c++) {
    const al = alpha ? alpha[c]! : 1;
    const bi = bias ? bias[c]! : 0;
    if (bn) {
      const d = Math.sqrt(bn.var[c]! + bn.eps);
      g[c] = (bn.gamma[c]! * al) / d;
      h[c] = (bn.gamma[c]! * (bi - bn.mean[c]!)) / d + bn.beta[c]!;
    } else {
      g[c] = al;
      h[c] = bi;
    }
    a[c] = roundHalfEven(g[c]! * scale);
    b[c] = roundHalfEven(h[c]! * scale);
    if (!Number.isFinite(a[c]!) || !Number.isFinite(b[c]!)) {
      fail('E_VALUE', `the stream affine of channel ${c} is not finite at fracBits ${fracBits} (g = ${g[c]}, h = ${h[c]})`, { jsonPath: where(c) });
    }
  }
  return { a, b, g, h };
}
