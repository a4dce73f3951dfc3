/**
 * The kernels conv path runs a net's conv/pool stack in NHWC (conv-stack.ts). It must be the
 * same net: same weights from the same seed, same loss, same gradients and feature maps as the
 * book's all-NCHW im2col net. The path is the net's option; without one, a net is on 'kernels'.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/nn/backend';
import { firstConvFeatureMaps } from '../../src/nn/experiments/conv-filters';
import { Convolution } from '../../src/nn/layers/convolution';
import { KernelConvolution } from '../../src/nn/layers/kernel-convolution';
import { KernelPooling } from '../../src/nn/layers/kernel-pooling';
import { Pooling } from '../../src/nn/layers/pooling';
import { createNet, defaultConfig } from '../../src/nn/nets';
import { disposeGradient } from '../../src/nn/nets/net';
import { expectClose, randn } from '../helpers/tensors';

beforeAll(async () => {
  await chooseBackend({ request: 'wasm' });
});

describe('NHWC conv stack equals the NCHW im2col net', () => {
  for (const kind of ['simple-conv', 'deep-conv'] as const) {
    it(kind, async () => {
      const book = createNet({ ...defaultConfig(kind), convPath: 'im2col' }, 5);
      const fast = createNet({ ...defaultConfig(kind), convPath: 'kernels' }, 5);
      expect(book.layers.map((l) => l.kind)).not.toContain('ChannelsLast');
      expect(fast.layers[0].kind).toBe('ChannelsLast');
      expect(fast.layers.map((l) => l.kind)).toContain('ChannelsFirst');
      // Each path lists its own classes, and nothing of the other's.
      const classes = (net: typeof book) => new Set(net.layers.map((l) => l.constructor));
      expect(classes(book)).toContain(Convolution);
      expect(classes(book)).toContain(Pooling);
      expect(classes(fast)).toContain(KernelConvolution);
      expect(classes(fast)).toContain(KernelPooling);
      expect(classes(book)).not.toContain(KernelConvolution);
      expect(classes(fast)).not.toContain(Pooling);
      for (const [name, p] of book.params) expectClose(fast.params.get(name)!, p, 0, 0);

      const x = tf.mul(tf.abs(randn([4, 1, 28, 28], 31)), 0.5);
      const t = tf.tensor1d([3, 1, 4, 1], 'int32');
      // Dropout (deep-conv) draws from each net's own generator, seeded alike.
      const a = book.gradient(x, t);
      const b = fast.gradient(x, t);
      expect(b.loss.dataSync()[0]).toBeCloseTo(a.loss.dataSync()[0], 4);
      for (const [name, g] of a.grads) expectClose(b.grads.get(name)!, g, 1e-3, 1e-5);
      disposeGradient(a);
      disposeGradient(b);

      const image = new Float32Array(784).map((_, i) => ((i * 37) % 100) / 100);
      const mapsA = await firstConvFeatureMaps(book, image);
      const mapsB = await firstConvFeatureMaps(fast, image);
      expect(mapsB?.shape).toEqual(mapsA?.shape);
      expectClose(tf.tensor(mapsB!.values), tf.tensor(mapsA!.values), 1e-4, 1e-5);
      x.dispose();
      t.dispose();
      book.dispose();
      fast.dispose();
    });
  }

  it('a config without convPath (every model file before the option) builds the kernels net', () => {
    const net = createNet(defaultConfig('simple-conv'), 0);
    expect(defaultConfig('simple-conv')).not.toHaveProperty('convPath');
    expect(net.layers.map((l) => l.constructor)).toContain(KernelConvolution);
    net.dispose();
  });
});
