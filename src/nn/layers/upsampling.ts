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
    // Nearest-neighbour resizing by f is exactly the block copy (source = floor(target / f)),
    // and one kernel on every backend, where a 6-D tile is a slow general gather on wasm.
    return tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [h * f, w * f], false, false);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const [n, h, w, c] = cached(this.inputShape, this.kind, 'input shape');
    const f = this.factor;
    // The sum of each f x f block is f² times its average: one pooling kernel (a 6-D sum would
    // transpose on wasm).
    const summed = tf.mul(tf.avgPool(dout as tf.Tensor4D, f, f, 'valid'), f * f);
    if (
      summed.shape[1] !== h ||
      summed.shape[2] !== w ||
      summed.shape[0] !== n ||
      summed.shape[3] !== c
    )
      throw new Error(`Upsampling.backward: dout [${dout.shape}] is not the forward's output`);
    return summed;
  }
}
