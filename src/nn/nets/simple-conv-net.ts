import { initStd, randomWeight, zerosWeight } from '../init';
import { Affine } from '../layers/affine';
import { Convolution, getDefaultConvPath } from '../layers/convolution';
import { convOutputSize } from '../layers/im2col';
import type { Layer } from '../layers/layer';
import { ChannelsFirst, ChannelsLast, type Layout } from '../layers/layout';
import { Pooling } from '../layers/pooling';
import { Relu } from '../layers/relu';
import { SoftmaxWithLoss } from '../layers/softmax-with-loss';
import { Rng } from '../rng';
import type { SimpleConvNetConfig } from './config';
import { SequentialNet } from './net';

/**
 * Ch. 7: Conv(W1,b1) - Relu - Pool 2x2 - Affine(W2,b2) - Relu - Affine(W3,b3) - SoftmaxWithLoss.
 * On the kernels conv path the conv-relu-pool part runs in NHWC, between a ChannelsLast and
 * a ChannelsFirst layer (layout.ts); the weights and the result are the same either way.
 */
export class SimpleConvNet extends SequentialNet {
  constructor(config: SimpleConvNetConfig, seed = 0) {
    const rng = new Rng(seed);
    const [c, h, w] = config.inputShape;
    const { filterNum: fn, filterSize: fs, hiddenSize, outputSize } = config;
    const conv = convOutputSize({
      c,
      h,
      w,
      fh: fs,
      fw: fs,
      stride: config.stride,
      pad: config.pad,
    });
    const pool = convOutputSize({ c: fn, h: conv.oh, w: conv.ow, fh: 2, fw: 2, stride: 2, pad: 0 });
    const poolOutputSize = fn * pool.oh * pool.ow;
    const path = getDefaultConvPath();
    const layout: Layout = path === 'kernels' ? 'NHWC' : 'NCHW';
    const nhwc = layout === 'NHWC';
    const layers: Layer[] = [
      ...(nhwc ? [new ChannelsLast()] : []),
      new Convolution(
        {
          name: 'W1',
          value: randomWeight(rng, [fn, c, fs, fs], initStd(config.init, c * fs * fs)),
        },
        { name: 'b1', value: zerosWeight([fn]) },
        config.stride,
        config.pad,
        path,
        layout,
      ),
      new Relu(),
      new Pooling(2, 2, 2, 0, 'max', layout),
      ...(nhwc ? [new ChannelsFirst()] : []),
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
