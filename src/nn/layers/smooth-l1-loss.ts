/**
 * Smooth L1 (Huber) loss, Fast R-CNN's box regression loss: quadratic for errors under β,
 * linear beyond, so a far-off box does not swamp the batch and a near one is still pulled
 * in (an L2 loss's gradient fades as the error does; this one stays ±1 until β):
 *
 *   d    = x - t
 *   loss = Σ w · (|d| < β ? d² / (2β) : |d| - β/2) / Σ w
 *   dx   = w · clip(d / β, -1, 1) / Σ w
 *
 * The optional weights w (x's shape, >= 0; default all 1) pick and weigh the entries.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached } from './layer';

export class SmoothL1Loss {
  readonly kind = 'SmoothL1Loss';
  private d: tf.Tensor | null = null;
  private w: tf.Tensor | null = null;
  private total: tf.Scalar | null = null;

  constructor(readonly beta = 0.1) {
    if (!(beta > 0)) throw new Error(`SmoothL1Loss: beta must be > 0, got ${beta}`);
  }

  forward(x: tf.Tensor, t: tf.Tensor, weights?: tf.Tensor): tf.Scalar {
    if (!sameShape(x, t))
      throw new Error(`SmoothL1Loss: targets [${t.shape}] must match predictions [${x.shape}]`);
    if (weights && !sameShape(x, weights))
      throw new Error(
        `SmoothL1Loss: weights [${weights.shape}] must match predictions [${x.shape}]`,
      );
    this.d = tf.sub(x, tf.cast(t, 'float32'));
    this.w = weights ? tf.cast(weights, 'float32') : tf.onesLike(x);
    this.total = tf.maximum(tf.sum(this.w), 1e-12) as tf.Scalar;
    const a = tf.abs(this.d);
    const perEntry = tf.where(
      tf.less(a, this.beta),
      tf.div(tf.square(this.d), 2 * this.beta),
      tf.sub(a, this.beta / 2),
    );
    return tf.div(tf.sum(tf.mul(perEntry, this.w)), this.total);
  }

  backward(): tf.Tensor {
    const d = cached(this.d, this.kind, 'errors');
    const w = cached(this.w, this.kind, 'weights');
    return tf.div(
      tf.mul(tf.clipByValue(tf.div(d, this.beta), -1, 1), w),
      cached(this.total, this.kind, 'weight sum'),
    );
  }
}

function sameShape(a: tf.Tensor, b: tf.Tensor): boolean {
  return a.rank === b.rank && a.shape.every((s, i) => s === b.shape[i]);
}
