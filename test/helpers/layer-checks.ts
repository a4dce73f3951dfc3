/**
 * The two checks every layer test makes: the hand-written backward against tf.grads of a
 * reference written with tfjs ops, and against central differences of the layer's own forward.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { Layer } from '../../src/nn/layers/layer';
import { Rng } from '../../src/nn/rng';
import { expectClose, randn } from './tensors';

export type Reference = (x: tf.Tensor, ...params: tf.Tensor[]) => tf.Tensor;

/**
 * Forward vs reference, dx and every parameter gradient vs tf.grads of sum(ref · dout), the
 * gradients within `gradTolerance` (relative and absolute).
 */
export function checkAgainstAutodiff(
  layer: Layer,
  x: tf.Tensor,
  reference: Reference,
  gradTolerance = 1e-4,
): void {
  tf.tidy(() => {
    const params = [...layer.params.values()];
    const out = layer.forward(x, true);
    expectClose(out, reference(x, ...params), 1e-4, 1e-4);
    const dout = randn(out.shape, 77);
    const dx = layer.backward(dout);
    const loss = (...inputs: tf.Tensor[]) =>
      tf.sum(tf.mul(reference(inputs[0], ...inputs.slice(1)), dout));
    const [gx, ...gp] = tf.grads(loss)([x, ...params]);
    expectClose(dx, gx, gradTolerance, 1e-4);
    [...layer.params.keys()].forEach((name, i) => {
      const g = layer.grads.get(name);
      expect(g, name).toBeDefined();
      if (g) expectClose(g, gp[i], gradTolerance, 1e-4);
    });
  });
}

/** Central differences of sum(forward(x) · dout) at `samples` random entries of x. */
export function checkLayerNumerically(layer: Layer, x: tf.Tensor, samples = 12, h = 1e-2): void {
  tf.tidy(() => {
    const dout = randn(layer.forward(x, true).shape, 78);
    const dx = layer.backward(dout).dataSync();
    const base = Float32Array.from(x.dataSync());
    const rng = new Rng(5);
    const loss = (values: Float32Array) =>
      tf.tidy(
        () => tf.sum(tf.mul(layer.forward(tf.tensor(values, x.shape), true), dout)).dataSync()[0],
      );
    for (let s = 0; s < samples; s++) {
      const i = rng.int(base.length);
      const plus = base.slice();
      plus[i] += h;
      const minus = base.slice();
      minus[i] -= h;
      const numeric = (loss(plus) - loss(minus)) / (2 * h);
      expect(Math.abs(numeric - dx[i]), `entry ${i}: ${numeric} vs ${dx[i]}`).toBeLessThan(
        2e-2 * Math.max(1, Math.abs(numeric)),
      );
    }
  });
}
