import { initStd, randomWeight, zerosWeight } from '../init';
import { Affine } from '../layers/affine';
import { SoftmaxWithLoss } from '../layers/softmax-with-loss';
import { Rng } from '../rng';
import { activationLayer } from './activation-layer';
import type { TwoLayerNetConfig } from './config';
import { SequentialNet } from './net';

/** Ch. 4-5: Affine(W1,b1) - activation - Affine(W2,b2) - SoftmaxWithLoss. */
export class TwoLayerNet extends SequentialNet {
  constructor(config: TwoLayerNetConfig, seed = 0) {
    const rng = new Rng(seed);
    const { inputSize: i, hiddenSize: h, outputSize: o } = config;
    const layers = [
      new Affine(
        { name: 'W1', value: randomWeight(rng, [i, h], initStd(config.init, i)) },
        { name: 'b1', value: zerosWeight([h]) },
      ),
      activationLayer(config.activation),
      new Affine(
        { name: 'W2', value: randomWeight(rng, [h, o], initStd(config.init, h)) },
        { name: 'b2', value: zerosWeight([o]) },
      ),
    ];
    super(config, [i], layers, new SoftmaxWithLoss(), 0, rng.fork());
  }
}
