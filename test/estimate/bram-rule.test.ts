/**
 * The estimator's ROM -> block RAM rule against the placements Yosys' memory
 * mapper chose in a flattened sweep of ROM shapes (bench/bram-sweep.ts,
 * stored in docs/results/bram-sweep-<target>.json): the rule must send every
 * measured shape where Yosys sent it.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { coefficientsFor, romBrams } from '../../src/estimate/analytic.js';

interface Sweep {
  target: string;
  rows: Array<{ depth: number; width: number; placement: string }>;
}

for (const target of ['xilinx', 'ice40']) {
  describe(`block RAM rule, ${target}, against the measured ROM sweep`, () => {
    const sweep = JSON.parse(readFileSync(`docs/results/bram-sweep-${target}.json`, 'utf8')) as Sweep;
    const c = coefficientsFor(target);
    it(`places all ${sweep.rows.length} measured ROM shapes where Yosys placed them`, () => {
      const wrong = sweep.rows.filter((r) => romBrams(r.depth, r.width, c) > 0 !== (r.placement === 'bram'));
      expect(wrong.map((r) => `${r.depth}x${r.width}: Yosys ${r.placement}`)).to.deep.equal([]);
    });
  });
}

describe('block RAM count, xilinx (RAMB18 vs RAMB36 by area)', () => {
  const c = coefficientsFor('xilinx');
  it('takes 15 RAMB18 for 256 x 512 (8 RAMB36 would be 16 units) and one RAMB36 for 512 x 64 (a tie)', () => {
    expect(romBrams(256, 512, c)).to.equal(15);
    expect(romBrams(512, 64, c)).to.equal(1);
    expect(romBrams(512, 256, c)).to.equal(4);
  });
});
