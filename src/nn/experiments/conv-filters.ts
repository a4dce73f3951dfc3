/**
 * Book fig. 7-24 (and 7-25): the first convolution's filters before training (random noise)
 * and after (edge and blob detectors), and the feature maps they produce for one input.
 * One function for the CLI's JSON, the worker and the Learn area's view.
 */
import * as tf from '@tensorflow/tfjs-core';
import { toChannelsFirst } from '../layers/layout';
import { isConvolution } from '../nets/conv-stack';
import type { SequentialNet } from '../nets/net';

export interface TensorData {
  shape: number[];
  values: Float32Array;
}

/** W of the net's first Convolution, [FN, C, FH, FW]; null for a net without one. */
export async function firstConvFilters(net: SequentialNet): Promise<TensorData | null> {
  const conv = net.layers.find(isConvolution);
  if (!conv) return null;
  const w = conv.W.value;
  return { shape: [...w.shape], values: ((await w.data()) as Float32Array).slice() };
}

/** The first convolution's output for one input (after its ReLU when one follows), [FN, OH, OW]. */
export async function firstConvFeatureMaps(
  net: SequentialNet,
  image: Float32Array,
): Promise<TensorData | null> {
  const convAt = net.layers.findIndex(isConvolution);
  if (convAt < 0) return null;
  const size = net.inputShape.reduce((a, b) => a * b, 1);
  if (image.length !== size)
    throw new Error(`an input of ${size} values is needed, got ${image.length}`);
  const last = net.layers[convAt + 1]?.kind === 'Relu' ? convAt + 1 : convAt;
  const maps = tf.tidy(() => {
    let y: tf.Tensor = tf.tensor(image, [1, ...net.inputShape]);
    for (let i = 0; i <= last; i++) y = net.layers[i].forward(y, false);
    // Nets on the fast path hold these maps channels-last; the figure wants [FN, OH, OW].
    const conv = net.layers[convAt];
    if (isConvolution(conv) && conv.layout === 'NHWC') y = toChannelsFirst(y);
    return tf.squeeze(y, [0]);
  });
  const out = { shape: [...maps.shape], values: ((await maps.data()) as Float32Array).slice() };
  maps.dispose();
  return out;
}

export interface ConvFiltersResult {
  experiment: 'conv-filters';
  before: TensorData;
  after: TensorData;
  /** The input image (28x28) and the trained filters' feature maps for it. */
  image: TensorData;
  maps: TensorData;
}

/** Filters of a freshly initialised net beside those of a trained one, and the trained maps of `image`. */
export async function convFiltersExperiment(
  fresh: SequentialNet,
  trained: SequentialNet,
  image: Float32Array,
): Promise<ConvFiltersResult> {
  const [before, after, maps] = await Promise.all([
    firstConvFilters(fresh),
    firstConvFilters(trained),
    firstConvFeatureMaps(trained, image),
  ]);
  if (!before || !after || !maps)
    throw new Error('conv-filters needs a net with a convolution (simple-conv or deep-conv)');
  return {
    experiment: 'conv-filters',
    before,
    after,
    image: { shape: [28, 28], values: image.slice() },
    maps,
  };
}
