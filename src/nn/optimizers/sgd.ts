import * as tf from '@tensorflow/tfjs-core';
import { type GradMap, gradFor, type Optimizer, type ParamMap } from './optimizer';

/** W <- W - lr * dW */
export class SGD implements Optimizer {
  readonly name = 'sgd';
  constructor(public lr = 0.01) {}

  update(params: ParamMap, grads: GradMap): void {
    tf.tidy(() => {
      for (const [key, p] of params) p.assign(tf.sub(p, tf.mul(this.lr, gradFor(grads, key))));
    });
  }

  dispose(): void {}
}
