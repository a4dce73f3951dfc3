/**
 * The style loss of Gatys et al.: how far the feature correlations of an image are from a
 * target's. For features F of one image [H, W, C] seen as the rows [H·W, C], the Gram matrix
 *
 *   G = Fᵀ F / (H·W·C)        [C, C]: which channels fire together, wherever they fire
 *
 * forgets where things are and keeps what textures are made of. The loss is the squared
 * Frobenius distance to the target Gram T, averaged over the batch:
 *
 *   L  = (1/N) Σ_n ‖G_n - T_n‖²_F
 *   dG = 2 (G - T) / N        dF = F (dG + dGᵀ) / (H·W·C)
 *
 * Dividing by H·W·C makes the Gram of a texture nearly the same at any image size (a style
 * image need not match the content's size) and keeps the layers' losses comparable.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached, type LossLayer } from './layer';

/** The Gram matrices [N, C, C] of NHWC features [N, H, W, C], normalised by H·W·C. */
export function gramMatrix(x: tf.Tensor): tf.Tensor3D {
  if (x.rank !== 4) throw new Error(`gramMatrix expects [N, H, W, C], got [${x.shape}]`);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  return tf.tidy(() => {
    const rows = tf.reshape(x, [n, h * w, c]) as tf.Tensor3D;
    return tf.div(tf.matMul(rows, rows, true, false), h * w * c) as tf.Tensor3D;
  });
}

export class GramStyleLoss implements LossLayer {
  readonly kind = 'GramStyleLoss';
  /** The Gram matrices [N, C, C] of the last forward. */
  output: tf.Tensor3D | null = null;
  private x: tf.Tensor4D | null = null;
  private target: tf.Tensor | null = null;

  /** x: features [N, H, W, C]; t: the target Gram, [C, C] for every image or [N, C, C]. */
  forward(x: tf.Tensor, t: tf.Tensor): tf.Scalar {
    const c = x.shape[3];
    const n = x.shape[0];
    const fits =
      (t.rank === 2 && t.shape[0] === c && t.shape[1] === c) ||
      (t.rank === 3 && t.shape[0] === n && t.shape[1] === c && t.shape[2] === c);
    if (x.rank !== 4 || !fits)
      throw new Error(
        `GramStyleLoss: target Gram [${t.shape}] must be [${c}, ${c}] or [${n}, ${c}, ${c}] for features [${x.shape}]`,
      );
    this.x = x as tf.Tensor4D;
    this.target = t;
    this.output = gramMatrix(x);
    return tf.div(tf.sum(tf.squaredDifference(this.output, t)), n) as tf.Scalar;
  }

  backward(): tf.Tensor {
    const x = cached(this.x, this.kind, 'features');
    const g = cached(this.output, this.kind, 'Gram');
    const t = cached(this.target, this.kind, 'target');
    const [n, h, w, c] = x.shape;
    const dG = tf.mul(tf.sub(g, t), 2 / n) as tf.Tensor3D;
    const sym = tf.add(dG, tf.transpose(dG, [0, 2, 1])) as tf.Tensor3D;
    const rows = tf.reshape(x, [n, h * w, c]) as tf.Tensor3D;
    return tf.reshape(tf.div(tf.matMul(rows, sym), h * w * c), x.shape);
  }
}
