import { expect } from 'chai';
import { StallPattern, Xorshift32, stallPermille } from '../../src/sim/stall.js';

describe('sim/stall', () => {
  it('xorshift32 matches the 32-bit reference sequence computed with BigInt', () => {
    const rng = new Xorshift32(1);
    let x = 1n;
    const m = 0xffffffffn;
    for (let i = 0; i < 1000; i++) {
      x ^= (x << 13n) & m;
      x ^= x >> 17n;
      x ^= (x << 5n) & m;
      expect(rng.next()).to.equal(Number(x));
    }
  });

  it('the known first values for seed 1 (270369, 67634689)', () => {
    const rng = new Xorshift32(1);
    expect([rng.next(), rng.next()]).to.deep.equal([270369, 67634689]);
  });

  it('p = 0 never stalls; stall fraction tracks p', () => {
    const none = new StallPattern(7, 0);
    for (let i = 0; i < 1000; i++) expect(none.draw()).to.deep.equal({ sourceGo: true, sinkReady: true });
    const some = new StallPattern(7, stallPermille(0.3));
    let stalls = 0;
    for (let i = 0; i < 10000; i++) if (!some.draw().sinkReady) stalls++;
    expect(stalls / 10000).to.be.within(0.27, 0.33);
  });

  it('rejects seed 0 and p outside [0,1)', () => {
    expect(() => new Xorshift32(0)).to.throw(/seed/);
    expect(() => stallPermille(1)).to.throw(/\[0, 1\)/);
  });
});
