/**
 * Space-to-depth (NHWC): each b x b block of pixels becomes one pixel with b·b times the
 * channels, halving (b = 2) the resolution without losing a value. A stride-1 convolution
 * after it sees the same neighbourhood a strided one would, and runs on the backend's fast
 * stride-1 kernels: on wasm the backward of a stride-2 convolution (a transposed convolution
 * and a dilated one) costs several times its forward. Backward is the inverse rearrangement.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached, StatelessLayer } from './layer';

export class SpaceToDepth extends StatelessLayer {
  readonly kind = 'SpaceToDepth';
  private inputShape: [number, number, number, number] | null = null;

  constructor(readonly block = 2) {
    super();
    if (!Number.isInteger(block) || block < 2)
      throw new Error(`SpaceToDepth block must be an integer >= 2, got ${block}`);
  }

  forward(x: tf.Tensor): tf.Tensor {
    const b = this.block;
    const [n, h, w, c] = x.shape as [number, number, number, number];
    if (x.rank !== 4 || h % b !== 0 || w % b !== 0)
      throw new Error(
        `SpaceToDepth(${b}) expects [N, H, W, C] with H and W multiples of ${b}, got [${x.shape}]`,
      );
    this.inputShape = [n, h, w, c];
    const blocks = tf.transpose(tf.reshape(x, [n, h / b, b, w / b, b, c]), [0, 1, 3, 2, 4, 5]);
    return tf.reshape(blocks, [n, h / b, w / b, b * b * c]);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const [n, h, w, c] = cached(this.inputShape, this.kind, 'input shape');
    const b = this.block;
    const blocks = tf.transpose(tf.reshape(dout, [n, h / b, w / b, b, b, c]), [0, 1, 3, 2, 4, 5]);
    return tf.reshape(blocks, [n, h, w, c]);
  }
}
