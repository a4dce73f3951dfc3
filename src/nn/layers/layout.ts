import * as tf from '@tensorflow/tfjs-core';
import { StatelessLayer } from './layer';

/**
 * Memory layout of image activations. The book (and our nets' inputs, weights and feature
 * maps) use NCHW; the backends' conv2d and pooling kernels work in NHWC. The fast conv path
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

/** Enters the NHWC part of a net: NCHW in, NHWC out; backward turns dout back to NCHW. */
export class ChannelsLast extends StatelessLayer {
  readonly kind = 'ChannelsLast';
  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 4) throw new Error(`ChannelsLast expects [N, C, H, W], got [${x.shape}]`);
    return toChannelsLast(x);
  }
  backward(dout: tf.Tensor): tf.Tensor {
    return toChannelsFirst(dout);
  }
}

/**
 * Leaves the NHWC part: NHWC in, NCHW out, so that a following Affine flattens in the book's
 * (C, H, W) order and its weights mean the same as in an all-NCHW net (model files agree).
 */
export class ChannelsFirst extends StatelessLayer {
  readonly kind = 'ChannelsFirst';
  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 4) throw new Error(`ChannelsFirst expects [N, H, W, C], got [${x.shape}]`);
    return toChannelsFirst(x);
  }
  backward(dout: tf.Tensor): tf.Tensor {
    return toChannelsLast(dout);
  }
}
