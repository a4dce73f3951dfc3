import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { Rng } from '../../src/nn/rng';

/** A float32 tensor of normal deviates from a seeded Rng. */
export function randn(shape: number[], seed: number, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(new Rng(seed).normalArray(size, scale), shape);
}

/** Assert two tensors agree: |a - b| <= atol + rtol * |b| elementwise. */
export function expectClose(a: tf.Tensor, b: tf.Tensor, rtol = 1e-4, atol = 1e-5): void {
  expect(a.shape).toEqual(b.shape);
  const av = a.dataSync();
  const bv = b.dataSync();
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < av.length; i++) {
    const excess = Math.abs(av[i] - bv[i]) - (atol + rtol * Math.abs(bv[i]));
    if (excess > worst) {
      worst = excess;
      worstAt = i;
    }
  }
  if (worstAt >= 0) {
    expect.fail(`tensors differ at ${worstAt}: ${av[worstAt]} vs ${bv[worstAt]}`);
  }
}
