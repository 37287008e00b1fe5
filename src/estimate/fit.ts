/**
 * Least-squares fit of linear resource models: relative-error weighting
 * (each row divided by its measured value, so small and large layers count
 * alike) and non-negative coefficients by an active-set loop (a feature
 * whose coefficient comes out negative is dropped and the rest refitted).
 */

/** Solve A x = b (n×n, Gaussian elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const d = m[c]![c]!;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / d;
      if (f !== 0) for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((r, i) => (Math.abs(r[i]!) < 1e-12 ? 0 : r[n]! / r[i]!));
}

export interface FitRow {
  features: Record<string, number>;
  y: number;
}

/**
 * Fit y ≈ Σ coef[k]·features[k] over `keys`; returns non-negative coefficients (zeros omitted).
 * Row weights are 1/y^`relPower`: 1 = relative error (small and large rows count alike),
 * 0.5 = between relative and absolute (large rows count more).
 */
export function fitLinear(rows: readonly FitRow[], keys: readonly string[], ridge = 1e-6, relPower = 1): Record<string, number> {
  let active = [...keys];
  for (let iter = 0; iter < keys.length + 1; iter++) {
    const n = active.length;
    const ata = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const atb = new Array<number>(n).fill(0);
    // Scale columns so the ridge term is unit-free.
    const weight = (y: number): number => 1 / Math.max(1, y) ** relPower;
    const scale = active.map((k) => Math.sqrt(rows.reduce((s, r) => s + ((r.features[k] ?? 0) * weight(r.y)) ** 2, 0)) || 1);
    for (const r of rows) {
      const w = weight(r.y);
      const x = active.map((k, i) => ((r.features[k] ?? 0) * w) / scale[i]!);
      for (let i = 0; i < n; i++) {
        atb[i]! += x[i]! * r.y * w;
        for (let j = 0; j < n; j++) ata[i]![j]! += x[i]! * x[j]!;
      }
    }
    for (let i = 0; i < n; i++) ata[i]![i]! += ridge;
    const sol = solve(ata, atb).map((v, i) => v / scale[i]!);
    const neg = sol.map((v, i) => [v, i] as const).filter(([v]) => v < 0);
    if (neg.length === 0) {
      const out: Record<string, number> = {};
      active.forEach((k, i) => {
        if (sol[i]! > 0) out[k] = Number(sol[i]!.toPrecision(5));
      });
      return out;
    }
    // Drop the most negative feature and refit.
    const worst = neg.reduce((a, b) => (b[0] < a[0] ? b : a))[1];
    active = active.filter((_, i) => i !== worst);
  }
  return {};
}

/** Relative errors (pred − y)/y of a fitted model. */
export function relErrors(rows: readonly FitRow[], coefs: Record<string, number>): number[] {
  return rows.map((r) => {
    let p = 0;
    for (const [k, v] of Object.entries(coefs)) p += v * (r.features[k] ?? 0);
    return (p - r.y) / Math.max(1, r.y);
  });
}

/** Mean and max |relative error| of a fitted model over `rows` (0 for no rows). */
export function errorStats(rows: readonly FitRow[], coefs: Record<string, number>): { mean: number; max: number } {
  const e = relErrors(rows, coefs).map(Math.abs);
  return { mean: e.reduce((a, b) => a + b, 0) / Math.max(1, e.length), max: Math.max(0, ...e) };
}
