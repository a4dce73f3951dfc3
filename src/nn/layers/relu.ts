import * as tf from '@tensorflow/tfjs-core';
import { cached, StatelessLayer } from './layer';

/**
 * ReLU (ch. 5.5.1): forward passes x where x > 0 and 0 elsewhere; backward zeroes dout where
 * x <= 0. The book keeps the mask x <= 0; we keep the output instead, whose positive entries
 * are exactly the mask's complement: step(out) is 1 where x > 0, else 0. One kernel each way
 * (relu, then step and a multiply) instead of compare, cast and multiply.
 */
export class Relu extends StatelessLayer {
  readonly kind = 'Relu';
  /** The last output, max(x, 0). */
  private out: tf.Tensor | null = null;

  forward(x: tf.Tensor): tf.Tensor {
    this.out = tf.relu(x);
    return this.out;
  }

  backward(dout: tf.Tensor): tf.Tensor {
    return tf.mul(dout, tf.step(cached(this.out, this.kind, 'output')));
  }
}
