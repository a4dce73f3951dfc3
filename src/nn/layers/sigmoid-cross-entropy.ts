/**
 * Sigmoid cross-entropy on logits (DCGAN's real/fake loss, a detector's objectness):
 *
 *   loss = Σ w · [max(x, 0) - x·t + log(1 + e^-|x|)] / Σ w      (stable for any x)
 *   dx   = w · (σ(x) - t) / Σ w
 *
 * t holds targets in [0, 1] (soft labels allowed) of x's shape; the optional weights w (same
 * shape, >= 0; default all 1) pick and weigh the entries that count.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached } from './layer';

export class SigmoidCrossEntropy {
  readonly kind = 'SigmoidCrossEntropy';
  /** σ(x) of the last forward. */
  output: tf.Tensor | null = null;
  private t: tf.Tensor | null = null;
  private w: tf.Tensor | null = null;
  /** Σ w, a scalar tensor (no read-back in the step). */
  private total: tf.Scalar | null = null;

  forward(x: tf.Tensor, t: tf.Tensor, weights?: tf.Tensor): tf.Scalar {
    if (!sameShape(x, t))
      throw new Error(`SigmoidCrossEntropy: targets [${t.shape}] must match logits [${x.shape}]`);
    if (weights && !sameShape(x, weights))
      throw new Error(
        `SigmoidCrossEntropy: weights [${weights.shape}] must match logits [${x.shape}]`,
      );
    this.t = tf.cast(t, 'float32');
    this.w = weights ? tf.cast(weights, 'float32') : tf.onesLike(x);
    this.total = tf.maximum(tf.sum(this.w), 1e-12) as tf.Scalar;
    this.output = tf.sigmoid(x);
    const perEntry = tf.add(
      tf.sub(tf.relu(x), tf.mul(x, this.t)),
      tf.log1p(tf.exp(tf.neg(tf.abs(x)))),
    );
    return tf.div(tf.sum(tf.mul(perEntry, this.w)), this.total);
  }

  backward(): tf.Tensor {
    const y = cached(this.output, this.kind, 'sigmoid output');
    const t = cached(this.t, this.kind, 'targets');
    const w = cached(this.w, this.kind, 'weights');
    return tf.div(tf.mul(tf.sub(y, t), w), cached(this.total, this.kind, 'weight sum'));
  }
}

function sameShape(a: tf.Tensor, b: tf.Tensor): boolean {
  return a.rank === b.rank && a.shape.every((s, i) => s === b.shape[i]);
}
