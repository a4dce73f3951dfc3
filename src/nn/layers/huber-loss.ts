import * as tf from '@tensorflow/tfjs-core';
import { sameShape } from '../functions';
import { cached, type LossLayer } from './layer';

/**
 * Huber (smooth L1) loss, the error DQN clips (Mnih et al. 2015): with d = x - t,
 *   L = mean( 0.5 d^2            if |d| <= delta
 *             delta (|d| - 0.5 delta) otherwise )
 * Quadratic near zero, linear far away, so one large TD error cannot blow up the step:
 * its gradient is d clipped to [-delta, delta], divided by the number of elements.
 * `x` and `t` have the same shape; the mean is over all elements.
 */
export class HuberLoss implements LossLayer {
  readonly kind = 'HuberLoss';
  output: tf.Tensor | null = null;
  /** d = x - t of the last forward. */
  private diff: tf.Tensor | null = null;

  constructor(readonly delta = 1) {
    if (!(delta > 0) || !Number.isFinite(delta))
      throw new Error(`Huber delta must be a positive number, got ${delta}`);
  }

  forward(x: tf.Tensor, t: tf.Tensor): tf.Scalar {
    if (!sameShape(x.shape, t.shape))
      throw new Error(`HuberLoss: predictions [${x.shape}] and targets [${t.shape}] differ`);
    this.output = x;
    const d = tf.sub(x, t);
    this.diff = d;
    const absD = tf.abs(d);
    const quadratic = tf.mul(0.5, tf.square(d));
    const linear = tf.mul(this.delta, tf.sub(absD, 0.5 * this.delta));
    return tf.mean(tf.where(tf.lessEqual(absD, this.delta), quadratic, linear));
  }

  /** dL/dx = clip(d, -delta, delta) / size. */
  backward(): tf.Tensor {
    const d = cached(this.diff, this.kind, 'difference');
    return tf.div(tf.clipByValue(d, -this.delta, this.delta), d.size);
  }
}
