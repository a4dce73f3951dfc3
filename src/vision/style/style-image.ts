/**
 * Images in and out of the optimiser: 8-bit RGB pictures (PNG files, our generated styles and
 * scenes) to float tensors [1, H, W, 3] in [0, 1] and back, and the working size a picture is
 * brought to.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '../../data/png';

/** Sides are multiples of this: three 2x2 poolings then divide them exactly. */
export const SIDE_STEP = 8;

/** [1, H, W, 3] in [0, 1]. */
export function imageToTensor(image: RgbImage): tf.Tensor4D {
  return tf.tidy(() =>
    tf.div(tf.tensor4d(Float32Array.from(image.data), [1, image.height, image.width, 3]), 255),
  );
}

/** Float RGB in [0, 1] (H·W·3, row-major) -> 8-bit RGB, clamped and rounded. */
export function floatsToImage(values: ArrayLike<number>, width: number, height: number): RgbImage {
  if (values.length !== width * height * 3)
    throw new Error(`floatsToImage: ${values.length} values for a ${width}x${height} RGB image`);
  const data = new Uint8Array(values.length);
  for (let i = 0; i < data.length; i++) {
    const v = values[i] as number;
    data[i] = Math.round(Math.max(0, Math.min(1, v)) * 255);
  }
  return { width, height, data };
}

/**
 * The size a width x height picture is worked at when its longer side becomes `size`: the
 * aspect kept, each side rounded to a multiple of 8 (at least 16).
 */
export function fitSize(
  width: number,
  height: number,
  size: number,
): { width: number; height: number } {
  const scale = size / Math.max(width, height);
  const side = (n: number) => Math.max(16, Math.round((n * scale) / SIDE_STEP) * SIDE_STEP);
  return { width: side(width), height: side(height) };
}

/** The picture resized (bilinear) to width x height, as a tensor [1, H, W, 3] in [0, 1]. */
export function resizedTensor(image: RgbImage, width: number, height: number): tf.Tensor4D {
  return tf.tidy(() => {
    const t = imageToTensor(image);
    if (image.width === width && image.height === height) return t;
    return tf.clipByValue(tf.image.resizeBilinear(t, [height, width], true), 0, 1) as tf.Tensor4D;
  });
}
