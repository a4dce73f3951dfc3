import * as tf from '@tensorflow/tfjs-core';
import { StatelessLayer } from './layer';

/**
 * Memory layout of image activations. The book (and our nets' inputs, weights and feature
 * maps) use NCHW; the backends' conv2d and pooling kernels work in NHWC. The kernels conv path
 * keeps activations in NHWC between layers, so the transposes happen twice per net instead
 * of around every kernel.
 */
export type Layout = 'NCHW' | 'NHWC';

/** [N, C, H, W] -> [N, H, W, C] (a plain reshape when C = 1, as for MNIST). */
export function toChannelsLast(x: tf.Tensor): tf.Tensor4D {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  if (c === 1) return tf.reshape(x, [n, h, w, 1]) as tf.Tensor4D;
  return tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
}

/** [N, H, W, C] -> [N, C, H, W] (a plain reshape when C = 1). */
export function toChannelsFirst(x: tf.Tensor): tf.Tensor4D {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  if (c === 1) return tf.reshape(x, [n, 1, h, w]) as tf.Tensor4D;
  return tf.transpose(x, [0, 3, 1, 2]) as tf.Tensor4D;
}

/**
 * The edge of a net's NHWC part. `new LayoutChange('NHWC')` (kind ChannelsLast) enters it;
 * `new LayoutChange('NCHW')` (kind ChannelsFirst) leaves it, so that a following Affine
 * flattens in the book's (C, H, W) order and its weights mean the same as in an all-NCHW net
 * (model files agree). The backward changes dout back.
 */
export class LayoutChange extends StatelessLayer {
  readonly kind: 'ChannelsLast' | 'ChannelsFirst';

  constructor(readonly to: Layout) {
    super();
    this.kind = to === 'NHWC' ? 'ChannelsLast' : 'ChannelsFirst';
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 4) {
      const from = this.to === 'NHWC' ? '[N, C, H, W]' : '[N, H, W, C]';
      throw new Error(`${this.kind} expects ${from}, got [${x.shape}]`);
    }
    return this.to === 'NHWC' ? toChannelsLast(x) : toChannelsFirst(x);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    return this.to === 'NHWC' ? toChannelsFirst(dout) : toChannelsLast(dout);
  }
}
