import * as tf from '@tensorflow/tfjs-core';
import { cached, StatelessLayer } from './layer';

/** Tanh: forward keeps y; backward is dout * (1 - y^2). */
export class Tanh extends StatelessLayer {
  readonly kind = 'Tanh';
  private out: tf.Tensor | null = null;

  forward(x: tf.Tensor): tf.Tensor {
    this.out = tf.tanh(x);
    return this.out;
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const y = cached(this.out, this.kind, 'output');
    return tf.mul(dout, tf.sub(1, tf.square(y)));
  }
}
