import * as tf from '@tensorflow/tfjs-core';
import { type GradMap, gradFor, type Optimizer, type ParamMap } from './optimizer';
import { Slots } from './slots';

/** v <- momentum*v - lr*dW;  W <- W + v */
export class Momentum implements Optimizer {
  readonly name = 'momentum';
  private readonly v = new Slots();
  constructor(
    public lr = 0.01,
    readonly momentum = 0.9,
  ) {}

  update(params: ParamMap, grads: GradMap): void {
    tf.tidy(() => {
      for (const [key, p] of params) {
        const v = this.v.get(key, p);
        v.assign(tf.sub(tf.mul(this.momentum, v), tf.mul(this.lr, gradFor(grads, key))));
        p.assign(tf.add(p, v));
      }
    });
  }

  dispose(): void {
    this.v.dispose();
  }
}
