import * as tf from '@tensorflow/tfjs-core';
import { cached, StatelessLayer } from './layer';

/** ReLU: forward keeps the mask x <= 0; backward zeroes dout there (ch. 5.5.1). */
export class Relu extends StatelessLayer {
  readonly kind = 'Relu';
  /** 1 where x > 0, else 0. */
  private mask: tf.Tensor | null = null;

  forward(x: tf.Tensor): tf.Tensor {
    this.mask = tf.cast(tf.greater(x, 0), 'float32');
    return tf.mul(x, this.mask);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    return tf.mul(dout, cached(this.mask, this.kind, 'mask'));
  }
}
