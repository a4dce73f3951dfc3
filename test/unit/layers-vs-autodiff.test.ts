/**
 * Every hand-written backward equals tfjs autodiff (tf.grads) of an independent reference
 * forward built from tfjs's own kernels (tf.conv2d, tf.maxPool, tf.relu, ...), on random inputs.
 * Autodiff appears in tests only: the training path never uses it.
 *
 * Runs on the cpu backend: tfjs-backend-wasm has no Conv2DBackpropFilter kernel, so the
 * reference gradients could not be taken there. The engine's own ops are the same on every
 * backend (backend-equivalence.test.ts holds wasm and cpu equal).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/nn/backend';
import { Affine } from '../../src/nn/layers/affine';
import { BatchNormalization } from '../../src/nn/layers/batch-normalization';
import { Convolution } from '../../src/nn/layers/convolution';
import { Dropout } from '../../src/nn/layers/dropout';
import { Flatten } from '../../src/nn/layers/flatten';
import { IdentityWithLoss } from '../../src/nn/layers/identity-with-loss';
import { KernelConvolution } from '../../src/nn/layers/kernel-convolution';
import { KernelPooling } from '../../src/nn/layers/kernel-pooling';
import type { Layer } from '../../src/nn/layers/layer';
import { Pooling } from '../../src/nn/layers/pooling';
import { Relu } from '../../src/nn/layers/relu';
import { Sigmoid } from '../../src/nn/layers/sigmoid';
import { SoftmaxWithLoss } from '../../src/nn/layers/softmax-with-loss';
import { Tanh } from '../../src/nn/layers/tanh';
import { Rng } from '../../src/nn/rng';
import { expectClose, randn } from '../helpers/tensors';

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
});

const v = (t: tf.Tensor) => tf.variable(t);
type Reference = (x: tf.Tensor, ...params: tf.Tensor[]) => tf.Tensor;

/**
 * Check the layer's forward against `reference`, then dx and every parameter gradient against
 * tf.grads of L = sum(reference(x, params) * dout) for a random dout.
 */
function checkLayer(
  layer: Layer,
  x: tf.Tensor,
  reference: Reference,
  rtol = 1e-4,
  atol = 1e-5,
): void {
  tf.tidy(() => {
    const params = [...layer.params.values()];
    const out = layer.forward(x, true);
    expectClose(out, reference(x, ...params), rtol, atol);
    const dout = randn(out.shape, 99);
    const dx = layer.backward(dout);
    const loss = (...inputs: tf.Tensor[]) =>
      tf.sum(tf.mul(reference(inputs[0], ...inputs.slice(1)), dout));
    const [gx, ...gp] = tf.grads(loss)([x, ...params]);
    expectClose(dx, gx, rtol, atol);
    [...layer.params.keys()].forEach((name, i) => {
      expectClose(layer.grads.get(name)!, gp[i], rtol, atol);
    });
  });
}

const toNHWC = (x: tf.Tensor) => tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
const toNCHW = (x: tf.Tensor) => tf.transpose(x, [0, 3, 1, 2]);
const zeroPad = (x: tf.Tensor4D, p: number) =>
  p > 0
    ? tf.pad(x, [
        [0, 0],
        [p, p],
        [p, p],
        [0, 0],
      ])
    : x;

describe('hand-written backward equals tf.grads of a reference forward', () => {
  it('Affine (2-D and 4-D input)', () => {
    const layer = new Affine(
      { name: 'W1', value: v(randn([12, 5], 1)) },
      { name: 'b1', value: v(randn([5], 2)) },
    );
    const ref: Reference = (x, W, b) => tf.add(tf.matMul(tf.reshape(x, [x.shape[0], -1]), W), b);
    checkLayer(layer, randn([4, 12], 3), ref);
    checkLayer(layer, randn([4, 3, 2, 2], 4), ref);
    layer.dispose();
  });

  it('Relu, Sigmoid, Tanh, Flatten', () => {
    checkLayer(new Relu(), randn([6, 7], 5), (x) => tf.relu(x));
    checkLayer(new Sigmoid(), randn([6, 7], 6, 3), (x) => tf.sigmoid(x));
    checkLayer(new Tanh(), randn([6, 7], 7), (x) => tf.tanh(x));
    checkLayer(new Flatten(), randn([2, 3, 4, 5], 8), (x) => tf.reshape(x, [2, 60]));
  });

  it('Dropout: backward uses the training mask; inference scales by 1 - ratio', () => {
    const layer = new Dropout(0.4, new Rng(3));
    tf.tidy(() => {
      const x = randn([8, 10], 9);
      const out = layer.forward(x, true);
      const mask = layer.mask!;
      const kept = tf.sum(mask).dataSync()[0] / mask.size;
      expect(kept).toBeGreaterThan(0.4);
      expect(kept).toBeLessThan(0.8);
      expectClose(out, tf.mul(x, mask));
      const dout = randn(out.shape, 10);
      const gx = tf.grads((xin: tf.Tensor) => tf.sum(tf.mul(tf.mul(xin, mask), dout)))([x])[0];
      expectClose(layer.backward(dout), gx);
      expectClose(layer.forward(x, false), tf.mul(x, 0.6));
    });
  });

  it('BatchNormalization (2-D and 4-D input), and inference uses running statistics', () => {
    const mk = (d: number, s: number) =>
      new BatchNormalization(
        { name: 'gamma1', value: v(tf.add(1, randn([d], s, 0.1))) },
        { name: 'beta1', value: v(randn([d], s + 1, 0.1)) },
        { name: 'running_mean1', value: v(tf.zeros([d])) },
        { name: 'running_var1', value: v(tf.ones([d])) },
      );
    const ref: Reference = (x, gamma, beta) => {
      const x2 = tf.reshape(x, [x.shape[0], -1]);
      const mean = tf.mean(x2, 0);
      const variance = tf.mean(tf.square(tf.sub(x2, mean)), 0);
      const y = tf.add(
        tf.mul(gamma, tf.div(tf.sub(x2, mean), tf.sqrt(tf.add(variance, 1e-7)))),
        beta,
      );
      return tf.reshape(y, x.shape);
    };
    const bn = mk(6, 11);
    const x = randn([8, 6], 12, 2);
    checkLayer(bn, x, ref, 1e-3, 1e-4);
    tf.tidy(() => {
      // One training forward moved the running mean 10% of the way to the batch mean.
      const batchMean = tf.mean(x, 0);
      expectClose(bn.runningMean.value, tf.mul(0.1, batchMean), 1e-4, 1e-6);
      const y = bn.forward(x, false);
      const expected = tf.add(
        tf.mul(
          bn.gamma.value,
          tf.div(tf.sub(x, bn.runningMean.value), tf.sqrt(tf.add(bn.runningVar.value, 1e-7))),
        ),
        bn.beta.value,
      );
      expectClose(y, expected);
    });
    bn.dispose();
    const bn4 = mk(2 * 3 * 3, 13);
    checkLayer(bn4, randn([5, 2, 3, 3], 14), ref, 1e-3, 1e-4);
    bn4.dispose();
  });

  // The book's im2col layer, and the kernels layer standing in for it (NCHW in and out).
  const convClasses = { Convolution, KernelConvolution };
  const convCases: Array<[keyof typeof convClasses, number, number, number]> = [];
  for (const name of ['Convolution', 'KernelConvolution'] as const) {
    for (const [size, stride, pad] of [
      [3, 1, 0],
      [3, 1, 1],
      [3, 1, 2],
      [3, 2, 1],
      [3, 2, 0],
      [5, 1, 0],
    ]) {
      convCases.push([name, size, stride, pad]);
    }
  }
  for (const [name, size, stride, pad] of convCases) {
    it(`${name} ${size}x${size} stride ${stride} pad ${pad} equals tf.conv2d`, () => {
      const layer = new convClasses[name](
        { name: 'W1', value: v(randn([4, 3, size, size], 15, 0.3)) },
        { name: 'b1', value: v(randn([4], 16)) },
        stride,
        pad,
      );
      const ref: Reference = (x, W, b) => {
        const filter = tf.transpose(W, [2, 3, 1, 0]) as tf.Tensor4D; // [FH, FW, C, FN]
        const y = tf.conv2d(zeroPad(toNHWC(x), pad), filter, stride, 'valid');
        return toNCHW(tf.add(y, b));
      };
      checkLayer(layer, randn([2, 3, 9, 9], 17), ref, 1e-3, 1e-4);
      layer.dispose();
    });
  }

  /**
   * Reference pooling from slices: window offset (ky, kx) is one strided view of the padded
   * input (slice, then keep every stride-th row and column by reshaping); max/mean over the
   * stacked views. (tf.maxPool's gradient goes through a same-dtype
   * Cast that tf.grads mishandles in tfjs 4.22, so it cannot serve here.)
   */
  const slicePool = (
    x: tf.Tensor,
    size: number,
    stride: number,
    pad: number,
    mode: 'max' | 'avg',
  ) => {
    const [n, c, h, w] = x.shape;
    const oh = (h + 2 * pad - size) / stride + 1;
    const ow = (w + 2 * pad - size) / stride + 1;
    // Extra zeros at the bottom/right so every window row has `stride` columns to reshape.
    const xp = tf.pad(x, [
      [0, 0],
      [0, 0],
      [pad, pad + stride],
      [pad, pad + stride],
    ]);
    const windows: tf.Tensor[] = [];
    for (let ky = 0; ky < size; ky++) {
      for (let kx = 0; kx < size; kx++) {
        const region = tf.slice(xp, [0, 0, ky, kx], [n, c, stride * oh, stride * ow]);
        const grouped = tf.reshape(region, [n, c, oh, stride, ow, stride]);
        windows.push(
          tf.reshape(tf.slice(grouped, [0, 0, 0, 0, 0, 0], [n, c, oh, 1, ow, 1]), [n, c, oh, ow]),
        );
      }
    }
    const stacked = tf.stack(windows, 4);
    return mode === 'max' ? tf.max(stacked, 4) : tf.mean(stacked, 4);
  };

  it('Pooling max and average, with stride and zero pad, equal a slicing reference', () => {
    const cases: Array<[number, number, number, 'max' | 'avg', number[]]> = [
      [2, 2, 0, 'max', [2, 3, 6, 6]],
      [3, 2, 1, 'max', [2, 2, 7, 7]],
      [2, 2, 0, 'avg', [2, 3, 6, 6]],
      [3, 1, 1, 'avg', [1, 2, 5, 5]],
    ];
    for (const [size, stride, pad, mode, shape] of cases) {
      const ref: Reference = (x) => slicePool(x, size, stride, pad, mode);
      checkLayer(new Pooling(size, size, stride, pad, mode), randn(shape, 18 + size), ref);
    }
  });

  it('KernelPooling (NHWC: window planes or the backend pooling-gradient kernels) equals the slicing reference', () => {
    const cases: Array<[number, number, 'max' | 'avg', number[]]> = [
      [2, 2, 'max', [2, 6, 6, 3]],
      [3, 3, 'max', [1, 6, 9, 2]],
      [3, 2, 'max', [2, 7, 7, 2]],
      [2, 2, 'avg', [2, 6, 6, 3]],
      [3, 1, 'avg', [1, 5, 5, 2]],
    ];
    for (const [size, stride, mode, shape] of cases) {
      const ref: Reference = (x) => toNHWC(slicePool(toNCHW(x), size, stride, 0, mode));
      checkLayer(new KernelPooling(size, size, stride, 0, mode), randn(shape, 19 + size), ref);
    }
    expect(() => new KernelPooling(2, 2, 2, 1, 'max')).toThrow(/no padding/);
  });

  it('KernelPooling routes a tied window to its first max, as the book (Pooling) does', () => {
    tf.tidy(() => {
      // Whole numbers in [-2, 2] and a block of zeros (ReLU's output) make many ties.
      const x = tf.concat([tf.round(randn([2, 3, 4, 6], 7)), tf.zeros([2, 3, 2, 6])], 2);
      const nchw = new Pooling(2, 2, 2, 0, 'max');
      const nhwc = new KernelPooling(2, 2, 2, 0, 'max');
      expectClose(toNHWC(nchw.forward(x)), nhwc.forward(toNHWC(x)), 0, 0);
      const dout = randn([2, 3, 3, 3], 8);
      const dx = nchw.backward(dout);
      expectClose(toNHWC(dx), nhwc.backward(toNHWC(dout)), 0, 0);
      // One gradient per window: no tied position gets a second copy.
      expect(tf.sum(tf.cast(tf.notEqual(dx, 0), 'float32')).dataSync()[0]).toBeLessThanOrEqual(
        2 * 3 * 9,
      );
    });
  });

  for (const [size, stride, pad] of [
    [3, 1, 1],
    [3, 1, 2],
    [3, 2, 1],
    [5, 1, 0],
  ]) {
    it(`KernelConvolution in NHWC ${size}x${size} stride ${stride} pad ${pad} equals tf.conv2d`, () => {
      const layer = new KernelConvolution(
        { name: 'W1', value: v(randn([4, 3, size, size], 15, 0.3)) },
        { name: 'b1', value: v(randn([4], 16)) },
        stride,
        pad,
        'NHWC',
      );
      const ref: Reference = (x, W, b) => {
        const filter = tf.transpose(W, [2, 3, 1, 0]) as tf.Tensor4D;
        return tf.add(tf.conv2d(zeroPad(x as tf.Tensor4D, pad), filter, stride, 'valid'), b);
      };
      checkLayer(layer, randn([2, 9, 9, 3], 17), ref, 1e-3, 1e-4);
      layer.dispose();
    });
  }

  it('SoftmaxWithLoss with labels and with one-hot targets', () => {
    tf.tidy(() => {
      const x = randn([5, 4], 22);
      const labels = tf.tensor1d([0, 3, 1, 2, 3], 'int32');
      const oneHot = tf.cast(tf.oneHot(labels, 4), 'float32');
      for (const t of [labels, oneHot]) {
        const layer = new SoftmaxWithLoss();
        const loss = layer.forward(x, t);
        expectClose(loss, tf.losses.softmaxCrossEntropy(oneHot, x), 1e-4, 1e-5);
        const reference = tf.grads((xin: tf.Tensor) => tf.losses.softmaxCrossEntropy(oneHot, xin))([
          x,
        ])[0];
        expectClose(layer.backward(), reference, 1e-3, 1e-5);
      }
    });
  });

  it('IdentityWithLoss', () => {
    tf.tidy(() => {
      const x = randn([5, 3], 23);
      const t = randn([5, 3], 24);
      const layer = new IdentityWithLoss();
      layer.forward(x, t);
      const reference = tf.grads((xin: tf.Tensor) =>
        tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(xin, t)))), 5),
      )([x])[0];
      expectClose(layer.backward(), reference);
    });
  });
});
