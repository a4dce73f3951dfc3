/**
 * The dueling aggregation (Wang et al. 2016): the net estimates a state value V(s) and
 * advantages A(s, a) in two streams and combines them as
 *   Q(s, a) = V(s) + A(s, a) - mean_a' A(s, a')
 * Subtracting the mean makes V and A identifiable (otherwise a constant could move freely
 * between them). Its backward, by hand: with dQ = dL/dQ [N, K],
 *   dV = sum_a dQ(s, a)                 [N, 1]
 *   dA = dQ - mean_a dQ(s, a)           [N, K]
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached } from '../nn/layers/layer';

export class DuelingAggregation {
  readonly kind = 'DuelingAggregation';
  private numActions: number | null = null;

  /** value: [N, 1], advantage: [N, K] -> Q [N, K]. */
  forward(value: tf.Tensor, advantage: tf.Tensor): tf.Tensor {
    if (value.rank !== 2 || value.shape[1] !== 1 || advantage.rank !== 2)
      throw new Error(
        `Dueling: value must be [N, 1] and advantage [N, K], got [${value.shape}] and [${advantage.shape}]`,
      );
    this.numActions = advantage.shape[1] as number;
    return tf.add(value, tf.sub(advantage, tf.mean(advantage, 1, true)));
  }

  /** dQ [N, K] -> { dValue [N, 1], dAdvantage [N, K] }. */
  backward(dQ: tf.Tensor): { dValue: tf.Tensor; dAdvantage: tf.Tensor } {
    cached(this.numActions, this.kind, 'action count');
    return {
      dValue: tf.sum(dQ, 1, true),
      dAdvantage: tf.sub(dQ, tf.mean(dQ, 1, true)),
    };
  }
}
