/**
 * The two ways skip connections join branches (U-Net's concatenation, FCN-8s's and ResNet's
 * addition). Each takes two inputs, so each returns two gradients: the book's graph rule that
 * an addition node passes dout to both branches, and that a concatenation hands each branch
 * its own slice.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached } from './layer';

/** out = a + b (same shapes). Backward: dout to both. */
export class AddMerge {
  readonly kind = 'AddMerge';

  forward(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    if (a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i]))
      throw new Error(`AddMerge: shapes [${a.shape}] and [${b.shape}] differ`);
    return tf.add(a, b);
  }

  backward(dout: tf.Tensor): [tf.Tensor, tf.Tensor] {
    return [dout, dout];
  }
}

/** out = [a | b] along the channel axis (NHWC: the last). Backward: each its channels. */
export class ChannelConcat {
  readonly kind = 'ChannelConcat';
  private split: [number, number] | null = null;

  forward(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    const r = a.rank;
    if (r !== b.rank || a.shape.slice(0, -1).some((s, i) => s !== b.shape[i]))
      throw new Error(
        `ChannelConcat: shapes [${a.shape}] and [${b.shape}] differ outside the channels`,
      );
    this.split = [a.shape[r - 1], b.shape[r - 1]];
    return tf.concat([a, b], r - 1);
  }

  backward(dout: tf.Tensor): [tf.Tensor, tf.Tensor] {
    const [ca, cb] = cached(this.split, this.kind, 'channel counts');
    const [da, db] = tf.split(dout, [ca, cb], dout.rank - 1);
    return [da, db];
  }
}
