import * as tf from '@tensorflow/tfjs-core';
import { type GradMap, gradFor, type Optimizer, type ParamMap } from './optimizer';
import { Slots } from './slots';

/**
 * Nesterov's accelerated gradient in the book's form (common/optimizer.py):
 * v <- m*v - lr*dW;  W <- W + m*m*v - (1 + m)*lr*dW
 */
export class Nesterov implements Optimizer {
  readonly name = 'nesterov';
  private readonly v = new Slots();
  constructor(
    public lr = 0.01,
    readonly momentum = 0.9,
  ) {}

  update(params: ParamMap, grads: GradMap): void {
    const m = this.momentum;
    tf.tidy(() => {
      for (const [key, p] of params) {
        const g = gradFor(grads, key);
        const v = this.v.get(key, p);
        v.assign(tf.sub(tf.mul(m, v), tf.mul(this.lr, g)));
        p.assign(tf.sub(tf.add(p, tf.mul(m * m, v)), tf.mul((1 + m) * this.lr, g)));
      }
    });
  }

  dispose(): void {
    this.v.dispose();
  }
}
