/**
 * The layers DCGAN adds (per-channel batch normalization, Reshape), each held to tf.grads of a
 * reference forward built from tfjs's own ops, and to numerical gradients (central
 * differences) on sampled entries; and the book's BatchNormalization is left as it was (per
 * feature after flattening). On the cpu backend, as the other layer tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/nn/backend';
import { BatchNormalization } from '../../../src/nn/layers/batch-normalization';
import { ChannelBatchNormalization } from '../../../src/nn/layers/channel-batch-normalization';
import { PhaseTransposedConvolution } from '../../../src/nn/layers/phase-transposed-convolution';
import { Reshape } from '../../../src/nn/layers/reshape';
import { TransposedConvolution } from '../../../src/nn/layers/transposed-convolution';
import {
  checkAgainstAutodiff,
  checkLayerNumerically,
  type Reference,
} from '../../helpers/layer-checks';
import { expectClose, randn } from '../../helpers/tensors';

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
});

const v = (t: tf.Tensor) => tf.variable(t);

function channelBatchNorm(c: number, seed: number): ChannelBatchNormalization {
  return new ChannelBatchNormalization(
    { name: 'gamma1', value: v(tf.add(randn([c], seed, 0.3), 1)) },
    { name: 'beta1', value: v(randn([c], seed + 1, 0.3)) },
    { name: 'running_mean1', value: v(tf.zeros([c])) },
    { name: 'running_var1', value: v(tf.ones([c])) },
  );
}

/** Per-channel batch norm from tfjs's ops: statistics over every axis but the last. */
const channelReference: Reference = (x, gamma, beta) => {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  // By hand: tf.moments casts, and the Cast gradient fails inside tf.grads here.
  const mean = tf.mean(x, axes);
  const variance = tf.mean(tf.square(tf.sub(x, mean)), axes);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-7))), gamma), beta);
};

describe('ChannelBatchNormalization: backward equals tf.grads and numerical gradients', () => {
  it('on NHWC feature maps (statistics over batch and pixels, one per channel)', () => {
    const layer = channelBatchNorm(3, 1);
    const x = tf.add(randn([4, 3, 5, 3], 2, 2), 0.7);
    checkAgainstAutodiff(layer, x, channelReference, 1e-3);
    checkLayerNumerically(layer, x);
    layer.dispose();
  });

  it('on [N, C] rows, where it is the book layer unchanged', () => {
    const layer = channelBatchNorm(5, 3);
    const x = randn([6, 5], 4, 1.5);
    checkAgainstAutodiff(layer, x, channelReference, 1e-3);
    checkLayerNumerically(layer, x);
    layer.dispose();
  });

  it('keeps per-channel running statistics and uses them at inference', () => {
    const layer = channelBatchNorm(2, 5);
    // Channel 0 around 3, channel 1 around -1, with different spreads.
    const values = Float32Array.from({ length: 2 * 4 * 4 * 2 }, (_, i) =>
      i % 2 === 0 ? 3 + Math.sin(i) : -1 + 0.5 * Math.cos(i),
    );
    const x = tf.tensor4d(values, [2, 4, 4, 2]);
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    for (let k = 0; k < 120; k++) tf.tidy(() => layer.forward(x, true));
    const [rMean, rVar] = [...layer.state.values()];
    expectClose(rMean, mean, 1e-3, 1e-3);
    expectClose(rVar, variance, 1e-3, 1e-3);
    // With the running statistics equal to the batch's, inference matches training.
    tf.tidy(() => expectClose(layer.forward(x, false), layer.forward(x, true), 1e-3, 1e-3));
    expect(() => layer.forward(tf.zeros([1, 4, 4, 3]), true)).toThrow(/expects \[\.\.\., 2\]/);
    layer.dispose();
  });

  it('differs from the book layer, which keeps one statistic per pixel and channel', () => {
    const book = new BatchNormalization(
      { name: 'g', value: v(tf.ones([2 * 2 * 3])) },
      { name: 'b', value: v(tf.zeros([2 * 2 * 3])) },
      { name: 'm', value: v(tf.zeros([2 * 2 * 3])) },
      { name: 'v', value: v(tf.ones([2 * 2 * 3])) },
    );
    const perChannel = new ChannelBatchNormalization(
      { name: 'g', value: v(tf.ones([3])) },
      { name: 'b', value: v(tf.zeros([3])) },
      { name: 'm', value: v(tf.zeros([3])) },
      { name: 'v', value: v(tf.ones([3])) },
    );
    tf.tidy(() => {
      const x = randn([4, 2, 2, 3], 9);
      const a = book.forward(x, true);
      const b = perChannel.forward(x, true);
      // The book layer zeroes each pixel's batch mean; per channel only the channel's mean.
      const largest = (t: tf.Tensor) => tf.max(tf.abs(t)).dataSync()[0];
      expect(largest(tf.mean(a, 0))).toBeLessThan(1e-5);
      expect(largest(tf.mean(b, 0))).toBeGreaterThan(0.05);
      expect(largest(tf.mean(b, [0, 1, 2]))).toBeLessThan(1e-5);
    });
    book.dispose();
    perChannel.dispose();
  });
});

describe('PhaseTransposedConvolution: the 4x4, stride 2, pad 1 transposed convolution on stride-1 kernels', () => {
  const pads: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ];

  it('equals tf.grads of conv2dTranspose and numerical gradients', () => {
    const layer = new PhaseTransposedConvolution(
      { name: 'W1', value: v(randn([4, 4, 3, 5], 1, 0.5)) },
      { name: 'b1', value: v(randn([3], 2)) },
    );
    const x = randn([2, 4, 3, 5], 3);
    expect(layer.outputSize(4, 3)).toEqual([8, 6]);
    checkAgainstAutodiff(
      layer,
      x,
      (xin, W, b) =>
        tf.add(tf.conv2dTranspose(xin as tf.Tensor4D, W as tf.Tensor4D, [2, 8, 6, 3], 2, pads), b),
      1e-3,
    );
    checkLayerNumerically(layer, x);
    layer.dispose();
  });

  it('gives what TransposedConvolution gives, forward and backward, from the same weights', () => {
    const W = randn([4, 4, 6, 4], 4, 0.3);
    const b = randn([6], 5);
    const phase = new PhaseTransposedConvolution(
      { name: 'W', value: v(W) },
      { name: 'b', value: v(b) },
    );
    const plain = new TransposedConvolution(
      { name: 'W', value: v(W) },
      { name: 'b', value: v(b) },
      2,
      1,
    );
    tf.tidy(() => {
      const x = randn([3, 5, 5, 4], 6);
      expectClose(phase.forward(x), plain.forward(x), 1e-4, 1e-4);
      const dout = randn([3, 10, 10, 6], 7);
      expectClose(phase.backward(dout), plain.backward(dout), 1e-4, 1e-4);
      for (const name of ['W', 'b'])
        expectClose(
          phase.grads.get(name) as tf.Tensor,
          plain.grads.get(name) as tf.Tensor,
          1e-4,
          1e-4,
        );
    });
    expect(
      () =>
        new PhaseTransposedConvolution(
          { name: 'K', value: v(tf.zeros([3, 3, 2, 2])) },
          { name: 'c', value: v(tf.zeros([2])) },
        ),
    ).toThrow(/must be \[4, 4, C_out, C_in\]/);
    phase.dispose();
    plain.dispose();
  });
});

describe('Reshape', () => {
  it('reshapes each sample and backward restores the input shape', () => {
    const layer = new Reshape([2, 3, 4]);
    const x = randn([5, 24], 6);
    checkAgainstAutodiff(layer, x, (xin) => tf.reshape(xin, [5, 2, 3, 4]), 1e-3);
    expect(() => layer.forward(tf.zeros([2, 23]))).toThrow(/cannot take \[2,23\]/);
    expect(() => new Reshape([2, 0])).toThrow(/positive integer/);
  });
});
