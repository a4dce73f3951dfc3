/**
 * The layers the vision models add, each held to tf.grads of a reference forward built from
 * tfjs's own kernels, and to numerical gradients (central differences) on sampled entries.
 * On the cpu backend: it has the reference kernels tf.grads needs (Conv2DBackpropFilter).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/nn/backend';
import { HuberLoss } from '../../../src/nn/layers/huber-loss';
import { LeakyRelu } from '../../../src/nn/layers/leaky-relu';
import { AddMerge, ChannelConcat } from '../../../src/nn/layers/merge';
import { PixelSoftmaxWithLoss } from '../../../src/nn/layers/pixel-softmax-with-loss';
import { SigmoidCrossEntropy } from '../../../src/nn/layers/sigmoid-cross-entropy';
import { SpaceToDepth } from '../../../src/nn/layers/space-to-depth';
import { TransposedConvolution } from '../../../src/nn/layers/transposed-convolution';
import { Upsampling } from '../../../src/nn/layers/upsampling';
import {
  checkAgainstAutodiff,
  checkLayerNumerically,
  checkNumerically,
  type Reference,
} from '../../helpers/layer-checks';
import { expectClose, randn } from '../../helpers/tensors';

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
});

const v = (t: tf.Tensor) => tf.variable(t);

describe('vision layers: backward equals tf.grads and numerical gradients', () => {
  for (const [stride, pad, k] of [
    [2, 0, 2],
    [2, 1, 4],
    [1, 1, 3],
    [2, 1, 3],
  ] as const) {
    it(`TransposedConvolution ${k}x${k}, stride ${stride}, pad ${pad}`, () => {
      const layer = new TransposedConvolution(
        { name: 'W1', value: v(randn([k, k, 3, 4], 1, 0.5)) },
        { name: 'b1', value: v(randn([3], 2)) },
        stride,
        pad,
      );
      const x = randn([2, 5, 4, 4], 3);
      const ref: Reference = (xin, W, b) => {
        const [h, w] = layer.outputSize(5, 4);
        const pads: [[number, number], [number, number], [number, number], [number, number]] = [
          [0, 0],
          [pad, pad],
          [pad, pad],
          [0, 0],
        ];
        return tf.add(
          tf.conv2dTranspose(xin as tf.Tensor4D, W as tf.Tensor4D, [2, h, w, 3], stride, pads),
          b,
        );
      };
      checkAgainstAutodiff(layer, x, ref);
      checkLayerNumerically(layer, x);
      layer.dispose();
    });
  }

  it('TransposedConvolution refuses a wrong input and a pad that leaves no output', () => {
    const W = { name: 'W', value: v(tf.zeros([2, 2, 3, 4])) };
    const b = { name: 'b', value: v(tf.zeros([3])) };
    expect(() => new TransposedConvolution(W, b, 2, 1)).toThrow(/do not suit a 2x2 filter/);
    const layer = new TransposedConvolution(W, b, 2, 0);
    expect(() => layer.forward(tf.zeros([1, 3, 3, 5]))).toThrow(/expects \[N, H, W, 4\]/);
    layer.dispose();
  });

  it('Upsampling x2 and x3', () => {
    for (const f of [2, 3]) {
      const layer = new Upsampling(f);
      const x = randn([2, 3, 4, 2], 4);
      // Reference: gather rows then columns (pixel i of the output shows input pixel i / f).
      const rows = tf.tensor1d(
        Int32Array.from({ length: 3 * f }, (_, i) => Math.floor(i / f)),
        'int32',
      );
      const cols = tf.tensor1d(
        Int32Array.from({ length: 4 * f }, (_, i) => Math.floor(i / f)),
        'int32',
      );
      checkAgainstAutodiff(layer, x, (xin) => tf.gather(tf.gather(xin, rows, 1), cols, 2));
      checkLayerNumerically(layer, x);
    }
  });

  it('LeakyRelu', () => {
    const layer = new LeakyRelu(0.2);
    // Kept 0.1 away from the kink at 0, where central differences straddle two slopes.
    const x = tf.tidy(() => {
      const r = randn([3, 4, 4, 2], 5);
      return tf.add(r, tf.mul(tf.sign(r), 0.1));
    });
    checkAgainstAutodiff(layer, x, (xin) => tf.leakyRelu(xin, 0.2));
    checkLayerNumerically(layer, x);
  });

  it('AddMerge and ChannelConcat hand each branch its gradient', () => {
    tf.tidy(() => {
      const a = randn([2, 3, 3, 2], 6);
      const b = randn([2, 3, 3, 4], 7);
      const concat = new ChannelConcat();
      const out = concat.forward(a, b);
      expect(out.shape).toEqual([2, 3, 3, 6]);
      const dout = randn(out.shape, 8);
      const [da, db] = concat.backward(dout);
      const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
        tf.sum(tf.mul(tf.concat([x, y], 3), dout)),
      )([a, b]);
      expectClose(da, ga);
      expectClose(db, gb);
      const add = new AddMerge();
      const c = randn([2, 3, 3, 2], 9);
      const s = add.forward(a, c);
      expectClose(s, tf.add(a, c));
      const [d1, d2] = add.backward(tf.onesLike(s));
      expectClose(d1, tf.onesLike(a));
      expectClose(d2, tf.onesLike(c));
      expect(() => add.forward(a, b)).toThrow(/differ/);
      expect(() => concat.forward(a, randn([2, 4, 3, 1], 1))).toThrow(
        /differ outside the channels/,
      );
    });
  });
  it('AddMerge and ChannelConcat against central differences, each branch on its own', () => {
    tf.tidy(() => {
      const a = randn([2, 3, 3, 2], 16);
      const b = randn([2, 3, 3, 4], 17);
      const c = randn([2, 3, 3, 2], 18);
      const concat = new ChannelConcat();
      const add = new AddMerge();
      const doutConcat = randn([2, 3, 3, 6], 19);
      const doutAdd = randn([2, 3, 3, 2], 20);
      concat.forward(a, b);
      const [da, db] = concat.backward(doutConcat).map((g) => g.dataSync());
      add.forward(a, c);
      const [dA, dC] = add.backward(doutAdd).map((g) => g.dataSync());
      const viaConcat = (x: tf.Tensor, y: tf.Tensor) =>
        tf.sum(tf.mul(concat.forward(x, y), doutConcat));
      const viaAdd = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(add.forward(x, y), doutAdd));
      checkNumerically((vals) => viaConcat(tf.tensor(vals, a.shape), b), a, da);
      checkNumerically((vals) => viaConcat(a, tf.tensor(vals, b.shape)), b, db);
      checkNumerically((vals) => viaAdd(tf.tensor(vals, a.shape), c), a, dA);
      checkNumerically((vals) => viaAdd(a, tf.tensor(vals, c.shape)), c, dC);
    });
  });
});

describe('vision losses', () => {
  it('PixelSoftmaxWithLoss: mean cross-entropy over counted pixels, void left out', () => {
    tf.tidy(() => {
      const x = randn([2, 3, 3, 4], 10);
      const labelValues = Int32Array.from({ length: 18 }, (_, i) => (i % 5 === 0 ? 255 : i % 4));
      const t = tf.tensor(labelValues, [2, 3, 3], 'int32');
      const loss = new PixelSoftmaxWithLoss();
      const value = loss.forward(x, t).dataSync()[0];
      // By hand: -log softmax at the label, averaged over the 14 non-void pixels.
      const logp = tf.logSoftmax(x).dataSync();
      let sum = 0;
      let count = 0;
      labelValues.forEach((l, i) => {
        if (l === 255) return;
        sum -= logp[i * 4 + l];
        count++;
      });
      expect(value).toBeCloseTo(sum / count, 5);
      const mask = tf.tensor(
        Float32Array.from(labelValues, (l) => (l === 255 ? 0 : 1)),
        [2, 3, 3, 1],
      );
      const oneHot = tf.cast(
        tf.oneHot(
          tf.tensor(
            Int32Array.from(labelValues, (l) => (l === 255 ? 0 : l)),
            [2, 3, 3],
            'int32',
          ),
          4,
        ),
        'float32',
      );
      const ref = (xin: tf.Tensor) =>
        tf.div(
          tf.sum(tf.mul(tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(xin)), 3, true)), mask)),
          count,
        );
      expectClose(loss.backward(), tf.grads(ref)([x])[0]);
      expect(() => loss.forward(x, tf.zeros([2, 3], 'int32'))).toThrow(
        /labels must be \[2, 3, 3\]/,
      );
    });
  });

  it('SigmoidCrossEntropy: stable for large logits, weighted, backward equals tf.grads', () => {
    tf.tidy(() => {
      const loss = new SigmoidCrossEntropy();
      // log(1 + e^-100) without overflow: target 1 at logit 100 costs ~0, target 0 costs 100.
      expect(loss.forward(tf.tensor([100, 100]), tf.tensor([1, 0])).dataSync()[0]).toBeCloseTo(
        50,
        4,
      );
      const x = randn([4, 5], 11, 3);
      const t = tf.tensor(
        Float32Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? 1 : i % 3 === 1 ? 0 : 0.3)),
        [4, 5],
      );
      const w = tf.tensor(
        Float32Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? 0 : 1 + (i % 2))),
        [4, 5],
      );
      const value = loss.forward(x, t, w).dataSync()[0];
      const ref = (xin: tf.Tensor) => {
        const p = tf.sigmoid(xin);
        const ce = tf.neg(tf.add(tf.mul(t, tf.log(p)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, p)))));
        return tf.div(tf.sum(tf.mul(ce, w)), tf.sum(w));
      };
      expect(value).toBeCloseTo(ref(x).dataSync()[0], 4);
      expectClose(loss.backward(), tf.grads(ref)([x])[0], 1e-3, 1e-5);
      expect(() => loss.forward(x, tf.zeros([4]))).toThrow(/must match logits/);
    });
  });

  it('HuberLoss with weights (a detector’s smooth L1): weighted mean, backward equals tf.grads', () => {
    tf.tidy(() => {
      const loss = new HuberLoss(0.5);
      // |d| = 0.2 <= 0.5: 0.5 · 0.04 = 0.02 (weight 3); |d| = 3: 0.5 · (3 - 0.25) = 1.375
      // (weight 1): (0.06 + 1.375) / 4.
      const w2 = tf.tensor([3, 1]);
      expect(loss.forward(tf.tensor([1.2, -3]), tf.tensor([1, 0]), w2).dataSync()[0]).toBeCloseTo(
        (0.06 + 1.375) / 4,
        5,
      );
      expectClose(loss.backward(), tf.tensor([(3 * 0.2) / 4, -0.5 / 4]), 1e-6, 1e-6);
      const x = randn([4, 5], 12, 1);
      const t = randn([4, 5], 13, 1);
      const w = tf.tensor(
        Float32Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? 0 : 0.5 + (i % 3))),
        [4, 5],
      );
      const value = loss.forward(x, t, w).dataSync()[0];
      const ref = (xin: tf.Tensor) => {
        // Huber without a branch: 0.5 · min(|d|, δ)² + δ · (|d| - min(|d|, δ)).
        const a = tf.abs(tf.sub(xin, t));
        const m = tf.minimum(a, 0.5);
        const per = tf.add(tf.mul(0.5, tf.square(m)), tf.mul(0.5, tf.sub(a, m)));
        return tf.div(tf.sum(tf.mul(per, w)), tf.sum(w));
      };
      expect(value).toBeCloseTo(ref(x).dataSync()[0], 5);
      expectClose(loss.backward(), tf.grads(ref)([x])[0], 1e-4, 1e-6);
      expect(() => loss.forward(x, t, tf.zeros([4]))).toThrow(/weights \[4\]/);
      // Without weights it is the plain mean again (the weights of a previous call forgotten).
      loss.forward(x, t);
      expectClose(
        loss.backward(),
        tf.grads((xin: tf.Tensor) => {
          const a = tf.abs(tf.sub(xin, t));
          const m = tf.minimum(a, 0.5);
          return tf.mean(tf.add(tf.mul(0.5, tf.square(m)), tf.mul(0.5, tf.sub(a, m))));
        })([x])[0],
        1e-4,
        1e-6,
      );
    });
  });

  it('PixelSoftmaxWithLoss and SigmoidCrossEntropy against central differences', () => {
    tf.tidy(() => {
      const pixel = new PixelSoftmaxWithLoss();
      const x = randn([2, 3, 3, 4], 21);
      const labels = tf.tensor(
        Int32Array.from({ length: 18 }, (_, i) => (i % 7 === 3 ? 255 : (i * 3) % 4)),
        [2, 3, 3],
        'int32',
      );
      pixel.forward(x, labels);
      const dPixel = pixel.backward().dataSync();
      checkNumerically((vals) => pixel.forward(tf.tensor(vals, x.shape), labels), x, dPixel, 24);

      const sigmoid = new SigmoidCrossEntropy();
      const logits = randn([4, 5], 22, 2);
      const targets = tf.tensor(
        Float32Array.from({ length: 20 }, (_, i) => [1, 0, 0.3][i % 3]),
        [4, 5],
      );
      const weights = tf.tensor(
        Float32Array.from({ length: 20 }, (_, i) => [0, 1, 2.5, 1][i % 4]),
        [4, 5],
      );
      sigmoid.forward(logits, targets, weights);
      const dSigmoid = sigmoid.backward().dataSync();
      checkNumerically(
        (vals) => sigmoid.forward(tf.tensor(vals, logits.shape), targets, weights),
        logits,
        dSigmoid,
        20,
      );
    });
  });

  it('leaks no tensors across steps', () => {
    const layer = new TransposedConvolution(
      { name: 'W', value: v(randn([4, 4, 2, 3], 1, 0.3)) },
      { name: 'b', value: v(tf.zeros([2])) },
      2,
      1,
    );
    const loss = new PixelSoftmaxWithLoss();
    const step = () =>
      tf.tidy(() => {
        const y = layer.forward(randn([2, 4, 4, 3], 2));
        loss.forward(y, tf.zeros([2, 8, 8], 'int32'));
        layer.backward(loss.backward());
      });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    layer.dispose();
  });
});

describe('SpaceToDepth', () => {
  it('moves each 2x2 block into channels, and backward moves it back', () => {
    const layer = new SpaceToDepth(2);
    const x = randn([2, 4, 6, 3], 12);
    // Reference: gather the four offsets of each block and concatenate them channel-wise
    // in (row offset, column offset) order.
    checkAgainstAutodiff(layer, x, (xin) => {
      const parts: tf.Tensor[] = [];
      for (const dy of [0, 1])
        for (const dx of [0, 1])
          parts.push(
            tf.gather(
              tf.gather(xin, tf.tensor1d([dy, dy + 2], 'int32'), 1),
              tf.tensor1d([dx, dx + 2, dx + 4], 'int32'),
              2,
            ),
          );
      return tf.concat(parts, 3);
    });
    expect(() => layer.forward(randn([1, 3, 4, 1], 1))).toThrow(/multiples of 2/);
  });
});
