import { expect } from 'chai';
import { affineValue, argmax, headLogits, predict } from '../../src/ref/predict.js';

describe('ref/predict', () => {
  it('argmax breaks ties to the lowest index', () => {
    expect(argmax([1, 3, 3, 2])).to.equal(1);
    expect(argmax([5, 5, 5])).to.equal(0);
    expect(argmax([0, -1, 7, 7, 9, 9], 2, 4)).to.equal(2);
  });
  it('without head parameters the logits are the scores', () => {
    const logits = headLogits({ alpha: null, bias: null, batchnorm: null }, Int32Array.of(3, -2, 7, 7), 2);
    expect(Array.from(logits)).to.deep.equal([3, -2, 7, 7]);
  });
  it('applies gamma*(s*alpha + bias - mean)/sqrt(var + eps) + beta per class, which can change the argmax', () => {
    const head = {
      alpha: Float64Array.of(2, 1),
      bias: Float64Array.of(1, 0),
      batchnorm: { gamma: Float64Array.of(-1, 1), beta: Float64Array.of(0.5, 0), mean: Float64Array.of(0, 0), var: Float64Array.of(3, 0), eps: 1 },
    };
    // class 0: -1*(10*2 + 1 - 0)/2 + 0.5 = -10; class 1: 1*(4)/1 + 0 = 4
    const { logits, predictions } = predict(head, Int32Array.of(10, 4), 2);
    expect(Array.from(logits)).to.deep.equal([-10, 4]);
    expect(Array.from(predictions)).to.deep.equal([1]);
    expect(affineValue(10, 0, head.alpha, head.bias, head.batchnorm)).to.equal(-10);
  });
});
