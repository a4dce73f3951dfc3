import * as tf from '@tensorflow/tfjs-core';
import { type GradMap, gradFor, type Optimizer, type ParamMap } from './optimizer';
import { Slots } from './slots';

/** h <- h + dW*dW;  W <- W - lr * dW / (sqrt(h) + 1e-7) */
export class AdaGrad implements Optimizer {
  readonly name = 'adagrad';
  private readonly h = new Slots();
  constructor(public lr = 0.01) {}

  update(params: ParamMap, grads: GradMap): void {
    tf.tidy(() => {
      for (const [key, p] of params) {
        const g = gradFor(grads, key);
        const h = this.h.get(key, p);
        h.assign(tf.add(h, tf.square(g)));
        p.assign(tf.sub(p, tf.div(tf.mul(this.lr, g), tf.add(tf.sqrt(h), 1e-7))));
      }
    });
  }

  dispose(): void {
    this.h.dispose();
  }
}
