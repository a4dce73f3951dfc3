import { initStd, onesWeight, randomWeight, zerosWeight } from '../init';
import { Affine } from '../layers/affine';
import { BatchNormalization } from '../layers/batch-normalization';
import { Dropout } from '../layers/dropout';
import type { Layer } from '../layers/layer';
import { SoftmaxWithLoss } from '../layers/softmax-with-loss';
import { Rng } from '../rng';
import { activationLayer } from './activation-layer';
import type { MultiLayerNetConfig, MultiLayerNetExtendConfig } from './config';
import { SequentialNet } from './net';

/**
 * Ch. 6: fully connected net of any depth. Each hidden layer is
 * Affine(Wk, bk) [- BatchNorm(gammak, betak)] - activation [- Dropout]; then a last Affine and
 * SoftmaxWithLoss. Batch norm and dropout exist only in the Extend configuration.
 */
export class MultiLayerNet extends SequentialNet {
  constructor(config: MultiLayerNetConfig | MultiLayerNetExtendConfig, seed = 0) {
    const rng = new Rng(seed);
    const dropoutRng = rng.fork();
    const extend = config.kind === 'multi-layer-extend' ? config : null;
    const sizes = [config.inputSize, ...config.hiddenSizes, config.outputSize];
    if (sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`layer sizes must be positive integers, got [${sizes}]`);
    }
    const layers: Layer[] = [];
    for (let k = 1; k < sizes.length; k++) {
      const fanIn = sizes[k - 1];
      const fanOut = sizes[k];
      layers.push(
        new Affine(
          { name: `W${k}`, value: randomWeight(rng, [fanIn, fanOut], initStd(config.init, fanIn)) },
          { name: `b${k}`, value: zerosWeight([fanOut]) },
        ),
      );
      if (k === sizes.length - 1) break;
      if (extend?.batchNorm) {
        layers.push(
          new BatchNormalization(
            { name: `gamma${k}`, value: onesWeight([fanOut]) },
            { name: `beta${k}`, value: zerosWeight([fanOut]) },
            { name: `running_mean${k}`, value: zerosWeight([fanOut]) },
            { name: `running_var${k}`, value: zerosWeight([fanOut]) },
          ),
        );
      }
      layers.push(activationLayer(config.activation));
      if (extend && extend.dropoutRatio > 0)
        layers.push(new Dropout(extend.dropoutRatio, dropoutRng));
    }
    super(
      config,
      [config.inputSize],
      layers,
      new SoftmaxWithLoss(),
      config.weightDecay,
      dropoutRng,
    );
  }
}

/** The book's name for the batch-norm/dropout variant; same class, Extend config. */
export class MultiLayerNetExtend extends MultiLayerNet {
  constructor(config: MultiLayerNetExtendConfig, seed = 0) {
    super(config, seed);
  }
}
