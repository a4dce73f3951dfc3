import * as tf from '@tensorflow/tfjs-core';
import { sigmoid } from '../functions';
import { cached, StatelessLayer } from './layer';

/** Sigmoid: forward keeps y; backward is dout * y * (1 - y) (ch. 5.5.2). */
export class Sigmoid extends StatelessLayer {
  readonly kind = 'Sigmoid';
  private out: tf.Tensor | null = null;

  forward(x: tf.Tensor): tf.Tensor {
    this.out = sigmoid(x);
    return this.out;
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const y = cached(this.out, this.kind, 'output');
    return tf.mul(dout, tf.mul(y, tf.sub(1, y)));
  }
}
