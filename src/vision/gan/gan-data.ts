/**
 * The batches a GAN trains on, drawn from one seed: real images in a shuffled order (a new
 * permutation each pass), noise z ~ N(0, 1), and for a conditional net the labels asked of the
 * generator (uniform over the classes). Plain arrays, so the draws do not depend on the
 * backend; `toGanBatch` makes the step's tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type LabeledData, sampleSize } from '../../nn/dataset';
import { Rng } from '../../nn/rng';
import type { GanConfig } from './gan-config';
import type { GanBatch } from './gan-step';
import { drawNoise, noiseWidth } from './latent';

export interface RawGanBatch {
  /** Real images in [-1, 1], N x size x size. */
  real: Float32Array;
  realLabels: Int32Array;
  z: Float32Array;
  fakeLabels: Int32Array;
}

export class GanBatches {
  private readonly rng: Rng;
  private order: Int32Array;
  private at = 0;

  constructor(
    readonly data: LabeledData,
    readonly config: GanConfig,
    readonly batchSize: number,
    seed: number,
  ) {
    const pixels = config.imageSize * config.imageSize;
    if (sampleSize(data) !== pixels)
      throw new Error(
        `GAN data: samples of [${data.sampleShape}] are not ${config.imageSize}x${config.imageSize} images`,
      );
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > data.count)
      throw new Error(`GAN batch size must be in 1..${data.count} (the images), got ${batchSize}`);
    if (config.classes > 0 && data.labels.some((l) => l >= config.classes))
      throw new Error(`GAN data: a label is outside 0..${config.classes - 1}`);
    this.rng = new Rng(seed);
    this.order = this.rng.permutation(data.count);
  }

  next(): RawGanBatch {
    const { batchSize: n, data, config } = this;
    const pixels = config.imageSize * config.imageSize;
    const real = new Float32Array(n * pixels);
    const realLabels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (this.at === this.order.length) {
        this.order = this.rng.permutation(data.count);
        this.at = 0;
      }
      const j = this.order[this.at++];
      // MNIST's [0, 1] ink to tanh's [-1, 1].
      for (let p = 0; p < pixels; p++) real[i * pixels + p] = 2 * data.x[j * pixels + p] - 1;
      realLabels[i] = data.labels[j];
    }
    const z = drawNoise(this.rng, config, n);
    const fakeLabels = new Int32Array(n);
    if (config.classes > 0)
      for (let i = 0; i < n; i++) fakeLabels[i] = this.rng.int(config.classes);
    return { real, realLabels, z, fakeLabels };
  }
}

/** The step's tensors (call inside a tidy). */
export function toGanBatch(raw: RawGanBatch, config: GanConfig): GanBatch {
  const n = raw.realLabels.length;
  const s = config.imageSize;
  const conditional = config.classes > 0;
  return {
    real: tf.tensor4d(raw.real, [n, s, s, 1]),
    realLabels: conditional ? tf.tensor1d(raw.realLabels, 'int32') : undefined,
    fakeInput: {
      z: tf.tensor2d(raw.z, [n, noiseWidth(config)]),
      labels: conditional ? tf.tensor1d(raw.fakeLabels, 'int32') : undefined,
    },
  };
}
