import * as tf from '@tensorflow/tfjs-core';
import { cached, StatelessLayer } from './layer';

/** Flatten [N, ...] to [N, prod(...)]; backward restores the shape. */
export class Flatten extends StatelessLayer {
  readonly kind = 'Flatten';
  private inputShape: number[] | null = null;

  forward(x: tf.Tensor): tf.Tensor {
    this.inputShape = x.shape;
    return tf.reshape(x, [x.shape[0], -1]);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    return tf.reshape(dout, cached(this.inputShape, this.kind, 'input shape'));
  }
}
