import * as tf from '@tensorflow/tfjs-core';
import { type GradMap, gradFor, type Optimizer, type ParamMap } from './optimizer';
import { Slots } from './slots';

/** h <- decay*h + (1-decay)*dW*dW;  W <- W - lr * dW / (sqrt(h) + 1e-7) */
export class RMSProp implements Optimizer {
  readonly name = 'rmsprop';
  private readonly h = new Slots();
  constructor(
    public lr = 0.01,
    readonly decayRate = 0.99,
  ) {}

  update(params: ParamMap, grads: GradMap): void {
    const d = this.decayRate;
    tf.tidy(() => {
      for (const [key, p] of params) {
        const g = gradFor(grads, key);
        const h = this.h.get(key, p);
        h.assign(tf.add(tf.mul(d, h), tf.mul(1 - d, tf.square(g))));
        p.assign(tf.sub(p, tf.div(tf.mul(this.lr, g), tf.add(tf.sqrt(h), 1e-7))));
      }
    });
  }

  dispose(): void {
    this.h.dispose();
  }
}
