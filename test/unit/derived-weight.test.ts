import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DerivedWeight } from '../../src/nn/layers/derived-weight';

describe('DerivedWeight', () => {
  it('makes the tensor once while the weight stands still, again when it changes, and frees it', () => {
    const w = tf.variable(tf.tensor2d([1, 2, 3, 4], [2, 2]));
    let made = 0;
    const derived = new DerivedWeight((x) => {
      made++;
      return tf.transpose(x);
    });
    const before = tf.memory().numTensors;
    const a = tf.tidy(() => derived.of(w));
    const b = tf.tidy(() => derived.of(w));
    expect(b).toBe(a);
    expect(made).toBe(1);
    expect(Array.from(a.dataSync())).toEqual([1, 3, 2, 4]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.tidy(() => w.assign(tf.tensor2d([5, 6, 7, 8], [2, 2])));
    const c = derived.of(w);
    expect(made).toBe(2);
    expect(a.isDisposed).toBe(true);
    expect(Array.from(c.dataSync())).toEqual([5, 7, 6, 8]);
    expect(tf.memory().numTensors).toBe(before + 1);
    derived.dispose();
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it('under a gradient tape makes the tensor inside it, so autodiff reaches the weight', () => {
    const w = tf.variable(tf.tensor1d([1, 2, 3]));
    const derived = new DerivedWeight((x) => tf.mul(x, 2));
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(derived.of(w))) as tf.Scalar, [w]);
    // d/dw Σ (2w)² = 8w
    expect(Array.from(grads[w.name].dataSync())).toEqual([8, 16, 24]);
    tf.dispose(grads);
    derived.dispose();
    w.dispose();
  });
});
