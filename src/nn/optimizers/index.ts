import { AdaGrad } from './adagrad';
import { Adam } from './adam';
import { Momentum } from './momentum';
import { Nesterov } from './nesterov';
import { DEFAULT_LR, type Optimizer, type OptimizerName } from './optimizer';
import { RMSProp } from './rmsprop';
import { SGD } from './sgd';

export * from './optimizer';
export { AdaGrad, Adam, Momentum, Nesterov, RMSProp, SGD };

export function createOptimizer(name: OptimizerName, lr: number = DEFAULT_LR[name]): Optimizer {
  if (!(lr > 0) || !Number.isFinite(lr))
    throw new Error(`learning rate must be a positive number, got ${lr}`);
  switch (name) {
    case 'sgd':
      return new SGD(lr);
    case 'momentum':
      return new Momentum(lr);
    case 'nesterov':
      return new Nesterov(lr);
    case 'adagrad':
      return new AdaGrad(lr);
    case 'rmsprop':
      return new RMSProp(lr);
    case 'adam':
      return new Adam(lr);
  }
}
