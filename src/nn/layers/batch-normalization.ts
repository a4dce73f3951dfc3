import * as tf from '@tensorflow/tfjs-core';
import { cached, type Layer, type NamedParam } from './layer';

/** Added to the variance before the square root, as in the book. */
const EPS = 1e-7;

/**
 * Batch normalization (ch. 6.3). Training normalises with the batch mean and variance and
 * updates running averages; inference uses the running averages. A 4-D input [N, C, H, W] is
 * normalised per feature after flattening to [N, C*H*W], as the book's layer does.
 */
export class BatchNormalization implements Layer {
  readonly kind = 'BatchNormalization';
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable>;
  private inputShape: number[] | null = null;
  private xc: tf.Tensor | null = null;
  private xn: tf.Tensor | null = null;
  private std: tf.Tensor | null = null;

  constructor(
    readonly gamma: NamedParam,
    readonly beta: NamedParam,
    readonly runningMean: NamedParam,
    readonly runningVar: NamedParam,
    /** Weight of the old running average in each update. */
    readonly momentum = 0.9,
  ) {
    const d = gamma.value.shape[0];
    for (const p of [beta, runningMean, runningVar]) {
      if (p.value.rank !== 1 || p.value.shape[0] !== d) {
        throw new Error(
          `BatchNormalization ${p.name} must have shape [${d}], got [${p.value.shape}]`,
        );
      }
    }
    this.params = new Map([
      [gamma.name, gamma.value],
      [beta.name, beta.value],
    ]);
    this.state = new Map([
      [runningMean.name, runningMean.value],
      [runningVar.name, runningVar.value],
    ]);
  }

  forward(x: tf.Tensor, train: boolean): tf.Tensor {
    this.inputShape = x.shape;
    const x2 = tf.reshape(x, [x.shape[0], -1]);
    if (x2.shape[1] !== this.gamma.value.shape[0]) {
      throw new Error(
        `BatchNormalization ${this.gamma.name} expects ${this.gamma.value.shape[0]} features, got ${x2.shape[1]}`,
      );
    }
    let xn: tf.Tensor;
    if (train) {
      const mu = tf.mean(x2, 0);
      const xc = tf.sub(x2, mu);
      const variance = tf.mean(tf.square(xc), 0);
      const std = tf.sqrt(tf.add(variance, EPS));
      xn = tf.div(xc, std);
      this.xc = xc;
      this.std = std;
      const m = this.momentum;
      this.runningMean.value.assign(tf.add(tf.mul(m, this.runningMean.value), tf.mul(1 - m, mu)));
      this.runningVar.value.assign(
        tf.add(tf.mul(m, this.runningVar.value), tf.mul(1 - m, variance)),
      );
    } else {
      this.xc = null;
      this.std = null;
      const xc = tf.sub(x2, this.runningMean.value);
      xn = tf.div(xc, tf.sqrt(tf.add(this.runningVar.value, EPS)));
    }
    this.xn = xn;
    const out = tf.add(tf.mul(this.gamma.value, xn), this.beta.value);
    return tf.reshape(out, x.shape);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const xc = cached(this.xc, this.kind, 'centred input (was forward run in training mode?)');
    const xn = cached(this.xn, this.kind, 'normalised input');
    const std = cached(this.std, this.kind, 'std');
    const d = tf.reshape(dout, xn.shape);
    const n = d.shape[0];
    this.grads.set(this.beta.name, tf.sum(d, 0));
    this.grads.set(this.gamma.name, tf.sum(tf.mul(xn, d), 0));
    const dxn = tf.mul(this.gamma.value, d);
    let dxc = tf.div(dxn, std);
    const dstd = tf.neg(tf.sum(tf.div(tf.mul(dxn, xc), tf.mul(std, std)), 0));
    const dvar = tf.div(tf.mul(0.5, dstd), std);
    dxc = tf.add(dxc, tf.mul(tf.mul(2 / n, xc), dvar));
    const dmu = tf.sum(dxc, 0);
    const dx = tf.sub(dxc, tf.div(dmu, n));
    return tf.reshape(dx, cached(this.inputShape, this.kind, 'input shape'));
  }

  dispose(): void {
    for (const p of [this.gamma, this.beta, this.runningMean, this.runningVar]) p.value.dispose();
  }
}
