/**
 * The cycle model of siman_window (src/sim/window.ts) alone, against plain
 * references: every window (or pooled pixel) of several back-to-back
 * images equals the padded image's window, a waiting window never changes,
 * each image takes exactly its H·W pixel beats, and without stalls every
 * window leaves in the cycle of the plain schedule of docs/architecture.md
 * (the same schedule test/rtl/tb/tb_window_case.sv checks on the RTL).
 * Random shapes: kernel 1–5, stride 1–3, padding 0–2, odd sizes, pools.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { WindowSim } from '../../src/sim/window.js';
import type { WindowPlan } from '../../src/plan/plan.js';

interface Shape {
  c: number; h: number; w: number; kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; ebw: number; pool: boolean;
}

function plan(s: Shape, ops: ('and' | 'or')[]): WindowPlan {
  const paddedHeight = s.h + 2 * s.ph;
  const paddedWidth = s.w + 2 * s.pw;
  const oh = Math.floor((paddedHeight - s.kh) / s.sh) + 1;
  const ow = Math.floor((paddedWidth - s.kw) / s.sw) + 1;
  return {
    role: s.pool ? 'pool' : 'window', c: s.c, h: s.h, w: s.w, kh: s.kh, kw: s.kw, sh: s.sh, sw: s.sw, ph: s.ph, pw: s.pw, ebw: s.ebw,
    padBits: 1, padElement: s.pool ? 0 : -1, ops: s.pool ? ops : null, pixels: s.h * s.w, paddedHeight, paddedWidth,
    bufferPixels: (s.kh - 1) * paddedWidth + s.kw, oh, ow, positions: oh * ow, inBits: s.c * s.ebw, outBits: s.pool ? s.c : s.c * s.kh * s.kw * s.ebw,
    classes: 1, classWidth: 1, rowClassBase: [], colClass: [],
  };
}

/** Window k of an image (element order (ci·KH + ky)·KW + kx, or the per-channel AND/OR), from the padded image. */
function plainWindow(wp: WindowPlan, img: Int32Array, k: number): number[] {
  const oy = Math.floor(k / wp.ow);
  const ox = k % wp.ow;
  const out: number[] = [];
  for (let ci = 0; ci < wp.c; ci++) {
    const taps: number[] = [];
    for (let ky = 0; ky < wp.kh; ky++)
      for (let kx = 0; kx < wp.kw; kx++) {
        const y = oy * wp.sh - wp.ph + ky;
        const x = ox * wp.sw - wp.pw + kx;
        taps.push(y >= 0 && y < wp.h && x >= 0 && x < wp.w ? img[(y * wp.w + x) * wp.c + ci]! : wp.padElement);
      }
    if (!wp.ops) out.push(...taps);
    else out.push(wp.ops[ci] === 'and' ? (taps.every((t) => t > 0) ? 1 : 0) : taps.some((t) => t > 0) ? 1 : 0);
  }
  return out;
}

/**
 * Without stalls (source valid from cycle 0, sink always ready): the cycle
 * each window of the first image is taken. Padded positions shift one per
 * cycle; real pixel k shifts no earlier than its handshake
 * h_k = max(h_(k−1), shift of pixel k−1) + 1 (h_0 = 0); a window is taken
 * the cycle after the shift that completed it.
 */
function plainSchedule(wp: WindowPlan): number[] {
  const cycles: number[] = [];
  let t = -1;
  let h = -1;
  let ts = -1;
  for (let r = 0; r < wp.paddedHeight; r++)
    for (let c = 0; c < wp.paddedWidth; c++) {
      const real = r >= wp.ph && r < wp.ph + wp.h && c >= wp.pw && c < wp.pw + wp.w;
      const dy = r - wp.kh + 1;
      const dx = c - wp.kw + 1;
      const hit = dy >= 0 && dy % wp.sh === 0 && dy / wp.sh < wp.oh && dx >= 0 && dx % wp.sw === 0 && dx / wp.sw < wp.ow;
      t++;
      if (real) {
        h = Math.max(h, ts) + 1;
        t = Math.max(t, h);
        ts = t;
      }
      if (hit) cycles.push(t + 1);
    }
  return cycles;
}

interface Run {
  windows: number[][];
  takenAt: number[];
  pixelsTaken: number;
  holdViolations: number;
}

/** Drive the model: `images` images, source/sink stall with probability p (seeded), until every window is out. */
function drive(wp: WindowPlan, images: Int32Array[], p: number, seed: number): Run {
  const sim = new WindowSim(wp);
  let x = seed >>> 0 || 1;
  const rand = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return (x % 1000) / 1000;
  };
  const total = images.length * wp.pixels;
  const want = images.length * wp.positions;
  const run: Run = { windows: [], takenAt: [], pixelsTaken: 0, holdViolations: 0 };
  const out = new Int32Array(wp.outBits);
  let held: number[] | null = null;
  for (let cycle = 0; run.windows.length < want; cycle++) {
    if (cycle > 100_000) throw new Error('window model stuck');
    const srcValid = run.pixelsTaken < total && rand() >= p;
    const sinkReady = rand() >= p;
    const sFire = srcValid && sim.sTready;
    const n = run.pixelsTaken;
    const load = (dst: Int32Array, off: number) => dst.set(images[Math.floor(n / wp.pixels)]!.subarray((n % wp.pixels) * wp.c, (n % wp.pixels + 1) * wp.c), off);
    if (sim.mTvalid) {
      const width = wp.ops ? wp.c : wp.c * wp.kh * wp.kw;
      sim.read(out, 0);
      const cur = Array.from(out.subarray(0, width));
      if (held && cur.join() !== held.join()) run.holdViolations++;
      if (sinkReady) {
        run.windows.push(cur);
        run.takenAt.push(cycle);
        held = null;
      } else held = cur;
    } else if (held) run.holdViolations++;
    sim.step(sinkReady, sFire, load);
    if (sFire) run.pixelsTaken++;
  }
  return run;
}

const shapeArb = fc
  .record({
    c: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 1, max: 7 }),
    w: fc.integer({ min: 1, max: 7 }),
    kh: fc.integer({ min: 1, max: 5 }),
    kw: fc.integer({ min: 1, max: 5 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    ph: fc.integer({ min: 0, max: 2 }),
    pw: fc.integer({ min: 0, max: 2 }),
    pool: fc.boolean(),
  })
  .map((s) => ({ ...s, ph: s.pool ? 0 : s.ph, pw: s.pool ? 0 : s.pw, ebw: s.pool ? 1 : 3 }))
  .filter((s) => s.kh <= s.h + 2 * s.ph && s.kw <= s.w + 2 * s.pw);

function randomImages(wp: WindowPlan, count: number, seed: number): Int32Array[] {
  let x = seed * 2654435761 + 1;
  const next = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16);
  return Array.from({ length: count }, () => Int32Array.from({ length: wp.pixels * wp.c }, () => (wp.ops ? next() & 1 : (next() % 2) * 2 - 1)));
}

describe('sim: siman_window model against plain references', () => {
  it('windows, hold rule and pixel count with random stalls; several images back to back', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 1 << 30 }), fc.constantFrom(0, 0.3, 0.7), (s, seed, p) => {
        const ops = Array.from({ length: s.c }, (_, i) => ((seed >> i) & 1 ? 'and' : 'or') as 'and' | 'or');
        const wp = plan(s, ops);
        const images = randomImages(wp, 3, seed);
        const run = drive(wp, images, p, seed);
        expect(run.holdViolations).to.equal(0);
        run.windows.forEach((got, i) => expect(got, `image ${Math.floor(i / wp.positions)} window ${i % wp.positions}`).to.deep.equal(plainWindow(wp, images[Math.floor(i / wp.positions)]!, i % wp.positions)));
        // Every earlier image was taken whole; the last one at least up to its last window's bottom-right pixel.
        expect(run.pixelsTaken).to.be.within(2 * wp.pixels + 1, 3 * wp.pixels);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('without stalls every window of the first image leaves in the cycle of the plain schedule', () => {
    fc.assert(
      fc.property(shapeArb, (s) => {
        const wp = plan(s, Array.from({ length: s.c }, () => 'or'));
        const run = drive(wp, randomImages(wp, 2, 1), 0, 1);
        expect(run.takenAt.slice(0, wp.positions)).to.deep.equal(plainSchedule(wp));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('hand-worked schedule: 3x3 kernel, padding 1, 4x4 image', () => {
    const wp = plan({ c: 1, h: 4, w: 4, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, ebw: 1, pool: false }, []);
    // Padded 6x6: row 0 and (1, 0) are pads (cycles 0..6), pixels 0..3 at (1, 1..4) shift in cycles 7..10
    // (pixel 0 was taken in cycle 0 and held), (1, 5) and (2, 0) pad, (2, 1) in 13, (2, 2) in 14 completes
    // window 0: taken in 15; row 2's windows end at (2, 3), (2, 4), (2, 5): taken 16, 17, 18.
    const sched = plainSchedule(wp);
    expect(sched.slice(0, 4)).to.deep.equal([15, 16, 17, 18]);
    expect(drive(wp, randomImages(wp, 1, 3), 0, 1).takenAt).to.deep.equal(sched);
  });
});
