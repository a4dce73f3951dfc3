/**
 * The sums and means over many rows that the layers' backward (and instance norm's forward)
 * need, written for the backend at hand.
 *
 * wasm reduces only along the last axis, so tf.sum over axis 0 (or over an image's pixels)
 * transposes the whole tensor first; a product with a row of ones is no better, because wasm's
 * matMul packs its right operand afresh for every new tensor (dout is new at every step).
 * Average pooling over one window reads the tensor once. On wasm here, each tensor fresh:
 * [57600, 30] (SimpleConvNet's first convolution at batch 100) about 0.9 ms against 3.8 ms
 * summed and ~10 ms by the product with ones. Other backends keep tf.sum / tf.mean: a single
 * window of R rows is one long serial loop per column on a GPU.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Whether one big pooling window is the fast way to reduce over rows or pixels here. */
function poolToReduce(rows: number): boolean {
  return tf.getBackend() === 'wasm' && rows >= 1024;
}

/** Σ over the rows of a matrix [R, C] -> [C]: a convolution's bias gradient. */
export function columnSum(d: tf.Tensor): tf.Tensor1D {
  if (d.rank !== 2) throw new Error(`columnSum expects a matrix [R, C], got [${d.shape}]`);
  const [rows, cols] = d.shape as [number, number];
  if (!poolToReduce(rows)) return tf.sum(d, 0) as tf.Tensor1D;
  return tf.tidy(() => {
    const mean = tf.avgPool(
      tf.reshape(d, [1, rows, 1, cols]) as tf.Tensor4D,
      [rows, 1],
      1,
      'valid',
    );
    return tf.mul(tf.reshape(mean, [cols]), rows) as tf.Tensor1D;
  });
}

/** The mean over each image's pixels, per channel: [N, H, W, C] -> [N, 1, 1, C]. */
export function pixelMean(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  if (!poolToReduce(h * w)) return tf.mean(x, [1, 2], true) as tf.Tensor4D;
  return tf.avgPool(x, [h, w], 1, 'valid');
}
