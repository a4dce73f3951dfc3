import { initStd, randomWeight, zerosWeight } from '../init';
import { Affine } from '../layers/affine';
import { Dropout } from '../layers/dropout';
import { convOutputSize } from '../layers/im2col';
import type { Layer } from '../layers/layer';
import { Relu } from '../layers/relu';
import { SoftmaxWithLoss } from '../layers/softmax-with-loss';
import { Rng } from '../rng';
import type { DeepConvNetConfig } from './config';
import { ConvStack } from './conv-stack';
import { SequentialNet } from './net';

/** The book's six 3x3 convolutions; the fourth pads by 2 so the 14x14 maps grow to 16x16. */
const CONVS = [
  { filters: 16, pad: 1 },
  { filters: 16, pad: 1, poolAfter: true },
  { filters: 32, pad: 1 },
  { filters: 32, pad: 2, poolAfter: true },
  { filters: 64, pad: 1 },
  { filters: 64, pad: 1, poolAfter: true },
] as const;

/**
 * Ch. 8's deep CNN (99.38% in the book):
 * (conv-relu-conv-relu-pool) x3 - affine 50 - relu - dropout - affine 10 - dropout - softmax.
 * He initialisation throughout, as in the book. `config.convPath` chooses the conv and pool
 * layers (conv-stack.ts).
 */
export class DeepConvNet extends SequentialNet {
  constructor(config: DeepConvNetConfig, seed = 0) {
    DeepConvNet.checkInput(config.inputShape);
    const rng = new Rng(seed);
    const dropoutRng = rng.fork();
    let [c, h, w] = config.inputShape;
    const stack = new ConvStack(config.convPath);
    const convs: Layer[] = [];
    CONVS.forEach((spec, i) => {
      const shape: [number, number, number, number] = [spec.filters, c, 3, 3];
      convs.push(
        stack.convolution(i + 1, shape, initStd('he', c * 9), rng, 1, spec.pad),
        new Relu(),
      );
      ({ oh: h, ow: w } = convOutputSize({ c, h, w, fh: 3, fw: 3, stride: 1, pad: spec.pad }));
      c = spec.filters;
      if ('poolAfter' in spec) {
        convs.push(stack.maxPool2x2());
        ({ oh: h, ow: w } = convOutputSize({ c, h, w, fh: 2, fw: 2, stride: 2, pad: 0 }));
      }
    });
    const layers = stack.enclose(convs);
    const flat = c * h * w;
    const { hiddenSize, outputSize, dropoutRatio } = config;
    layers.push(
      new Affine(
        { name: 'W7', value: randomWeight(rng, [flat, hiddenSize], initStd('he', flat)) },
        { name: 'b7', value: zerosWeight([hiddenSize]) },
      ),
      new Relu(),
    );
    if (dropoutRatio > 0) layers.push(new Dropout(dropoutRatio, dropoutRng));
    layers.push(
      new Affine(
        {
          name: 'W8',
          value: randomWeight(rng, [hiddenSize, outputSize], initStd('he', hiddenSize)),
        },
        { name: 'b8', value: zerosWeight([outputSize]) },
      ),
    );
    if (dropoutRatio > 0) layers.push(new Dropout(dropoutRatio, dropoutRng));
    super(config, config.inputShape, layers, new SoftmaxWithLoss(), config.weightDecay, dropoutRng);
  }

  /** Walk the geometry first, so an input size the convs and pools cannot tile fails before any weight exists. */
  private static checkInput([c, h, w]: readonly [number, number, number]): void {
    for (const spec of CONVS) {
      ({ oh: h, ow: w } = convOutputSize({ c, h, w, fh: 3, fw: 3, stride: 1, pad: spec.pad }));
      c = spec.filters;
      if ('poolAfter' in spec)
        ({ oh: h, ow: w } = convOutputSize({ c, h, w, fh: 2, fw: 2, stride: 2, pad: 0 }));
    }
  }
}
