/**
 * The book's activation and loss functions (chapters 3 and 4), on tfjs tensors.
 * Each is written out from its formula rather than calling the tfjs kernel of the same name,
 * so the code reads like the book.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Step function: 1 where x > 0, else 0 (ch. 3.2.2). */
export function step(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.greater(x, 0), 'float32'));
}

/**
 * Sigmoid 1 / (1 + exp(-x)), written so that no exp ever overflows: with e = exp(-|x|) <= 1,
 * sigmoid(x) = 1/(1+e) for x >= 0 and e/(1+e) for x < 0.
 */
export function sigmoid(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const e = tf.exp(tf.neg(tf.abs(x)));
    const onePlusE = tf.add(1, e);
    return tf.where(tf.greaterEqual(x, 0), tf.div(1, onePlusE), tf.div(e, onePlusE));
  });
}

export function relu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.maximum(x, 0));
}

export function identity(x: tf.Tensor): tf.Tensor {
  return tf.clone(x);
}

/**
 * Softmax over the last axis, stable: subtracting the row maximum first keeps exp finite,
 * so softmax([1010, 1000, 990]) is [0.99995, 4.5e-5, 2.1e-9] rather than NaN (ch. 3.5.2).
 */
export function softmax(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const shifted = tf.sub(x, tf.max(x, -1, true));
    const e = tf.exp(shifted);
    return tf.div(e, tf.sum(e, -1, true));
  });
}

function batchSize(y: tf.Tensor): number {
  return y.rank === 1 ? 1 : y.shape[0];
}

/** 0.5 * sum((y - t)^2), divided by the batch size for a batch (ch. 4.2.1). */
export function meanSquaredError(y: tf.Tensor, t: tf.Tensor): tf.Scalar {
  if (!sameShape(y.shape, t.shape)) {
    throw new Error(`meanSquaredError: y has shape [${y.shape}] but t has shape [${t.shape}]`);
  }
  return tf.tidy(() => tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(y, t)))), batchSize(y)));
}

/** log(0) guard, as in the book. */
export const CROSS_ENTROPY_DELTA = 1e-7;

/**
 * Cross-entropy error -sum(t * log(y + 1e-7)) / batch (ch. 4.2.2-4.2.4). `t` is either one-hot
 * (same shape as y) or integer labels (one per row of y).
 */
export function crossEntropyError(y: tf.Tensor, t: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const y2 = y.rank === 1 ? tf.reshape(y, [1, -1]) : y;
    const n = y2.shape[0];
    if (sameShape(t.shape, y.shape) && t.dtype === 'float32') {
      const t2 = tf.reshape(t, y2.shape);
      return tf.div(tf.neg(tf.sum(tf.mul(t2, tf.log(tf.add(y2, CROSS_ENTROPY_DELTA))))), n);
    }
    const labels = tf.reshape(t, [-1]);
    if (labels.shape[0] !== n) {
      throw new Error(
        `crossEntropyError: t must be one-hot [${y.shape}] or ${n} labels, got shape [${t.shape}]`,
      );
    }
    const picked = tf.sum(
      tf.mul(y2, tf.cast(tf.oneHot(tf.cast(labels, 'int32'), y2.shape[1] as number), 'float32')),
      1,
    );
    return tf.div(tf.neg(tf.sum(tf.log(tf.add(picked, CROSS_ENTROPY_DELTA)))), n);
  });
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
