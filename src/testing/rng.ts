/**
 * A small seeded PRNG (mulberry32) for reproducible random models, networks
 * and inputs in tests, soak runs and benchmarks. Not for cryptography.
 */
export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  u32(): number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  bool(p?: number): boolean;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T;
}

/** Create a generator; equal seeds give equal sequences. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const u32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const float = (): number => u32() / 4294967296;
  return {
    u32,
    float,
    int: (lo, hi) => lo + Math.floor(float() * (hi - lo + 1)),
    bool: (p = 0.5) => float() < p,
    normal: () => {
      const u = 1 - float();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * float());
    },
    pick: (items) => items[Math.floor(float() * items.length)]!,
  };
}

/** The float `steps` ulps above (steps > 0) or below `x` (finite x). */
export function ulpStep(x: number, steps: number): number {
  const buf = new DataView(new ArrayBuffer(8));
  let v = x;
  for (let i = 0; i < Math.abs(steps); i++) {
    const up = steps > 0;
    if (v === 0) {
      v = up ? Number.MIN_VALUE : -Number.MIN_VALUE;
      continue;
    }
    buf.setFloat64(0, v);
    const bits = buf.getBigUint64(0);
    // Moving away from zero increments the magnitude bits.
    const away = (v > 0) === up;
    buf.setBigUint64(0, away ? bits + 1n : bits - 1n);
    v = buf.getFloat64(0);
  }
  return v;
}
