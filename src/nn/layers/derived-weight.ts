/**
 * A tensor made from a weight (a filter in the kernels' layout, a transposed convolution's
 * phase filter), made again only when the weight changes.
 *
 * Why: wasm's convolution and matrix kernels pack their filter operand once per tensor and
 * reuse the packing while the same tensor comes back. A layer that transposes its filter in
 * every forward hands the kernel a new tensor each time, so a net whose weights stand still
 * (a live style net painting frames, a detector on the webcam) repacked every filter every
 * frame: ~17 of 93 ms for the 192x144 style net on wasm here. A weight that changes gets a
 * new tensor identity (tfjs's assign swaps its data), so the identity is the key.
 *
 * Under a gradient tape (tf.grads in the tests' references) the tensor is made afresh inside
 * it, so that autodiff sees the path from the weight.
 */
import * as tf from '@tensorflow/tfjs-core';

export class DerivedWeight<T extends tf.Tensor> {
  private source: object | null = null;
  private value: T | null = null;

  constructor(private readonly make: (weight: tf.Tensor) => T) {}

  /** The derived tensor for `weight` as it is now (kept; the caller must not dispose it). */
  of(weight: tf.Tensor): T {
    if (tf.engine().state.gradientDepth > 0) return this.make(weight);
    if (this.value === null || this.value.isDisposed || this.source !== weight.dataId) {
      this.value?.dispose();
      this.value = tf.keep(tf.tidy(() => this.make(weight)));
      this.source = weight.dataId;
    }
    return this.value;
  }

  dispose(): void {
    this.value?.dispose();
    this.value = null;
    this.source = null;
  }
}
