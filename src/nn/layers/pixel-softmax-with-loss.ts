/**
 * SoftmaxWithLoss for every pixel at once (FCN's loss): scores [N, H, W, K], labels [N, H, W]
 * (class indices; 255 = void, left out as in VOC). The loss is the mean cross-entropy over
 * the counted pixels; the backward is the book's (y - t) / count on counted pixels, 0 on void.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached, type LossLayer } from './layer';

export const VOID_LABEL = 255;

export class PixelSoftmaxWithLoss implements LossLayer {
  readonly kind = 'PixelSoftmaxWithLoss';
  /** Softmax over the last axis of the last forward. */
  output: tf.Tensor | null = null;
  private oneHot: tf.Tensor | null = null;
  /** 1 for counted pixels, 0 for void, shaped [N, H, W, 1]. */
  private mask: tf.Tensor | null = null;
  /** Counted pixels (at least 1), a scalar tensor: no read-back to the CPU in the step. */
  private count: tf.Scalar | null = null;

  forward(x: tf.Tensor, t: tf.Tensor): tf.Scalar {
    if (x.rank !== 4)
      throw new Error(`PixelSoftmaxWithLoss expects scores [N, H, W, K], got [${x.shape}]`);
    const [n, h, w, k] = x.shape;
    if (t.rank !== 3 || t.shape[0] !== n || t.shape[1] !== h || t.shape[2] !== w)
      throw new Error(`PixelSoftmaxWithLoss: labels must be [${n}, ${h}, ${w}], got [${t.shape}]`);
    const labels = tf.cast(t, 'int32');
    const counted = tf.cast(tf.notEqual(labels, tf.scalar(VOID_LABEL, 'int32')), 'float32');
    // Void pixels get class 0 in the one-hot and are masked out of loss and gradient.
    const safe = tf.mul(labels, tf.cast(counted, 'int32'));
    this.mask = tf.expandDims(counted, 3);
    this.oneHot = tf.reshape(tf.cast(tf.oneHot(tf.reshape(safe, [-1]), k), 'float32'), x.shape);
    this.count = tf.maximum(tf.sum(counted), 1) as tf.Scalar;
    const logp = tf.logSoftmax(x);
    this.output = tf.exp(logp);
    const perPixel = tf.neg(tf.sum(tf.mul(this.oneHot, logp), 3, true));
    return tf.div(tf.sum(tf.mul(perPixel, this.mask)), this.count);
  }

  backward(): tf.Tensor {
    const y = cached(this.output, this.kind, 'softmax output');
    const t = cached(this.oneHot, this.kind, 'targets');
    const m = cached(this.mask, this.kind, 'void mask');
    return tf.div(tf.mul(tf.sub(y, t), m), cached(this.count, this.kind, 'pixel count'));
  }
}
