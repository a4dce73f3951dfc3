/**
 * Instance normalisation (Ulyanov et al. 2016), the normalisation of fast style transfer's
 * transformer nets: each image's each channel is normalised over its own pixels, so the
 * statistics of one image (its contrast, its overall colour) never leak into another's, and the
 * layer acts the same in training and at inference (no running averages). A learnt scale γ and
 * shift β per channel follow, as in batch normalisation. NHWC in and out:
 *
 *   μ, σ² = mean and variance of x[n, :, :, c]      x̂ = (x - μ) / sqrt(σ² + ε)
 *   y     = γ x̂ + β
 *   dβ    = Σ dout        dγ = Σ dout · x̂          (over batch and pixels)
 *   dx    = (dx̂ - mean(dx̂) - x̂ · mean(dx̂ · x̂)) / sqrt(σ² + ε),   dx̂ = γ dout
 *           (means over the pixels of the same image and channel, as μ and σ² are)
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached, type Layer, type NamedParam } from './layer';
import { columnSum, pixelMean } from './reductions';

export class InstanceNormalization implements Layer {
  readonly kind = 'InstanceNormalization';
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable> = new Map();
  /** x - μ of the last forward (x̂ = (x - μ) / σ is made again in backward, as training only needs it). */
  private centred: tf.Tensor4D | null = null;
  /** 1 / sqrt(σ² + ε) per image and channel, [N, 1, 1, C]. */
  private invStd: tf.Tensor4D | null = null;

  constructor(
    readonly gamma: NamedParam,
    readonly beta: NamedParam,
    readonly epsilon = 1e-5,
  ) {
    const c = gamma.value.shape[0];
    if (gamma.value.rank !== 1 || beta.value.rank !== 1 || beta.value.shape[0] !== c)
      throw new Error(
        `InstanceNormalization ${gamma.name} and ${beta.name} must both be [C], got [${gamma.value.shape}] and [${beta.value.shape}]`,
      );
    if (!(epsilon > 0))
      throw new Error(`InstanceNormalization epsilon must be > 0, got ${epsilon}`);
    this.params = new Map([
      [gamma.name, gamma.value],
      [beta.name, beta.value],
    ]);
  }

  forward(x: tf.Tensor): tf.Tensor {
    const c = this.gamma.value.shape[0];
    if (x.rank !== 4 || x.shape[3] !== c)
      throw new Error(
        `InstanceNormalization ${this.gamma.name} expects [N, H, W, ${c}], got [${x.shape}]`,
      );
    const mean = pixelMean(x as tf.Tensor4D);
    const centred = tf.sub(x, mean) as tf.Tensor4D;
    const invStd = tf.rsqrt(tf.add(pixelMean(tf.square(centred)), this.epsilon)) as tf.Tensor4D;
    this.invStd = invStd;
    this.centred = centred;
    // y = γ x̂ + β as one multiply and one add on the image: γ / σ per image and channel first.
    return tf.add(tf.mul(centred, tf.mul(invStd, this.gamma.value)), this.beta.value);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const centred = cached(this.centred, this.kind, 'centred input');
    const invStd = cached(this.invStd, this.kind, 'inverse deviation');
    const xhat = tf.mul(centred, invStd);
    const c = this.gamma.value.shape[0];
    this.grads.set(this.beta.name, columnSum(tf.reshape(dout, [-1, c])));
    this.grads.set(this.gamma.name, columnSum(tf.reshape(tf.mul(dout, xhat), [-1, c])));
    const dxhat = tf.mul(dout, this.gamma.value) as tf.Tensor4D;
    const meanD = pixelMean(dxhat);
    const meanDX = pixelMean(tf.mul(dxhat, xhat) as tf.Tensor4D);
    return tf.mul(tf.sub(tf.sub(dxhat, meanD), tf.mul(xhat, meanDX)), invStd);
  }

  dispose(): void {
    this.gamma.value.dispose();
    this.beta.value.dispose();
  }
}
