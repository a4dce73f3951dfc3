/**
 * LeakyReLU (DCGAN's discriminator, and our detector's backbone): x where x > 0, alpha·x
 * elsewhere, so a unit that went negative still passes a small gradient and can come back.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached, StatelessLayer } from './layer';

export class LeakyRelu extends StatelessLayer {
  readonly kind = 'LeakyRelu';
  /** The last input, whose sign picks the slope in backward. */
  private x: tf.Tensor | null = null;

  constructor(readonly alpha = 0.2) {
    super();
    if (!(alpha >= 0 && alpha < 1))
      throw new Error(`LeakyRelu alpha must be in [0, 1), got ${alpha}`);
  }

  forward(x: tf.Tensor): tf.Tensor {
    this.x = x;
    return tf.leakyRelu(x, this.alpha);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const x = cached(this.x, this.kind, 'input');
    // slope = alpha + (1 - alpha)·step(x): 1 where x > 0, alpha elsewhere.
    const slope = tf.add(tf.mul(tf.step(x), 1 - this.alpha), this.alpha);
    return tf.mul(dout, slope);
  }
}
