/**
 * The vision nets' hand-written `gradient` checked against numerical gradients of their own
 * loss (central differences on sampled parameter entries), on tiny configurations, float64
 * being unavailable: the tolerance is that of float32 differences. A step h small enough not
 * to carry many LeakyReLU units across their kink at once (a bias moves a whole channel).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/nn/backend';
import { disposeGradient } from '../../../src/nn/nets/net';
import { Rng } from '../../../src/nn/rng';
import type { GridDetectorConfig } from '../../../src/vision/detector/grid-config';
import { GridDetector } from '../../../src/vision/detector/grid-detector';
import { encodeTargets } from '../../../src/vision/detector/grid-targets';
import { FcnSegmenter } from '../../../src/vision/segmenter/fcn';
import { randn } from '../../helpers/tensors';

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
});

/** Compares analytic grads with central differences of `lossOf` at a few entries per tensor. */
function checkGradients(
  params: ReadonlyMap<string, tf.Variable>,
  grads: Map<string, tf.Tensor>,
  lossOf: () => number,
  perTensor = 3,
  h = 1e-2,
): void {
  const rng = new Rng(3);
  let checked = 0;
  for (const [name, p] of params) {
    const g = (grads.get(name) as tf.Tensor).dataSync();
    const values = Float32Array.from(p.dataSync());
    for (let s = 0; s < perTensor; s++) {
      const i = rng.int(values.length);
      const original = values[i];
      values[i] = original + h;
      p.assign(tf.tensor(values, p.shape));
      const plus = lossOf();
      values[i] = original - h;
      p.assign(tf.tensor(values, p.shape));
      const minus = lossOf();
      values[i] = original;
      p.assign(tf.tensor(values, p.shape));
      const numeric = (plus - minus) / (2 * h);
      expect(
        Math.abs(numeric - g[i]),
        `${name}[${i}]: numeric ${numeric} vs backward ${g[i]}`,
      ).toBeLessThan(3e-3 + 3e-2 * Math.abs(numeric));
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(10);
}

describe('vision nets: gradient equals numerical gradients', () => {
  it.each(['share', 'log'] as const)(
    'GridDetector, %s box coding (objectness, box and class losses, space-to-depth stages)',
    (boxCoding) => {
      const config: GridDetectorConfig = {
        kind: 'grid-detector',
        inputSize: [16, 16],
        stageChannels: [3, 4],
        classes: 3,
        boxCoding,
      };
      const net = new GridDetector(config, 1);
      const targets = encodeTargets(config, [
        [{ bbox: [1, 2, 3, 5], classIndex: 2 }],
        [
          { bbox: [8, 8, 7, 7], classIndex: 0 },
          { bbox: [0, 9, 4, 6], classIndex: 1 },
        ],
      ]);
      const x = randn([2, 16, 16, 1], 4);
      const g = net.gradient(x, targets);
      checkGradients(net.params, g.grads, () => {
        const again = net.gradient(x, targets);
        const value = again.loss.dataSync()[0];
        disposeGradient(again);
        again.parts.dispose();
        return value;
      });
      disposeGradient(g);
      g.parts.dispose();
      net.dispose();
    },
  );

  it.each([
    ['stage 1 at full resolution', 1],
    ['stage 1 after space-to-depth, a last x2 transposed convolution', 2],
  ] as const)(
    'FcnSegmenter (%s; score layers, transposed convolutions, skip additions)',
    (_, firstStride) => {
      const net = new FcnSegmenter(
        { kind: 'fcn', inputSize: [8, 8], stageChannels: [2, 3, 3], classes: 3, firstStride },
        2,
      );
      expect(net.predict(randn([1, 8, 8, 1], 6)).shape).toEqual([1, 8, 8, 3]);
      expect(net.params.has('Wup0')).toBe(firstStride === 2);
      const labelValues = Int32Array.from({ length: 2 * 64 }, (_, i) =>
        i % 7 === 0 ? 255 : (i * 5) % 3,
      );
      const labels = tf.tensor3d(labelValues, [2, 8, 8], 'int32');
      const x = randn([2, 8, 8, 1], 5);
      const g = net.gradient(x, labels);
      checkGradients(
        net.params,
        g.grads,
        () => {
          const again = net.gradient(x, labels);
          const value = again.loss.dataSync()[0];
          disposeGradient(again);
          return value;
        },
        3,
        2e-3,
      );
      disposeGradient(g);
      net.dispose();
    },
  );

  it('leak no tensors across training steps', () => {
    const det = new GridDetector(
      { kind: 'grid-detector', inputSize: [16, 16], stageChannels: [2, 2], classes: 2 },
      1,
    );
    const fcn = new FcnSegmenter(
      { kind: 'fcn', inputSize: [8, 8], stageChannels: [2, 2], classes: 2 },
      1,
    );
    const targets = encodeTargets(det.config, [[{ bbox: [2, 2, 5, 5], classIndex: 1 }]]);
    const step = () => {
      const x = randn([1, 16, 16, 1], 1);
      const a = det.gradient(x, targets);
      disposeGradient(a);
      a.parts.dispose();
      x.dispose();
      const y = randn([1, 8, 8, 1], 2);
      const labels = tf.zeros([1, 8, 8], 'int32');
      const b = fcn.gradient(y, labels);
      disposeGradient(b);
      y.dispose();
      labels.dispose();
      tf.tidy(() => {
        det.predict(randn([1, 16, 16, 1], 3));
        fcn.predict(randn([1, 8, 8, 1], 4));
      });
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    det.dispose();
    fcn.dispose();
  });
});
