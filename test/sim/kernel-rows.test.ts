/**
 * The simulator's popcounts through the WebAssembly kernel (src/sim/kernel-rows.ts)
 * against its SWAR loops: every random design (folded, hardwired, lowered,
 * mixed, CNNs; both semantics, uint and bipolar inputs) simulated with
 * `popcounts: 'kernel'` and `'js'` gives the same result object, down to
 * every output cycle and register toggle, with and without stalls; and
 * `auto` picks the kernel only from KERNEL_MIN_WORDS words of work per issue.
 */
import { expect } from 'chai';
import { simulateDesign, type SimOptions } from '../../src/sim/simulate.js';
import { KERNEL_MIN_WORDS, usesKernel } from '../../src/sim/kernel-rows.js';
import { randomCnnDesign, randomDesign, type RandomDesign } from './random-designs.js';
import { randomHardwiredDesign, randomLoweredDesign } from './hardwired-designs.js';

function sameBothWays(d: RandomDesign, what: string): void {
  for (const stallPermille of [0, 300]) {
    const opts: SimOptions = { seed: d.seed, stallPermille, watchdogCycles: 1_000_000, activity: true };
    const js = simulateDesign(d.flow.plan, d.inputs, { ...opts, popcounts: 'js' });
    const kernel = simulateDesign(d.flow.plan, d.inputs, { ...opts, popcounts: 'kernel' });
    expect(kernel, `${what} seed ${d.seed} fold ${d.fold} stall ${stallPermille}`).to.deep.equal(js);
  }
}

describe('sim: popcounts through the kernel = the SWAR loops', function () {
  this.timeout(300_000);

  it('folded random MLPs (fan-ins across 32/64-bit word edges, wide uint inputs)', () => {
    for (let seed = 1; seed <= 40; seed++) sameBothWays(randomDesign(seed, 4, { inputWidth: [1, 140], uintBits: [1, 12] }), 'folded');
  });

  it('hardwired, mixed and lowered random MLPs', () => {
    for (let seed = 1; seed <= 20; seed++) {
      sameBothWays(randomHardwiredDesign(seed, 4, false, { inputWidth: [1, 140] }), 'hardwired');
      sameBothWays(randomHardwiredDesign(100 + seed, 4, true), 'mixed');
      sameBothWays(randomLoweredDesign(200 + seed, 4), 'lowered');
    }
  });

  it('random CNNs (folded and hardwired, border classes)', () => {
    for (let seed = 1; seed <= 20; seed++) sameBothWays(randomCnnDesign(300 + seed, 2, 10_000), 'cnn');
  });

  it('auto takes the kernel from KERNEL_MIN_WORDS words of work per issue', () => {
    expect(usesKernel('auto', 1, KERNEL_MIN_WORDS, 1)).to.equal(true);
    expect(usesKernel('auto', 1, KERNEL_MIN_WORDS - 1, 1)).to.equal(false);
    expect(usesKernel('js', 64, 64, 8)).to.equal(false);
    expect(usesKernel('kernel', 1, 1, 1)).to.equal(true);
  });
});
