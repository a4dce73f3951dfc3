/**
 * What the GAN's nets take besides weights: noise z and, for a conditional net, the labels
 * asked for (int32 [N]), turned into one-hot rows for the generator and into one constant
 * plane per class for the discriminator.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface GanInput {
  /** Noise [N, noiseWidth]: z's Gaussians (and an InfoGAN's code one-hot). */
  z: tf.Tensor;
  /** int32 [N], each in 0..classes-1; only (and always) for a conditional net. */
  labels?: tf.Tensor;
}

/** Throws unless `labels` is there exactly when the net is conditional, with n entries. */
export function checkLabels(
  labels: tf.Tensor | undefined,
  classes: number,
  n: number,
  net: string,
): void {
  if (classes === 0) {
    if (labels) throw new Error(`${net}: an unconditional net takes no labels`);
    return;
  }
  if (!labels) throw new Error(`${net}: a conditional net needs labels [${n}]`);
  if (labels.rank !== 1 || labels.shape[0] !== n || labels.dtype !== 'int32')
    throw new Error(`${net} takes int32 labels [${n}], got ${labels.dtype} [${labels.shape}]`);
}

/** One-hot rows [N, classes] (float32). */
export function oneHot(labels: tf.Tensor, classes: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(labels as tf.Tensor1D, classes), 'float32') as tf.Tensor2D;
}

/**
 * One plane per class [N, size, size, classes]: 1 everywhere on the label's plane, else 0.
 * A broadcast product with a plane of ones, not tf.tile: wasm's Tile walks every output index
 * (~90 ms for a batch of 128 at 28x28 against ~4 ms).
 */
export function labelPlanes(labels: tf.Tensor, classes: number, size: number): tf.Tensor4D {
  const n = labels.shape[0];
  return tf.mul(
    tf.reshape(oneHot(labels, classes), [n, 1, 1, classes]),
    tf.ones([1, size, size, 1]),
  ) as tf.Tensor4D;
}
