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
    checkNumerically(
      (values) => tf.sum(tf.mul(layer.forward(tf.tensor(values, x.shape), true), dout)),
      x,
      dx,
      samples,
      h,
      1,
    );
  });
}

/**
 * Central differences of the scalar `f` at `samples` random entries of x, against the
 * analytic gradient `grad` (the hand-written backward's dx, read out beforehand): for losses,
 * and for layers of several inputs, one input at a time. Each entry must agree within 2 % of
 * the larger of |numeric| and `scale`; by default `scale` is the gradient's largest entry, so
 * a loss averaged over many pixels (small gradients) is held to its own size, not to 1.
 */
export function checkNumerically(
  f: (values: Float32Array) => tf.Tensor,
  x: tf.Tensor,
  grad: ArrayLike<number>,
  samples = 12,
  h = 1e-2,
  scale = Array.from(grad).reduce((m, g) => Math.max(m, Math.abs(g)), 0),
): void {
  const base = Float32Array.from(x.dataSync());
  expect(grad.length).toBe(base.length);
  expect(scale).toBeGreaterThan(0);
  const rng = new Rng(5);
  const value = (values: Float32Array) => tf.tidy(() => f(values).dataSync()[0]);
  for (let s = 0; s < samples; s++) {
    const i = rng.int(base.length);
    const plus = base.slice();
    plus[i] += h;
    const minus = base.slice();
    minus[i] -= h;
    const numeric = (value(plus) - value(minus)) / (2 * h);
    expect(Math.abs(numeric - grad[i]), `entry ${i}: ${numeric} vs ${grad[i]}`).toBeLessThan(
      2e-2 * Math.max(scale, Math.abs(numeric)),
    );
  }
}
