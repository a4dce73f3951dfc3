import { initStd, randomWeight, zerosWeight } from '../init';
import { Affine } from '../layers/affine';
import { convOutputSize } from '../layers/im2col';
import { Relu } from '../layers/relu';
import { SoftmaxWithLoss } from '../layers/softmax-with-loss';
import { Rng } from '../rng';
import type { SimpleConvNetConfig } from './config';
import { ConvStack } from './conv-stack';
import { SequentialNet } from './net';

/**
 * Ch. 7: Conv(W1,b1) - Relu - Pool 2x2 - Affine(W2,b2) - Relu - Affine(W3,b3) - SoftmaxWithLoss.
 * `config.convPath` chooses the conv and pool layers (conv-stack.ts); the weights and the
 * result are the same either way.
 */
export class SimpleConvNet extends SequentialNet {
  constructor(config: SimpleConvNetConfig, seed = 0) {
    const rng = new Rng(seed);
    const [c, h, w] = config.inputShape;
    const { filterNum: fn, filterSize: fs, stride, pad, hiddenSize, outputSize } = config;
    const conv = convOutputSize({ c, h, w, fh: fs, fw: fs, stride, pad });
    const pool = convOutputSize({ c: fn, h: conv.oh, w: conv.ow, fh: 2, fw: 2, stride: 2, pad: 0 });
    const poolOutputSize = fn * pool.oh * pool.ow;
    const stack = new ConvStack(config.convPath);
    const layers = [
      ...stack.enclose([
        stack.convolution(1, [fn, c, fs, fs], initStd(config.init, c * fs * fs), rng, stride, pad),
        new Relu(),
        stack.maxPool2x2(),
      ]),
      new Affine(
        {
          name: 'W2',
          value: randomWeight(
            rng,
            [poolOutputSize, hiddenSize],
            initStd(config.init, poolOutputSize),
          ),
        },
        { name: 'b2', value: zerosWeight([hiddenSize]) },
      ),
      new Relu(),
      new Affine(
        {
          name: 'W3',
          value: randomWeight(rng, [hiddenSize, outputSize], initStd(config.init, hiddenSize)),
        },
        { name: 'b3', value: zerosWeight([outputSize]) },
      ),
    ];
    super(config, config.inputShape, layers, new SoftmaxWithLoss(), config.weightDecay, rng.fork());
  }
}
