import * as tf from '@tensorflow/tfjs-core';

/** Per-parameter buffers of an optimizer (velocity v, sums h, moments m), zero at first use. */
export class Slots {
  private readonly slots = new Map<string, tf.Variable>();

  get(name: string, like: tf.Tensor): tf.Variable {
    let v = this.slots.get(name);
    if (!v) {
      v = tf.variable(tf.zerosLike(like), false);
      this.slots.set(name, v);
    }
    return v;
  }

  dispose(): void {
    for (const v of this.slots.values()) v.dispose();
    this.slots.clear();
  }
}
