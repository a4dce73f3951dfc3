import * as tf from '@tensorflow/tfjs-core';
import { crossEntropyError, softmax } from '../functions';
import { cached, type LossLayer } from './layer';

/**
 * Softmax followed by cross-entropy (ch. 5.6.3). Its backward is the "beautiful" (y - t) / N.
 * `t` may be one-hot [N, K] float32 or labels [N] int32.
 */
export class SoftmaxWithLoss implements LossLayer {
  readonly kind = 'SoftmaxWithLoss';
  output: tf.Tensor | null = null;
  /** Targets as one-hot, whatever form they came in. */
  private t: tf.Tensor | null = null;

  forward(x: tf.Tensor, t: tf.Tensor): tf.Scalar {
    if (x.rank !== 2) throw new Error(`SoftmaxWithLoss expects scores [N, K], got [${x.shape}]`);
    this.output = softmax(x);
    this.t = toOneHot(t, x.shape[0], x.shape[1] as number);
    return crossEntropyError(this.output, this.t);
  }

  backward(): tf.Tensor {
    const y = cached(this.output, this.kind, 'softmax output');
    const t = cached(this.t, this.kind, 'targets');
    return tf.div(tf.sub(y, t), y.shape[0]);
  }
}

/** Labels [N] (int32) or one-hot [N, K] to one-hot float32 [N, K], with shape checks. */
export function toOneHot(t: tf.Tensor, n: number, k: number): tf.Tensor {
  if (t.rank === 2 && t.shape[0] === n && t.shape[1] === k) return tf.cast(t, 'float32');
  if (t.rank === 1 && t.shape[0] === n)
    return tf.cast(tf.oneHot(tf.cast(t, 'int32'), k), 'float32');
  throw new Error(`targets must be one-hot [${n}, ${k}] or ${n} labels, got shape [${t.shape}]`);
}
// Note: tfjs-backend-wasm 4.22's OneHot kernel ignores dtype 'float32' and writes int32 bits
// into a float buffer (a label 2 reads as 2.8e-45), so we build int32 one-hots and cast.
