/**
 * The content loss of Gatys et al.: the mean squared difference between an image's features
 * and the content image's, so the picture keeps its layout while its textures change.
 *
 *   L = mean((x - t)²)        dx = 2 (x - t) / size(x)
 *
 * (IdentityWithLoss is the book's regression loss, halved and averaged over the batch only;
 * this one averages over every entry, so layers of different sizes weigh alike.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached, type LossLayer } from './layer';

export class ContentLoss implements LossLayer {
  readonly kind = 'ContentLoss';
  /** The features of the last forward. */
  output: tf.Tensor | null = null;
  private t: tf.Tensor | null = null;

  forward(x: tf.Tensor, t: tf.Tensor): tf.Scalar {
    if (x.shape.length !== t.shape.length || x.shape.some((s, i) => s !== t.shape[i]))
      throw new Error(`ContentLoss: target [${t.shape}] must match the features [${x.shape}]`);
    this.output = x;
    this.t = t;
    return tf.mean(tf.squaredDifference(x, t)) as tf.Scalar;
  }

  backward(): tf.Tensor {
    const x = cached(this.output, this.kind, 'features');
    const t = cached(this.t, this.kind, 'target');
    return tf.mul(tf.sub(x, t), 2 / x.size);
  }
}
