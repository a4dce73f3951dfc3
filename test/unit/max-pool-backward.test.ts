/**
 * The max-pool backward kernel (src/nn/kernels, wasm) against KernelPooling's elementwise
 * formulation: the same bits for windows of several sizes and channel counts that end inside
 * and outside a 4-float vector, on inputs full of ties (few distinct values), negative
 * gradients and zeros; and the layer takes it on wasm.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Mulberry32 } from '../../src/math/mulberry32';
import { hasMaxPoolBackward, maxPoolBackward } from '../../src/nn/kernels/max-pool-backward';
import { KernelPooling } from '../../src/nn/layers/kernel-pooling';

type Elementwise = {
  disjointMaxBackward(x: tf.Tensor4D, out: tf.Tensor4D, dout: tf.Tensor4D): tf.Tensor;
};

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer));

describe('the max-pool backward kernel on wasm', () => {
  it('gives the elementwise formulation’s bits, ties and all', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(hasMaxPoolBackward()).toBe(true);
    const rng = new Mulberry32(5);
    const cases: Array<[number, number, number, number, number, number]> = [
      // n, h, w, c, poolH, poolW
      [2, 4, 4, 1, 2, 2],
      [3, 6, 6, 3, 2, 2],
      [2, 8, 4, 4, 2, 2],
      [1, 6, 6, 5, 3, 3],
      [4, 24, 24, 30, 2, 2],
      [2, 6, 9, 7, 2, 3],
    ];
    for (const [n, h, w, c, ph, pw] of cases) {
      const size = n * h * w * c;
      // Few distinct values: many windows hold their max twice or more.
      const xs = Float32Array.from({ length: size }, () => Math.floor(rng.next() * 4) - 1);
      const x = tf.tensor4d(xs, [n, h, w, c]);
      const out = tf.maxPool(x, [ph, pw], [ph, pw], 'valid');
      const douts = Float32Array.from({ length: out.size }, (_, i) =>
        i % 5 === 0 ? 0 : rng.next() * 2 - 1,
      );
      const dout = tf.tensor4d(douts, out.shape as [number, number, number, number]);
      const layer = new KernelPooling(ph, pw);
      const reference = (layer as unknown as Elementwise).disjointMaxBackward(x, out, dout);
      const fused = maxPoolBackward(x, out, dout, ph, pw);
      expect(fused.shape).toEqual([n, h, w, c]);
      expect(bits(fused)).toEqual(bits(reference));
      // Each window's gradient lands once: the sums agree with dout's.
      expect(tf.sum(fused).dataSync()[0]).toBeCloseTo(tf.sum(dout).dataSync()[0], 3);
      layer.dispose();
      tf.dispose([x, out, dout, reference, fused]);
    }
  });

  it('refuses shapes that are not disjoint windows', () => {
    const x = tf.zeros([1, 5, 4, 2]) as tf.Tensor4D;
    const out = tf.zeros([1, 2, 2, 2]) as tf.Tensor4D;
    expect(() => maxPoolBackward(x, out, out, 2, 2)).toThrow(/not 2x2 disjoint windows/);
    tf.dispose([x, out]);
  });

  it('is what the layer’s backward runs, with no tensor left behind', () => {
    const layer = new KernelPooling(2, 2);
    const x = tf.randomNormal([2, 8, 8, 6], 0, 1, 'float32', 3);
    const y = layer.forward(x);
    const dout = tf.onesLike(y);
    const before = tf.memory().numTensors;
    const dx = layer.backward(dout);
    expect(tf.memory().numTensors).toBe(before + 1); // dx alone: one kernel, nothing else
    const reference = tf.tidy(() =>
      (layer as unknown as Elementwise).disjointMaxBackward(
        x as tf.Tensor4D,
        y as tf.Tensor4D,
        dout as tf.Tensor4D,
      ),
    );
    expect(bits(dx)).toEqual(bits(reference));
    tf.dispose([x, y, dout, dx, reference]);
    layer.dispose();
  });
});
