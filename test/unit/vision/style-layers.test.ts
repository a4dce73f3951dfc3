/**
 * The layers style transfer adds (instance normalisation, reflection padding, fixed
 * convolutions, the Gram style loss, the content loss, total variation), each held to tf.grads
 * of a reference forward made of tfjs's own kernels and to central differences, as
 * vision-layers.test.ts does; the Gram matrix and the style loss also to values worked out by
 * hand. On the cpu backend, which has every gradient kernel tf.grads needs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/nn/backend';
import { ContentLoss } from '../../../src/nn/layers/content-loss';
import { FixedConvolution } from '../../../src/nn/layers/fixed-convolution';
import { GramStyleLoss, gramMatrix } from '../../../src/nn/layers/gram-style-loss';
import { InstanceNormalization } from '../../../src/nn/layers/instance-normalization';
import { ReflectionPad } from '../../../src/nn/layers/reflection-pad';
import { TotalVariationLoss } from '../../../src/nn/layers/total-variation-loss';
import {
  checkAgainstAutodiff,
  checkLayerNumerically,
  checkNumerically,
} from '../../helpers/layer-checks';
import { expectClose, randn } from '../../helpers/tensors';

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
});

const v = (t: tf.Tensor) => tf.variable(t);
const PADS = (p: number): Array<[number, number]> => [
  [0, 0],
  [p, p],
  [p, p],
  [0, 0],
];

describe('style transfer layers: backward equals tf.grads and numerical gradients', () => {
  it('InstanceNormalization normalises each image and channel over its pixels', () => {
    const layer = new InstanceNormalization(
      { name: 'gamma1', value: v(randn([3], 1, 0.5)) },
      { name: 'beta1', value: v(randn([3], 2)) },
    );
    // Images and channels with different means and spreads, so mixing them would show.
    const x = tf.tidy(() => tf.add(tf.mul(randn([2, 4, 5, 3], 3), tf.tensor([1, 3, 0.5])), 2));
    // (tf.moments has no usable gradient in tfjs 4.22: the mean and variance are written out.)
    checkAgainstAutodiff(layer, x, (xin, gamma, beta) => {
      const mean = tf.mean(xin, [1, 2], true);
      const variance = tf.mean(tf.square(tf.sub(xin, mean)), [1, 2], true);
      return tf.add(
        tf.mul(tf.div(tf.sub(xin, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma),
        beta,
      );
    });
    checkLayerNumerically(layer, x);
    tf.tidy(() => {
      // With γ = 1, β = 0 every image-channel comes out with mean 0 and variance ~1.
      const plain = new InstanceNormalization(
        { name: 'g', value: v(tf.ones([3])) },
        { name: 'b', value: v(tf.zeros([3])) },
      );
      const { mean, variance } = tf.moments(plain.forward(x), [1, 2]);
      expectClose(mean, tf.zeros([2, 3]), 0, 1e-5);
      expectClose(variance, tf.ones([2, 3]), 1e-3, 1e-3);
      plain.dispose();
      expect(() => layer.forward(tf.zeros([1, 2, 2, 4]))).toThrow(/expects \[N, H, W, 3\]/);
    });
    layer.dispose();
  });

  it('ReflectionPad mirrors the edges without repeating them, and folds the gradient back', () => {
    tf.tidy(() => {
      const row = new ReflectionPad(2).forward(
        tf.tile(tf.tensor([1, 2, 3, 4], [1, 1, 4, 1]), [1, 3, 1, 1]),
      );
      expect([...row.dataSync()].slice(0, 8)).toEqual([3, 2, 1, 2, 3, 4, 3, 2]);
    });
    for (const p of [1, 2, 3]) {
      const layer = new ReflectionPad(p);
      const x = randn([2, 5, 4, 3], 4 + p);
      // The reference gathers the mirrored rows and columns: tf.mirrorPad's own gradient in
      // tfjs 4.22 keeps only the centre and drops what the mirrored entries owe their sources.
      const reflect = (n: number) =>
        tf.tensor1d(
          Int32Array.from({ length: n + 2 * p }, (_, i) => {
            const j = i - p;
            return j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j;
          }),
          'int32',
        );
      checkAgainstAutodiff(layer, x, (xin) => {
        const padded = tf.gather(tf.gather(xin, reflect(5), 1), reflect(4), 2);
        expectClose(padded, tf.mirrorPad(xin, PADS(p), 'reflect'));
        return padded;
      });
      checkLayerNumerically(layer, x);
    }
    expect(() => new ReflectionPad(2).forward(tf.zeros([1, 2, 5, 1]))).toThrow(/H and W > 2/);
    expect(() => new ReflectionPad(0)).toThrow(/integer >= 1/);
  });

  for (const k of [1, 3, 5]) {
    it(`FixedConvolution ${k}x${k} returns the input gradient only`, () => {
      const filter = randn([k, k, 3, 4], 6, 0.4);
      const bias = randn([4], 7);
      const layer = new FixedConvolution(filter, bias);
      const x = randn([2, 7, 6, 3], 8);
      checkAgainstAutodiff(layer, x, (xin) =>
        tf.add(tf.conv2d(xin as tf.Tensor4D, filter as tf.Tensor4D, 1, 'valid'), bias),
      );
      checkLayerNumerically(layer, x);
      expect(layer.params.size).toBe(0);
      expect(() => layer.backward(tf.zeros([2, 9, 9, 4]))).toThrow(/backward expects/);
      layer.dispose();
      filter.dispose();
      bias.dispose();
    });
  }
});

describe('style transfer losses', () => {
  it('gramMatrix and GramStyleLoss on a case worked out by hand', () => {
    tf.tidy(() => {
      // One image of 1x2 pixels, 2 channels: F = [[1, 2], [3, 4]] (rows are pixels).
      const x = tf.tensor([1, 2, 3, 4], [1, 1, 2, 2]);
      // FᵀF = [[10, 14], [14, 20]], divided by H·W·C = 4.
      expectClose(gramMatrix(x), tf.tensor([2.5, 3.5, 3.5, 5], [1, 2, 2]), 0, 1e-6);
      const loss = new GramStyleLoss();
      // G - I = [[1.5, 3.5], [3.5, 4]]: 2.25 + 12.25 + 12.25 + 16 = 42.75.
      expect(loss.forward(x, tf.eye(2)).dataSync()[0]).toBeCloseTo(42.75, 5);
      // dG = 2(G - I) = [[3, 7], [7, 8]]; dF = F (dG + dGᵀ) / 4 = F [[6, 14], [14, 16]] / 4.
      expectClose(loss.backward(), tf.tensor([8.5, 11.5, 18.5, 26.5], [1, 1, 2, 2]), 0, 1e-5);
      // A batch of two: the mean of the two images' distances (the second one's Gram is 4G).
      const two = tf.concat([x, tf.mul(x, 2)]);
      const g2 = tf.tensor([10, 14, 14, 20], [2, 2]);
      // Image 1: G - 4G... first G = [[2.5, 3.5], [3.5, 5]], second 4G = [[10, 14], [14, 20]].
      // ‖G - 4G‖² = 9 · (6.25 + 12.25 + 12.25 + 25) = 501.75; ‖4G - 4G‖² = 0; mean 250.875.
      expect(loss.forward(two, g2).dataSync()[0]).toBeCloseTo(250.875, 3);
      expect(() => loss.forward(x, tf.eye(3))).toThrow(/must be \[2, 2\] or \[1, 2, 2\]/);
    });
  });

  it('GramStyleLoss backward equals tf.grads and numerical gradients, per-image targets too', () => {
    tf.tidy(() => {
      const loss = new GramStyleLoss();
      const x = randn([2, 3, 4, 5], 9);
      for (const target of [
        tf.reshape(gramMatrix(randn([1, 4, 4, 5], 10)), [5, 5]),
        gramMatrix(randn([2, 2, 6, 5], 11)),
      ]) {
        const ref = (xin: tf.Tensor) => {
          const rows = tf.reshape(xin, [2, 12, 5]) as tf.Tensor3D;
          const g = tf.div(tf.matMul(rows, rows, true, false), 60);
          return tf.div(tf.sum(tf.square(tf.sub(g, target))), 2);
        };
        expect(loss.forward(x, target).dataSync()[0]).toBeCloseTo(ref(x).dataSync()[0], 4);
        const dx = loss.backward();
        expectClose(dx, tf.grads(ref)([x])[0], 1e-4, 1e-5);
        checkNumerically(
          (vals) => loss.forward(tf.tensor(vals, x.shape), target),
          x,
          dx.dataSync(),
        );
      }
    });
  });

  it('ContentLoss: mean squared difference, backward equals tf.grads and numerical gradients', () => {
    tf.tidy(() => {
      const loss = new ContentLoss();
      expect(
        loss.forward(tf.tensor([1, 2, 3, 4]), tf.tensor([1, 0, 3, 0])).dataSync()[0],
      ).toBeCloseTo(5, 6);
      const x = randn([2, 3, 3, 4], 12);
      const t = randn([2, 3, 3, 4], 13);
      const ref = (xin: tf.Tensor) => tf.mean(tf.square(tf.sub(xin, t)));
      expect(loss.forward(x, t).dataSync()[0]).toBeCloseTo(ref(x).dataSync()[0], 5);
      const dx = loss.backward();
      expectClose(dx, tf.grads(ref)([x])[0], 1e-4, 1e-6);
      checkNumerically((vals) => loss.forward(tf.tensor(vals, x.shape), t), x, dx.dataSync());
      expect(() => loss.forward(x, tf.zeros([2, 3, 3]))).toThrow(/must match/);
    });
  });

  it('TotalVariationLoss: squared neighbour differences, backward equals tf.grads and numerical gradients', () => {
    tf.tidy(() => {
      const loss = new TotalVariationLoss();
      // [[0, 1], [2, 4]]: down 2, 3; across 1, 2: (4 + 9 + 1 + 4) / 4 pixels.
      expect(loss.forward(tf.tensor([0, 1, 2, 4], [1, 2, 2, 1])).dataSync()[0]).toBeCloseTo(4.5, 6);
      expect(loss.forward(tf.fill([1, 3, 3, 2], 0.7)).dataSync()[0]).toBe(0);
      const x = randn([2, 4, 5, 3], 14);
      const ref = (xin: tf.Tensor) => {
        const [n, h, w, c] = xin.shape;
        const dh = tf.sub(
          tf.slice(xin, [0, 1, 0, 0], [n, h - 1, w, c]),
          tf.slice(xin, 0, [n, h - 1, w, c]),
        );
        const dw = tf.sub(
          tf.slice(xin, [0, 0, 1, 0], [n, h, w - 1, c]),
          tf.slice(xin, 0, [n, h, w - 1, c]),
        );
        return tf.div(tf.add(tf.sum(tf.square(dh)), tf.sum(tf.square(dw))), xin.size);
      };
      expect(loss.forward(x).dataSync()[0]).toBeCloseTo(ref(x).dataSync()[0], 5);
      const dx = loss.backward();
      expectClose(dx, tf.grads(ref)([x])[0], 1e-4, 1e-6);
      checkNumerically((vals) => loss.forward(tf.tensor(vals, x.shape)), x, dx.dataSync());
      expect(() => loss.forward(tf.zeros([1, 1, 4, 3]))).toThrow(/H >= 2/);
    });
  });
});
