import { expect } from 'chai';
import { lowerResidualNetwork } from '../../src/passes/lower-residual.js';
import { inferFloatResidual } from '../../src/ref/residual-float.js';
import { inferResidual } from '../../src/ref/residual-ref.js';
import { randomInputs } from '../../src/testing/random-model.js';
import { resnet20Shape } from '../../src/testing/random-residual.js';
import { createRng } from '../../src/testing/rng.js';
import { serializeModel } from '../../src/model/write.js';
import { parseModelText } from '../../src/model/load.js';

describe('ref/residual at CIFAR-10 scale: the ResNet-20 shape', () => {
  it('18 Bi-Real blocks on 32×32×3: the stream fits 2^47 at fracBits 32, integer = float on random images', () => {
    const rng = createRng(20);
    const model = resnet20Shape(rng);
    // The model round-trips through the file format.
    const loaded = parseModelText(serializeModel(model), 'resnet20.json', '.');
    expect(loaded.layers.filter((l) => l.type === 'residual')).to.have.length(18);
    const net = lowerResidualNetwork(loaded);
    const seg = net.segments[0]!;
    expect(seg.kind).to.equal('stream');
    const stream = seg.kind === 'stream' ? seg.stream : null;
    expect(stream!.blocks.map((b) => b.outShape[0])).to.deep.equal([16, 16, 16, 16, 16, 16, 32, 32, 32, 32, 32, 32, 64, 64, 64, 64, 64, 64]);
    expect(stream!.blocks[17]!.outShape).to.deep.equal([64, 8, 8]);
    expect(Math.log2(stream!.maxAbs)).to.be.below(47);
    const inputs = randomInputs(rng, loaded.input, 2);
    const int = inferResidual(net, inputs);
    const flt = inferFloatResidual(loaded, inputs);
    expect(flt.ambiguousRows).to.deep.equal([]);
    expect(Array.from(int.scores)).to.deep.equal(Array.from(flt.scores));
    expect(Array.from(int.predictions)).to.deep.equal(Array.from(flt.predictions));
  });
});
