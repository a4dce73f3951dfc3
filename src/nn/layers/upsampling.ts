/**
 * Nearest-neighbour upsampling by an integer factor (NHWC): each pixel becomes an f x f block.
 * Backward sums each block of dout back into its pixel, the adjoint of the copy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached, StatelessLayer } from './layer';

export class Upsampling extends StatelessLayer {
  readonly kind = 'Upsampling';
  private inputShape: [number, number, number, number] | null = null;

  constructor(readonly factor = 2) {
    super();
    if (!Number.isInteger(factor) || factor < 1)
      throw new Error(`Upsampling factor must be a positive integer, got ${factor}`);
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 4) throw new Error(`Upsampling expects [N, H, W, C], got [${x.shape}]`);
    const [n, h, w, c] = x.shape as [number, number, number, number];
    this.inputShape = [n, h, w, c];
    const f = this.factor;
    const blocks = tf.tile(tf.reshape(x, [n, h, 1, w, 1, c]), [1, 1, f, 1, f, 1]);
    return tf.reshape(blocks, [n, h * f, w * f, c]);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const [n, h, w, c] = cached(this.inputShape, this.kind, 'input shape');
    const f = this.factor;
    return tf.sum(tf.reshape(dout, [n, h, f, w, f, c]), [2, 4]);
  }
}
