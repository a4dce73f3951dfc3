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
 *
 * Optional weights w (x's shape, >= 0) pick and weigh the elements: L = Σ w·huber / Σ w (a
 * detector's box regression, where only the cells holding a box count). Fast R-CNN's smooth
 * L1 with β is this loss with delta = β, divided by β.
 */
export class HuberLoss implements LossLayer {
  readonly kind = 'HuberLoss';
  output: tf.Tensor | null = null;
  /** d = x - t of the last forward. */
  private diff: tf.Tensor | null = null;
  private w: tf.Tensor | null = null;
  /** Σ w, a scalar tensor (no read-back in the step). */
  private total: tf.Scalar | null = null;

  constructor(readonly delta = 1) {
    if (!(delta > 0) || !Number.isFinite(delta))
      throw new Error(`Huber delta must be a positive number, got ${delta}`);
  }

  forward(x: tf.Tensor, t: tf.Tensor, weights?: tf.Tensor): tf.Scalar {
    if (!sameShape(x.shape, t.shape))
      throw new Error(`HuberLoss: predictions [${x.shape}] and targets [${t.shape}] differ`);
    if (weights && !sameShape(x.shape, weights.shape))
      throw new Error(`HuberLoss: weights [${weights.shape}] and predictions [${x.shape}] differ`);
    this.output = x;
    const d = tf.sub(x, t);
    this.diff = d;
    const absD = tf.abs(d);
    const quadratic = tf.mul(0.5, tf.square(d));
    const linear = tf.mul(this.delta, tf.sub(absD, 0.5 * this.delta));
    const perElement = tf.where(tf.lessEqual(absD, this.delta), quadratic, linear);
    if (!weights) {
      this.w = null;
      this.total = null;
      return tf.mean(perElement);
    }
    this.w = tf.cast(weights, 'float32');
    this.total = tf.maximum(tf.sum(this.w), 1e-12) as tf.Scalar;
    return tf.div(tf.sum(tf.mul(perElement, this.w)), this.total);
  }

  /** dL/dx = clip(d, -delta, delta) / size, or w · clip(d, -delta, delta) / Σ w. */
  backward(): tf.Tensor {
    const d = cached(this.diff, this.kind, 'difference');
    const clipped = tf.clipByValue(d, -this.delta, this.delta);
    if (!this.w) return tf.div(clipped, d.size);
    return tf.div(tf.mul(clipped, this.w), cached(this.total, this.kind, 'weight sum'));
  }
}
