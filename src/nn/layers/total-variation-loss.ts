/**
 * Total variation loss (squared form, as in Johnson et al.'s fast style transfer): the mean
 * squared difference between neighbouring pixels, down and across, of an NHWC image. A small
 * weight of it keeps an optimised image from the high-frequency speckle that feature losses
 * alone allow.
 *
 *   L  = (Σ (x[i+1, j] - x[i, j])² + Σ (x[i, j+1] - x[i, j])²) / (N·H·W·C)
 *   dx = 2/(N·H·W·C) · (dh[i-1, j] - dh[i, j] + dw[i, j-1] - dw[i, j])
 *        where dh, dw are those differences and a difference past the edge counts 0.
 *
 * Not a LossLayer (it has no target): forward takes the image alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached } from './layer';

export class TotalVariationLoss {
  readonly kind = 'TotalVariationLoss';
  /** Differences down (dh [N, H-1, W, C]) and across (dw [N, H, W-1, C]) of the last input. */
  private diffs: { dh: tf.Tensor4D; dw: tf.Tensor4D } | null = null;

  forward(x: tf.Tensor): tf.Scalar {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    if (x.rank !== 4 || h < 2 || w < 2)
      throw new Error(`TotalVariationLoss expects [N, H >= 2, W >= 2, C], got [${x.shape}]`);
    const dh = tf.sub(
      tf.slice(x, [0, 1, 0, 0], [n, h - 1, w, c]),
      tf.slice(x, 0, [n, h - 1, w, c]),
    );
    const dw = tf.sub(
      tf.slice(x, [0, 0, 1, 0], [n, h, w - 1, c]),
      tf.slice(x, 0, [n, h, w - 1, c]),
    );
    this.diffs = { dh: dh as tf.Tensor4D, dw: dw as tf.Tensor4D };
    return tf.div(tf.add(tf.sum(tf.square(dh)), tf.sum(tf.square(dw))), x.size) as tf.Scalar;
  }

  backward(): tf.Tensor {
    const { dh, dw } = cached(this.diffs, this.kind, 'differences');
    const [n, hm1, w, c] = dh.shape;
    const size = n * (hm1 + 1) * w * c;
    const along = (d: tf.Tensor4D, axis: 1 | 2) => {
      const pads = (before: number, after: number) =>
        [0, 1, 2, 3].map((i): [number, number] => (i === axis ? [before, after] : [0, 0]));
      // Pixel i is the minuend of difference i-1 and the subtrahend of difference i.
      return tf.sub(tf.pad(d, pads(1, 0)), tf.pad(d, pads(0, 1)));
    };
    return tf.mul(tf.add(along(dh, 1), along(dw, 2)), 2 / size);
  }
}
