/**
 * The feature nets of style transfer: the random multi-scale filters and the shipped MNIST
 * DeepConvNet per colour channel. Their hand-written backward (every layer's own) is held to
 * central differences of sum_taps(features · weights) on a small image; taps that feed no
 * loss cost nothing and owe nothing; the random filters are seeded.
 * (tf.grads cannot be the reference here: tfjs 4.22's mirrorPad gradient drops the mirrored
 * entries, see style-layers.test.ts.)
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/nn/backend';
import { Rng } from '../../../src/nn/rng';
import { parseModelFile } from '../../../src/nn/serialize';
import type { StyleFeatureNet } from '../../../src/vision/style/feature-net';
import { randomFeatureNet } from '../../../src/vision/style/random-features';
import { trainedFeatureNet } from '../../../src/vision/style/trained-features';
import { expectClose, randn } from '../../helpers/tensors';

const MODEL = new URL('../../../models/deep-conv-augmented.gam', import.meta.url);
const modelTensors = () => parseModelFile(new Uint8Array(readFileSync(MODEL))).tensors;

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
});

/** An image in [0.1, 0.9], so a nudge of h keeps it inside [0, 1]. */
const image = (seed: number, h: number, w: number) =>
  tf.tidy(() => tf.add(tf.mul(tf.sigmoid(randn([1, h, w, 3], seed)), 0.8), 0.1) as tf.Tensor4D);

/**
 * dImage from backward vs central differences of L(x) = Σ_taps Σ(F_tap(x) · R_tap) at sampled
 * pixels, R random weights per tap (null where `use` leaves the tap out).
 */
function checkNet(net: StyleFeatureNet, x: tf.Tensor4D, use: (tap: number) => boolean): void {
  tf.tidy(() => {
    const features = net.forward(x);
    const weights = features.map((f, i) => (use(i) ? randn(f.shape, 100 + i) : null));
    const dx = net.backward(weights).dataSync();
    expect(dx.length).toBe(x.size);
    const loss = (values: Float32Array) =>
      tf.tidy(() => {
        const f = net.forward(tf.tensor4d(values, x.shape));
        let sum = 0;
        f.forEach((t, i) => {
          const w = weights[i];
          if (!w) return;
          // Summed in float64: a float32 sum of thousands of terms would drown the nudge.
          const a = t.dataSync();
          const b = w.dataSync();
          for (let k = 0; k < a.length; k++) sum += (a[k] as number) * (b[k] as number);
        });
        return sum;
      });
    const base = Float32Array.from(x.dataSync());
    const rng = new Rng(3);
    // A small nudge, with the loss summed in float64: the nets are deep piecewise-linear maps
    // whose ReLU kinks a larger nudge crosses (a pixel moves thousands of units).
    const h = 3e-4;
    const errors: number[] = [];
    for (let s = 0; s < 20; s++) {
      const i = rng.int(base.length);
      const plus = base.slice();
      plus[i] = (plus[i] as number) + h;
      const minus = base.slice();
      minus[i] = (minus[i] as number) - h;
      const numeric = (loss(plus) - loss(minus)) / (2 * h);
      errors.push(Math.abs(numeric - (dx[i] as number)) / Math.max(1, Math.abs(numeric)));
    }
    errors.sort((a, b) => a - b);
    // Most entries agree to a few 0.1 % (float32 forwards limit the differences); a kink still
    // in reach of ±h may cost one entry a few %. A wrong backward is off by tens of % everywhere.
    expect(errors[15], `errors ${errors.map((e) => e.toFixed(4))}`).toBeLessThan(1e-2);
    expect(errors[19], `errors ${errors.map((e) => e.toFixed(4))}`).toBeLessThan(5e-2);
  });
}

describe('random multi-scale features', () => {
  it('taps rgb and four scales, halving each time; backward equals numerical gradients', () => {
    const net = randomFeatureNet({
      banks: [
        { kernel: 3, channels: 6 },
        { kernel: 3, channels: 8 },
        { kernel: 5, channels: 8 },
        { kernel: 1, channels: 10 },
      ],
      seed: 1,
    });
    expect(net.taps).toEqual(['rgb', 'scale1', 'scale2', 'scale3', 'scale4']);
    const x = image(1, 16, 24);
    tf.tidy(() => {
      expect(net.forward(x).map((f) => f.shape)).toEqual([
        [1, 16, 24, 3],
        [1, 16, 24, 6],
        [1, 8, 12, 8],
        [1, 4, 6, 8],
        [1, 2, 3, 10],
      ]);
    });
    checkNet(net, x, () => true);
    // Only some taps: the deeper stages are skipped and the gradient is still exact.
    checkNet(net, x, (i) => i === 1 || i === 3);
    net.dispose();
  });

  it('is seeded: the same seed draws the same filters, another seed others', () => {
    const x = image(2, 16, 16);
    const deepest = (seed: number) => {
      const net = randomFeatureNet({
        banks: [
          { kernel: 3, channels: 4 },
          { kernel: 3, channels: 4 },
        ],
        seed,
      });
      const f = tf.tidy(() => tf.keep(net.forward(x)[2] as tf.Tensor));
      net.dispose();
      return f;
    };
    const [a, b, c] = [deepest(5), deepest(5), deepest(6)];
    expectClose(a, b, 0, 0);
    expect(tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]).toBeGreaterThan(1e-3);
    tf.dispose([a, b, c, x]);
  });

  it('a backward with no loss at any tap is zero at the image size', () => {
    const net = randomFeatureNet({ banks: [{ kernel: 3, channels: 4 }], seed: 0 });
    tf.tidy(() => {
      const x = image(3, 8, 8);
      net.forward(x);
      const d = net.backward([null, null]);
      expect(d.shape).toEqual([1, 8, 8, 3]);
      expect(tf.max(tf.abs(d)).dataSync()[0]).toBe(0);
      expect(() => net.backward([null])).toThrow(/1 tap gradients for 2 taps/);
      expect(() => net.forward(tf.zeros([1, 8, 8, 1]) as tf.Tensor4D)).toThrow(/\[1, H, W, 3\]/);
    });
    net.dispose();
  });
});

describe('trained features (the shipped MNIST DeepConvNet, per colour channel)', () => {
  it('taps rgb and conv1..conv5 with the channels side by side; backward equals numerical gradients', () => {
    const net = trainedFeatureNet(modelTensors());
    expect(net.taps).toEqual(['rgb', 'conv1', 'conv2', 'conv3', 'conv4', 'conv5']);
    const x = image(4, 16, 16);
    tf.tidy(() => {
      expect(net.forward(x).map((f) => f.shape)).toEqual([
        [1, 16, 16, 3],
        [1, 16, 16, 48],
        [1, 16, 16, 48],
        [1, 8, 8, 96],
        [1, 8, 8, 96],
        [1, 4, 4, 192],
      ]);
    });
    checkNet(net, x, () => true);
    net.dispose();
  });

  it('reads each colour channel with the same filters: a grey image gives three equal thirds', () => {
    const net = trainedFeatureNet(modelTensors());
    tf.tidy(() => {
      const grey = tf.tile(tf.slice(image(5, 8, 8), [0, 0, 0, 0], [1, 8, 8, 1]), [1, 1, 1, 3]);
      const conv1 = net.forward(grey as tf.Tensor4D)[1] as tf.Tensor;
      const [r, g, b] = tf.split(conv1, 3, 3);
      expectClose(r as tf.Tensor, g as tf.Tensor, 0, 1e-6);
      expectClose(r as tf.Tensor, b as tf.Tensor, 0, 1e-6);
    });
    net.dispose();
  });

  it('refuses tensors that are not a DeepConvNet on grey images, naming the tensor', () => {
    const tensors = new Map(modelTensors());
    tensors.set('W3', { shape: [32, 8, 3, 3], values: new Float32Array(32 * 8 * 9) });
    expect(() => trainedFeatureNet(tensors)).toThrow(/W3 \[32,16,3,3\].*got W3 \[32,8,3,3\]/);
    tensors.delete('b1');
    expect(() => trainedFeatureNet(tensors)).toThrow(/b1/);
  });
});
