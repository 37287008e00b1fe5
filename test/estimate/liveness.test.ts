import { expect } from 'chai';
import { estimatePlan } from '../../src/estimate/analytic.js';
import { hardwiredFeatures } from '../../src/estimate/hardwired-features.js';
import { consumedChannels } from '../../src/estimate/liveness.js';
import { designFromModel } from '../../src/flow.js';
import type { Model } from '../../src/ir/model.js';

/** 4 -> 3 -> 2 with the second layer's weights given (rows = its channels); channel 1 of layer 0 is read by nobody. */
function model(second: number[][], semantics: 'and' | 'xnor'): Model {
  return {
    format: 'siman-hw.model/v1',
    name: 'liveness',
    input: { shape: [4], encoding: { kind: 'bipolar' } },
    layers: [
      { type: 'dense', in: 4, out: 3, weight: { format: 'bits', data: Uint8Array.from([1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1]) }, binarize: 'siman', semantics: 'and', bias: null, alpha: null },
      { type: 'threshold', channels: [{ kind: 'ge', t: 1 }, { kind: 'ge', t: 1 }, { kind: 'ge', t: 1 }] },
      { type: 'dense', in: 3, out: 2, weight: { format: 'bits', data: Uint8Array.from(second.flat()) }, binarize: 'siman', semantics, bias: null, alpha: null },
    ],
  } as Model;
}

describe('estimate: channels the next layer never reads', () => {
  const unread = [[1, 0, 1], [0, 0, 1]];

  it('finds the channels a hardwired `and` layer is not wired to', () => {
    const flow = designFromModel(model(unread, 'and'), { mode: 'hardwired' });
    expect(Array.from(consumedChannels(flow.plan, flow.plan.layers[0]!)!)).to.deep.equal([1, 0, 1]);
    expect(consumedChannels(flow.plan, flow.plan.layers[1]!)).to.equal(null);
  });

  it('reads every channel behind a folded, an xnor or a lowered layer, or when every column has a one', () => {
    for (const [m, sem, w] of [['0:hardwired;1:folded', 'and', unread], ['hardwired', 'xnor', unread], ['hardwired', 'and', [[1, 1, 0], [0, 0, 1]]]] as const) {
      const flow = designFromModel(model(w.map((r) => [...r]), sem), { mode: m, lower: 'off' });
      expect(consumedChannels(flow.plan, flow.plan.layers[0]!), `${m} ${sem}`).to.equal(null);
    }
    const lowered = designFromModel(model(unread, 'xnor'), { mode: 'hardwired', lower: 'on' });
    expect(consumedChannels(lowered.plan, lowered.plan.layers[0]!)).to.equal(null);
  });

  it('charges no lane, compare or output bit for an unread channel (PE = OUT) and narrows the FIFO', () => {
    const flow = designFromModel(model(unread, 'and'), { mode: 'hardwired' });
    const l0 = flow.plan.layers[0]!;
    const all = hardwiredFeatures(l0);
    const live = hardwiredFeatures(l0, consumedChannels(flow.plan, l0));
    expect(l0.pe).to.equal(3);
    expect(live.acc).to.equal((all.acc * 2) / 3);
    expect(live.outRegs).to.be.lessThan(all.outRegs);
    expect(live.popLanes).to.be.lessThan(all.popLanes);
    const e = estimatePlan(flow.plan, 'ice40');
    expect(e.layers[0]!.features.popLanes).to.equal(live.popLanes);
  });
});
