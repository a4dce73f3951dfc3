import type { NetConfig } from './config';
import { DeepConvNet } from './deep-conv-net';
import { MultiLayerNet, MultiLayerNetExtend } from './multi-layer-net';
import type { SequentialNet } from './net';
import { SimpleConvNet } from './simple-conv-net';
import { TwoLayerNet } from './two-layer-net';

export * from './config';
export * from './net';
export { DeepConvNet, MultiLayerNet, MultiLayerNetExtend, SimpleConvNet, TwoLayerNet };

/** Build the net a config describes, its weights drawn from `seed`. */
export function createNet(config: NetConfig, seed = 0): SequentialNet {
  switch (config.kind) {
    case 'two-layer':
      return new TwoLayerNet(config, seed);
    case 'multi-layer':
      return new MultiLayerNet(config, seed);
    case 'multi-layer-extend':
      return new MultiLayerNetExtend(config, seed);
    case 'simple-conv':
      return new SimpleConvNet(config, seed);
    case 'deep-conv':
      return new DeepConvNet(config, seed);
  }
}
