/**
 * An exponential moving average of the generator's weights (and its batch-norm statistics,
 * as YOLOv5's ModelEMA averages every buffer). A GAN's generator never settles: each step
 * chases the discriminator's latest opinion, so its weights circle around a good point;
 * their average sits nearer it and draws cleaner samples (Yazıcı et al. 2019, "The Unusual
 * Effectiveness of Averaging in GAN Training"). The trainer updates the average after every
 * step and swaps it into the generator whenever samples are drawn, scored or saved.
 *
 * The decay warms up as TensorFlow's ExponentialMovingAverage with num_updates does,
 * min(decay, (1 + t) / (10 + t)), so the first steps are not frozen at the starting weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Generator } from './generator';

export class GeneratorAverage {
  private readonly shadows: Array<readonly [tf.Variable, tf.Variable]>;
  private updates = 0;

  constructor(
    generator: Generator,
    readonly decay: number,
  ) {
    if (!(decay > 0 && decay < 1))
      throw new RangeError(`the average's decay must be in (0, 1), got ${decay}`);
    this.shadows = [...generator.params.values(), ...generator.state.values()].map(
      // A variable built on a tensor keeps its data, not the tensor: made in a tidy.
      (v) => [v, tf.tidy(() => tf.variable(tf.clone(v), false))] as const,
    );
  }

  /** The decay the next update uses. */
  get currentDecay(): number {
    const t = this.updates + 1;
    return Math.min(this.decay, (1 + t) / (10 + t));
  }

  /** Folds the generator's current weights into the average. */
  update(): void {
    const d = this.currentDecay;
    this.updates++;
    tf.tidy(() => {
      for (const [live, shadow] of this.shadows)
        shadow.assign(tf.add(tf.mul(shadow, d), tf.mul(live, 1 - d)));
    });
  }

  /** Runs `fn` with the averaged weights in the generator, then puts the trained ones back. */
  async withAverage<T>(fn: () => Promise<T> | T): Promise<T> {
    const kept = this.shadows.map(([live]) => tf.clone(live));
    try {
      for (const [live, shadow] of this.shadows) live.assign(shadow);
      return await fn();
    } finally {
      this.shadows.forEach(([live], i) => {
        live.assign(kept[i]);
      });
      for (const k of kept) k.dispose();
    }
  }

  /** Leaves the averaged weights in the generator for good (the end of a run). */
  commit(): void {
    for (const [live, shadow] of this.shadows) live.assign(shadow);
  }

  dispose(): void {
    for (const [, shadow] of this.shadows) shadow.dispose();
  }
}
