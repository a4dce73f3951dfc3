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

export class InstanceNormalization implements Layer {
  readonly kind = 'InstanceNormalization';
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable> = new Map();
  /** The normalised input x̂ of the last forward. */
  private xhat: tf.Tensor4D | null = null;
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
    const { mean, variance } = tf.moments(x, [1, 2], true);
    this.invStd = tf.rsqrt(tf.add(variance, this.epsilon)) as tf.Tensor4D;
    this.xhat = tf.mul(tf.sub(x, mean), this.invStd) as tf.Tensor4D;
    return tf.add(tf.mul(this.xhat, this.gamma.value), this.beta.value);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const xhat = cached(this.xhat, this.kind, 'normalised input');
    const invStd = cached(this.invStd, this.kind, 'inverse deviation');
    this.grads.set(this.beta.name, tf.sum(dout, [0, 1, 2]));
    this.grads.set(this.gamma.name, tf.sum(tf.mul(dout, xhat), [0, 1, 2]));
    const dxhat = tf.mul(dout, this.gamma.value);
    const meanD = tf.mean(dxhat, [1, 2], true);
    const meanDX = tf.mean(tf.mul(dxhat, xhat), [1, 2], true);
    return tf.mul(tf.sub(tf.sub(dxhat, meanD), tf.mul(xhat, meanDX)), invStd);
  }

  dispose(): void {
    this.gamma.value.dispose();
    this.beta.value.dispose();
  }
}
