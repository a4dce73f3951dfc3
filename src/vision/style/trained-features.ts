/**
 * Features from a network trained here: the convolutions of the DeepConvNet we trained on
 * augmented MNIST digits (models/deep-conv-augmented.gam, 99.51 %), applied to each colour
 * channel as a grey image.
 *
 * Why this net. Its six 3x3 convolutions were trained by our own engine, ship already
 * (0.5 MB), and cost no further training: they are stroke, edge and blob detectors at three
 * scales, which is what Gram statistics need. The alternative, an RGB classifier trained here
 * on patches we can make, has no real colour photographs to learn from (only our own
 * generated patterns, which a net tells apart by colour histograms without learning useful
 * filters) and would take hours of the two cores we have. The net reads one grey channel, so
 * R, G and B go through it as a batch of three images; at each tap their features are set
 * side by side per pixel, so the Grams correlate the channels' features (the style's joint
 * colours), and a Gram of the raw RGB values (the pixel tap) holds the overall colour mix.
 *
 * As Gatys et al. did with VGG, max pooling becomes average pooling (smoother gradients for
 * the image), and every convolution pads by 1 with reflection (the book's fourth conv pads by
 * 2 for its 14 -> 16 sizing; zeros would frame the image). The first five convolutions are
 * used: conv1..conv5, with taps after each.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StoredTensor } from '../../nn/container';
import { FixedConvolution } from '../../nn/layers/fixed-convolution';
import { KernelPooling } from '../../nn/layers/kernel-pooling';
import type { Layer } from '../../nn/layers/layer';
import { ReflectionPad } from '../../nn/layers/reflection-pad';
import { Relu } from '../../nn/layers/relu';
import { type InputAdapter, StagedFeatureNet } from './feature-net';

/** conv1..conv5 of DeepConvNet: filters, and whether a 2x2 pool comes before. */
const CONVS = [
  { filters: 16, poolBefore: false },
  { filters: 16, poolBefore: false },
  { filters: 32, poolBefore: true },
  { filters: 32, poolBefore: false },
  { filters: 64, poolBefore: true },
] as const;

/**
 * [3, h, w, C] -> [1, h, w, 3C]: the three channels' features side by side at each pixel, so
 * a Gram also correlates the red image's features with the green one's there: that is what
 * keeps a style's colours together (three separate Grams make rainbows).
 */
const SIDE_BY_SIDE: InputAdapter = {
  forward: (y) => {
    const [n, h, w, c] = y.shape;
    return tf.reshape(tf.transpose(y, [1, 2, 0, 3]), [1, h, w, n * c]) as tf.Tensor4D;
  },
  backward: (d) => {
    const [, h, w, nc] = d.shape;
    return tf.transpose(tf.reshape(d, [h, w, 3, nc / 3]), [2, 0, 1, 3]) as tf.Tensor4D;
  },
};

/** [1, H, W, 3] -> [3, H, W, 1]: each colour channel a grey image of the batch. */
const PER_CHANNEL: InputAdapter = {
  forward: (image) => tf.transpose(image, [3, 1, 2, 0]) as tf.Tensor4D,
  backward: (d) => tf.transpose(d, [3, 1, 2, 0]) as tf.Tensor4D,
};

/**
 * The feature net from a DeepConvNet model file's tensors (W1..W5 [FN, C, 3, 3], b1..b5).
 * Throws, naming the tensor, when they are not DeepConvNet's.
 */
export function trainedFeatureNet(tensors: ReadonlyMap<string, StoredTensor>): StagedFeatureNet {
  let cin = 1;
  const stages = CONVS.map((spec, i): Layer[] => {
    const W = tensors.get(`W${i + 1}`);
    const b = tensors.get(`b${i + 1}`);
    const want = [spec.filters, cin, 3, 3];
    if (!W || W.shape.join() !== want.join() || !b || b.shape.join() !== String(spec.filters))
      throw new Error(
        `trained features: the model must be a DeepConvNet on grey images (W${i + 1} [${want}], b${i + 1} [${spec.filters}]), got W${i + 1} [${W?.shape ?? 'none'}]`,
      );
    // The book's [FN, C, FH, FW] -> conv2d's [FH, FW, C, FN].
    const filter = tf.tidy(() =>
      tf.transpose(tf.tensor4d(W.values, want as [number, number, number, number]), [2, 3, 1, 0]),
    );
    const bias = tf.tensor1d(b.values);
    const conv = new FixedConvolution(filter, bias);
    filter.dispose();
    bias.dispose();
    cin = spec.filters;
    const pool = spec.poolBefore ? [new KernelPooling(2, 2, 2, 0, 'avg')] : [];
    return [...pool, new ReflectionPad(1), conv, new Relu()];
  });
  return new StagedFeatureNet({
    name: 'trained',
    description:
      'conv1..conv5 of the shipped MNIST DeepConvNet (deep-conv-augmented.gam), per colour channel, plus an RGB Gram',
    adapter: PER_CHANNEL,
    stages,
    stageTaps: CONVS.map((_, i) => `conv${i + 1}`),
    tapView: SIDE_BY_SIDE,
    pixelTap: true,
    // Taps: rgb, conv1..conv5. Content from conv4; style from the colours and the first conv
    // of each scale (conv1, conv3, conv5), as Gatys et al. took VGG's convN_1.
    contentTaps: [4],
    styleTaps: [0, 1, 3, 5],
  });
}
