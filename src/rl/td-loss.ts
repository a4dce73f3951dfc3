/**
 * The DQN loss on the taken action: only Q(s, a) for the action a actually taken has a
 * target y, so the loss is Huber(Q(s, a) - y) averaged over the batch, and dL/dQ is zero for
 * every other action. Built on the engine's HuberLoss layer: gather Q(s, a) with a one-hot
 * mask, apply Huber, and scatter the gradient back through the same mask.
 */
import * as tf from '@tensorflow/tfjs-core';
import { HuberLoss } from '../nn/layers/huber-loss';
import { cached } from '../nn/layers/layer';

/** One-hot float32 [n * numActions] of the actions, built on the CPU (no oneHot kernel). */
export function actionMask(actions: Int32Array, numActions: number, n = actions.length) {
  const mask = new Float32Array(n * numActions);
  for (let i = 0; i < n; i++) {
    const a = actions[i];
    if (!(a >= 0 && a < numActions))
      throw new Error(`action ${a} at row ${i} is not in [0, ${numActions})`);
    mask[i * numActions + a] = 1;
  }
  return mask;
}

export class TakenActionHuberLoss {
  readonly kind = 'TakenActionHuberLoss';
  private readonly huber: HuberLoss;
  /** One-hot [N, A] of the taken actions from the last forward. */
  private mask: tf.Tensor2D | null = null;

  constructor(delta = 1) {
    this.huber = new HuberLoss(delta);
  }

  /** q: [N, A] online Q-values; mask: one-hot [N, A] of the actions taken; targets: [N]. */
  forward(q: tf.Tensor2D, mask: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
    if (q.shape[0] !== mask.shape[0] || q.shape[1] !== mask.shape[1])
      throw new Error(`TD loss: Q [${q.shape}] and action mask [${mask.shape}] differ`);
    this.mask = mask;
    const qTaken = tf.sum(tf.mul(q, mask), 1);
    return this.huber.forward(qTaken, targets);
  }

  /** dL/dQ [N, A]: the Huber gradient in the taken action's column, zero elsewhere. */
  backward(): tf.Tensor2D {
    const mask = cached(this.mask, this.kind, 'action mask');
    const dTaken = this.huber.backward();
    return tf.mul(mask, tf.reshape(dTaken, [-1, 1]));
  }
}
