import { expect } from 'chai';
import fc from 'fast-check';
import type { Model } from '../../src/ir/model.js';
import { prepareNetwork } from '../../src/passes/lower-network.js';
import type { InferenceResult } from '../../src/ref/batch.js';
import { inferFloat } from '../../src/ref/float-ref.js';
import { inferPacked } from '../../src/ref/packed-ref.js';
import { allBipolarInputs, randomInputs, randomModel } from '../../src/testing/random-model.js';
import { createRng } from '../../src/testing/rng.js';
import { arbModelWithInputs, fcParams } from '../support/arbitraries.js';

function expectSame(a: InferenceResult, b: InferenceResult, what: string): void {
  expect(a.classes, what).to.equal(b.classes);
  for (let i = 0; i < a.scores.length; i++) {
    if (a.scores[i] !== b.scores[i]) expect.fail(`${what}: score ${i} (row ${Math.floor(i / a.classes)}) float ${a.scores[i]} vs packed ${b.scores[i]}`);
    if (!Object.is(a.logits[i], b.logits[i])) expect.fail(`${what}: logit ${i} differs`);
  }
  expect(Array.from(a.predictions), what).to.deep.equal(Array.from(b.predictions));
}

function bothPaths(model: Model, inputs: { count: number; width: number; data: Int32Array }, what: string): InferenceResult {
  const a = inferFloat(model, inputs);
  const b = inferPacked(prepareNetwork(model), inputs);
  expectSame(a, b, what);
  return a;
}

describe('ref: float reference == packed reference', () => {
  it('on random models (depth 1-4, fan-in 1-300, both semantics, uint and bipolar inputs)', () => {
    fc.assert(
      fc.property(arbModelWithInputs({}, 12), ({ seed, model, inputs }) => {
        bothPaths(model, inputs, `seed ${seed}`);
      }),
      fcParams(150),
    );
  });

  it('on wide uint inputs (9-16 bits: every bit plane up to 2^15, both semantics)', () => {
    fc.assert(
      fc.property(arbModelWithInputs({ input: 'uint', uintBits: [9, 16] }, 8), ({ seed, model, inputs }) => {
        bothPaths(model, inputs, `seed ${seed}`);
      }),
      fcParams(60),
    );
  });

  it('on pre-folded models with thresholds outside the reachable range', () => {
    fc.assert(
      fc.property(arbModelWithInputs({ style: 'folded' }, 12), ({ seed, model, inputs }) => {
        bothPaths(model, inputs, `seed ${seed}`);
      }),
      fcParams(80),
    );
  });

  it('covers fan-ins around word boundaries for every semantics/encoding pair', () => {
    const rng = createRng(77);
    for (const width of [1, 31, 32, 33, 63, 64, 65, 95, 96, 97, 257]) {
      for (const input of ['uint', 'bipolar'] as const) {
        for (const semantics of ['and', 'xnor'] as const) {
          const model = randomModel(rng, { inputWidth: [width, width], hiddenWidth: [width, width], depth: [2, 2], input, semantics });
          bothPaths(model, randomInputs(rng, model.input, 6), `width ${width} ${input} ${semantics}`);
        }
      }
    }
  });

  it('uint first layers of 1-8 bits (byte dot products) at fan-ins around 16/64/128, all-zero, all-max and random inputs', () => {
    const rng = createRng(1616);
    for (const width of [1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 300]) {
      for (let bits = 1; bits <= 8; bits++) {
        for (const semantics of ['and', 'xnor'] as const) {
          const model = randomModel(rng, { inputWidth: [width, width], hiddenWidth: [1, 70], depth: [1, 3], input: 'uint', uintBits: [bits, bits], semantics });
          const max = (1 << bits) - 1;
          const count = 37;
          const inputs = randomInputs(rng, model.input, count);
          // Row 0 all zero, row 1 all max, row 36 (in the batch's tail) all max.
          for (let i = 0; i < width; i++) {
            inputs.data[i] = 0;
            inputs.data[width + i] = max;
            inputs.data[36 * width + i] = max;
          }
          bothPaths(model, inputs, `width ${width} uint${bits} ${semantics}`);
        }
      }
    }
  });

  it('brute force: every bipolar input vector for fan-in <= 12, both semantics, all layer styles', () => {
    const rng = createRng(4242);
    let vectors = 0;
    for (let n = 1; n <= 12; n++) {
      for (const semantics of ['and', 'xnor'] as const) {
        const model = randomModel(rng, { inputWidth: [n, n], input: 'bipolar', semantics, depth: [1, 3], hiddenWidth: [1, 12] });
        vectors += bothPaths(model, allBipolarInputs(n), `n ${n} ${semantics}`).count;
      }
    }
    expect(vectors).to.equal(2 * (2 ** 13 - 2));
  });

  it('brute force @slow: every bipolar input vector for fan-in 13..16', () => {
    const rng = createRng(99);
    for (let n = 13; n <= 16; n++) {
      for (const semantics of ['and', 'xnor'] as const) {
        const model = randomModel(rng, { inputWidth: [n, n], input: 'bipolar', semantics, depth: [2, 2], hiddenWidth: [4, 8] });
        bothPaths(model, allBipolarInputs(n), `n ${n} ${semantics}`);
      }
    }
  });

  it('brute force: every uint input vector for small fan-in and bits', () => {
    const rng = createRng(31337);
    for (const [n, bits] of [[1, 8], [2, 4], [3, 3], [4, 2], [6, 1]] as const) {
      for (const semantics of ['and', 'xnor'] as const) {
        const sized = randomModel(rng, { inputWidth: [n, n], input: 'uint', uintBits: [bits, bits], semantics, depth: [1, 3], hiddenWidth: [1, 10] });
        const m = 2 ** bits;
        const count = m ** n;
        const data = new Int32Array(count * n);
        for (let r = 0; r < count; r++) for (let i = 0, v = r; i < n; i++, v = Math.floor(v / m)) data[r * n + i] = v % m;
        bothPaths(sized, { count, width: n, data }, `n ${n} bits ${bits} ${semantics}`);
      }
    }
  });
});
