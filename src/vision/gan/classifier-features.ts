/**
 * What our shipped digit classifier (the DeepConvNet trained on augmented digits, 99.51 %)
 * says about images, for the GAN's scores: its penultimate features (the input of its last
 * Affine layer: for DeepConvNet the 50 ReLU units after W7, as FID takes Inception's last
 * pooling features) and its class probabilities. No Inception weights can be had here; this
 * net is ours.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SequentialNet } from '../../nn/nets/net';

export interface ClassifierReading {
  count: number;
  /** count x featureDim penultimate features. */
  features: Float32Array;
  featureDim: number;
  /** count x classes softmax probabilities. */
  probabilities: Float32Array;
  classes: number;
}

/** Index of the net's last Affine layer, whose input is the penultimate features. */
function lastAffine(net: SequentialNet): number {
  const i = net.layers.map((l) => l.kind).lastIndexOf('Affine');
  if (i < 1)
    throw new Error('classifier features: the net has no hidden layer before its last Affine');
  return i;
}

/**
 * Reads `count` images of the net's input size (pixels in [0, 1], MNIST's ink), `batch` at a
 * time (memory stays that of one batch).
 */
export async function readImages(
  net: SequentialNet,
  images: Float32Array,
  count: number,
  batch = 500,
): Promise<ClassifierReading> {
  const pixels = net.inputShape.reduce((a, b) => a * b, 1);
  if (images.length !== count * pixels)
    throw new Error(`classifier: ${images.length} values is not ${count} images of ${pixels}`);
  const split = lastAffine(net);
  let featureDim = 0;
  let classes = 0;
  const featureParts: Float32Array[] = [];
  const probParts: Float32Array[] = [];
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const [f, p] = tf.tidy(() => {
      let y: tf.Tensor = tf.tensor(images.subarray(start * pixels, (start + n) * pixels), [
        n,
        ...net.inputShape,
      ]);
      for (let i = 0; i < split; i++) y = net.layers[i].forward(y, false);
      const features = tf.reshape(y, [n, -1]);
      for (let i = split; i < net.layers.length; i++) y = net.layers[i].forward(y, false);
      return [features, tf.softmax(y)];
    });
    featureDim = f.shape[1] as number;
    classes = p.shape[1] as number;
    featureParts.push((await f.data()) as Float32Array);
    probParts.push((await p.data()) as Float32Array);
    f.dispose();
    p.dispose();
  }
  const join = (parts: Float32Array[], width: number) => {
    const out = new Float32Array(count * width);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  };
  return {
    count,
    features: join(featureParts, featureDim),
    featureDim,
    probabilities: join(probParts, classes),
    classes,
  };
}
