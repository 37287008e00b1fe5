import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kernelModuleText } from '../../scripts/build-kernel.js';
import { popcount32 } from '../../src/ref/bit-pack.js';
import { PopcountKernel } from '../../src/kernel/popcount-kernel.js';
import { createRng } from '../../src/testing/rng.js';

describe('ref: WebAssembly popcount kernel', () => {
  it('the committed module is what scripts/build-kernel.ts assembles from the .wat', async () => {
    const committed = readFileSync(fileURLToPath(new URL('../../src/kernel/popcount-kernel-wasm.ts', import.meta.url)), 'utf8');
    expect(committed).to.equal(await kernelModuleText());
  });

  it('xorPop, andPop and planePop equal 32-bit SWAR popcounts on random words (batches 1-9, every unroll tail)', () => {
    const rng = createRng(16);
    const k = new PopcountKernel();
    for (const [rows, words, planes] of [[1, 1, 1], [3, 2, 3], [7, 5, 8], [33, 13, 2]] as const) {
      for (let n = 1; n <= 9; n++) {
        const w = k.alloc(rows * words * 8);
        const x = k.alloc(n * words * planes * 8);
        const out = k.alloc(n * rows * 8);
        for (let i = w >>> 2; i < (x >>> 2) + n * words * planes * 2; i++) k.u32[i] = rng.u32();
        const u = k.u32;
        const W = (r: number, j: number): number => u[(w >>> 2) + r * words * 2 + j]!;
        for (const op of ['xorPop', 'andPop'] as const) {
          k.fn[op](w, rows, words, x, n, out);
          for (let v = 0; v < n; v++) {
            for (let r = 0; r < rows; r++) {
              let q = 0;
              for (let j = 0; j < 2 * words; j++) {
                const xv = u[(x >>> 2) + v * words * 2 + j]!;
                q += popcount32(op === 'xorPop' ? W(r, j) ^ xv : W(r, j) & xv);
              }
              expect(k.i32[(out >>> 2) + v * rows + r], `${op} rows ${rows} words ${words} n ${n} v ${v} r ${r}`).to.equal(q);
            }
          }
        }
        k.fn.planePop(w, rows, words, planes, x, n, out);
        for (let v = 0; v < n; v++) {
          for (let r = 0; r < rows; r++) {
            let q = 0;
            for (let j = 0; j < words; j++) {
              for (let p = 0; p < planes; p++) {
                for (let h = 0; h < 2; h++) q += popcount32(W(r, 2 * j + h) & u[(x >>> 2) + ((v * words + j) * planes + p) * 2 + h]!) * 2 ** p;
              }
            }
            expect(k.f64[(out >>> 3) + v * rows + r], `planePop rows ${rows} n ${n}`).to.equal(q);
          }
        }
      }
    }
  });

  it('byteDot equals Σ w·x over bytes (lengths around 16/64/128 and 2048-byte blocks, batches 1-9, all-zero, all-255 and random values of 1-8 bits)', () => {
    const rng = createRng(161);
    for (const len of [1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 784, 2047, 2048, 2049, 4200]) {
      const chunks = (len + 15) >>> 4;
      const stride = chunks * 16;
      for (const rows of [1, 5]) {
        for (const fill of ['zero', 'max', 1, 2, 3, 4, 5, 6, 7, 8] as const) {
          for (const n of len > 800 ? [1, 4, 5, 9] : [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
            const k = new PopcountKernel();
            const w = k.alloc(rows * stride);
            const x = k.alloc(n * stride);
            const out = k.alloc(n * rows * 8);
            const bits: number[] = [];
            const vals: number[] = [];
            // Weights: all ones in the first row (the all-255 case's largest sum), random bits in the others; tails zero.
            for (let r = 0; r < rows; r++) for (let i = 0; i < len; i++) bits.push(r === 0 ? 1 : rng.u32() & 1);
            for (let r = 0; r < rows; r++) for (let i = 0; i < len; i++) k.u8[w + r * stride + i] = bits[r * len + i]! ? 0xff : 0;
            for (let v = 0; v < n; v++) {
              for (let i = 0; i < len; i++) {
                const b = fill === 'zero' ? 0 : fill === 'max' ? 255 : rng.u32() & ((1 << fill) - 1);
                vals.push(b);
                k.u8[x + v * stride + i] = b;
              }
            }
            k.fn.byteDot(w, rows, chunks, x, n, out);
            for (let v = 0; v < n; v++) {
              for (let r = 0; r < rows; r++) {
                let q = 0;
                for (let i = 0; i < len; i++) q += bits[r * len + i]! * vals[v * len + i]!;
                const got = k.f64[(out >>> 3) + v * rows + r];
                if (got !== q) expect.fail(`byteDot len ${len} rows ${rows} ${fill} n ${n} v ${v} r ${r}: ${got} vs ${q}`);
              }
            }
          }
        }
      }
    }
  });

  it('byteDot keeps its u16 lanes from overflowing: all-255 over many full 128-chunk blocks', () => {
    // A block of 128 chunks brings each u16 lane to 128 · 510 = 65 280, just under 2^16; 68 blocks and a tail.
    const k = new PopcountKernel();
    const chunks = 68 * 128 + 3;
    const w = k.alloc(chunks * 16);
    const x = k.alloc(chunks * 16);
    const out = k.alloc(8);
    k.u8.fill(0xff, w, w + chunks * 16);
    k.u8.fill(0xff, x, x + chunks * 16);
    k.fn.byteDot(w, 1, chunks, x, 1, out);
    expect(k.f64[out >>> 3]).to.equal(chunks * 16 * 255);
  });
});
