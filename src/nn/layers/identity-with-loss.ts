import * as tf from '@tensorflow/tfjs-core';
import { meanSquaredError } from '../functions';
import { cached, type LossLayer } from './layer';

/** Identity output with the mean squared error, for regression: backward is (y - t) / N. */
export class IdentityWithLoss implements LossLayer {
  readonly kind = 'IdentityWithLoss';
  output: tf.Tensor | null = null;
  private t: tf.Tensor | null = null;

  forward(x: tf.Tensor, t: tf.Tensor): tf.Scalar {
    this.output = x;
    this.t = t;
    return meanSquaredError(x, t);
  }

  backward(): tf.Tensor {
    const y = cached(this.output, this.kind, 'output');
    const t = cached(this.t, this.kind, 'targets');
    const n = y.rank === 1 ? 1 : y.shape[0];
    return tf.div(tf.sub(y, t), n);
  }
}
