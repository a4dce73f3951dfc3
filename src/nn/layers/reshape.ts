import * as tf from '@tensorflow/tfjs-core';
import { cached, StatelessLayer } from './layer';

/**
 * Reshape each sample to `shape` (the batch axis kept): DCGAN's generator turns its affine
 * layer's [N, H·W·C] output into an NHWC feature map [N, H, W, C]. Backward restores the
 * input's shape.
 */
export class Reshape extends StatelessLayer {
  readonly kind = 'Reshape';
  private inputShape: number[] | null = null;

  constructor(readonly shape: readonly number[]) {
    super();
    if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 1))
      throw new Error(`Reshape needs positive integer sizes, got [${shape}]`);
  }

  forward(x: tf.Tensor): tf.Tensor {
    const per = this.shape.reduce((a, b) => a * b, 1);
    if (x.rank < 1 || x.size !== x.shape[0] * per)
      throw new Error(`Reshape to [N, ${this.shape}] cannot take [${x.shape}]`);
    this.inputShape = x.shape;
    return tf.reshape(x, [x.shape[0], ...this.shape]);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    return tf.reshape(dout, cached(this.inputShape, this.kind, 'input shape'));
  }
}
