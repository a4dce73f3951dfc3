import * as tf from '@tensorflow/tfjs-core';
import { type LabeledData, sampleSize } from './dataset';
import type { SequentialNet } from './nets/net';

export interface Evaluation {
  accuracy: number;
  /** Mean data loss (cross-entropy in inference mode; the weight-decay term is not included). */
  loss: number;
  count: number;
}

/** Accuracy and loss over a data set, in batches, with dropout/batch-norm in inference mode. */
export async function evaluate(
  net: SequentialNet,
  data: LabeledData,
  batchSize = 1000,
): Promise<Evaluation> {
  let correct = 0;
  let lossSum = 0;
  const size = sampleSize(data);
  for (let start = 0; start < data.count; start += batchSize) {
    const end = Math.min(start + batchSize, data.count);
    const n = end - start;
    const [hits, loss] = tf.tidy(() => {
      const x = tf.tensor(data.x.subarray(start * size, end * size), [n, ...data.sampleShape]);
      const t = tf.tensor1d(Int32Array.from(data.labels.subarray(start, end)), 'int32');
      const scores = net.predict(x, false);
      const ok = tf.sum(tf.cast(tf.equal(tf.argMax(scores, 1), t), 'int32'));
      const l = tf.mul(net.lastLayer.forward(scores, t), n);
      return [ok, l];
    });
    correct += (await hits.data())[0];
    lossSum += (await loss.data())[0];
    hits.dispose();
    loss.dispose();
  }
  return { accuracy: correct / data.count, loss: lossSum / data.count, count: data.count };
}

/** Predicted class and softmax probabilities of each sample in `x` ([n, ...sampleShape] values). */
export async function predictClasses(
  net: SequentialNet,
  x: Float32Array,
  n: number,
): Promise<{ labels: Int32Array; probabilities: Float32Array }> {
  const [labels, probs] = tf.tidy(() => {
    const p = net.predictProbabilities(tf.tensor(x, [n, ...net.inputShape]));
    return [tf.argMax(p, 1), p];
  });
  const out = {
    labels: (await labels.data()) as Int32Array,
    probabilities: (await probs.data()) as Float32Array,
  };
  labels.dispose();
  probs.dispose();
  return out;
}
