import type { Layer } from '../layers/layer';
import { Relu } from '../layers/relu';
import { Sigmoid } from '../layers/sigmoid';
import { Tanh } from '../layers/tanh';
import type { Activation } from './config';

export function activationLayer(a: Activation): Layer {
  switch (a) {
    case 'relu':
      return new Relu();
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
  }
}
