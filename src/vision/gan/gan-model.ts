/**
 * A GAN: its config, generator and discriminator, built from one seed. What the trainer, the
 * model file, the CLI and (later) the worker hold.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../nn/rng';
import { Discriminator } from './discriminator';
import { checkGanConfig, type GanConfig } from './gan-config';
import { Generator } from './generator';

export class Gan {
  readonly config: GanConfig;
  readonly generator: Generator;
  readonly discriminator: Discriminator;

  constructor(config: GanConfig, seed: number) {
    this.config = checkGanConfig(config);
    const rng = new Rng(seed);
    this.generator = new Generator(this.config, rng.fork());
    this.discriminator = new Discriminator(this.config, rng.fork());
  }

  get conditional(): boolean {
    return this.config.classes > 0;
  }

  /** Every tensor a file keeps: both nets' parameters and the generator's batch-norm statistics. */
  savedTensors(): Array<[string, tf.Variable]> {
    return [...this.generator.params, ...this.generator.state, ...this.discriminator.params];
  }

  dispose(): void {
    this.generator.dispose();
    this.discriminator.dispose();
  }
}
