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
});
