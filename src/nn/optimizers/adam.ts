import * as tf from '@tensorflow/tfjs-core';
import { adamUpdate, hasAdamUpdate } from '../kernels/adam-update';
import { type GradMap, gradFor, type Optimizer, type ParamMap } from './optimizer';
import { Slots } from './slots';

/**
 * Adam in the book's form (common/optimizer.py), bias correction folded into the step size:
 * lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * m <- m + (1 - beta1)(dW - m);  v <- v + (1 - beta2)(dW^2 - v);  W <- W - lr_t * m / (sqrt(v) + 1e-7)
 */
export class Adam implements Optimizer {
  readonly name = 'adam';
  private readonly m = new Slots();
  private readonly v = new Slots();
  private iter = 0;
  constructor(
    public lr = 0.001,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
  ) {}

  update(params: ParamMap, grads: GradMap): void {
    this.iter++;
    const { beta1, beta2 } = this;
    const lrT = (this.lr * Math.sqrt(1 - beta2 ** this.iter)) / (1 - beta1 ** this.iter);
    // One fused kernel a parameter where the backend has it: the same bits as the chain below.
    const fused = hasAdamUpdate();
    tf.tidy(() => {
      for (const [key, p] of params) {
        const g = gradFor(grads, key);
        const m = this.m.get(key, p);
        const v = this.v.get(key, p);
        if (fused) {
          const [p1, m1, v1] = adamUpdate(p, g, m, v, { lr: lrT, beta1, beta2, epsilon: 1e-7 });
          m.assign(m1);
          v.assign(v1);
          p.assign(p1);
          continue;
        }
        m.assign(tf.add(m, tf.mul(1 - beta1, tf.sub(g, m))));
        v.assign(tf.add(v, tf.mul(1 - beta2, tf.sub(tf.square(g), v))));
        p.assign(tf.sub(p, tf.div(tf.mul(lrT, m), tf.add(tf.sqrt(v), 1e-7))));
      }
    });
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
