/**
 * Scoring a generator (scores.ts) end to end: draw samples from seeded noise (asked labels
 * cycling through the classes for a conditional net, so each is asked equally), read them
 * with the classifier, compare with real digits' statistics.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LabeledData } from '../../nn/dataset';
import type { SequentialNet } from '../../nn/nets/net';
import { Rng } from '../../nn/rng';
import { readImages } from './classifier-features';
import { frechetDistance, type GaussianStats, gaussianStats } from './frechet';
import type { Gan } from './gan-model';
import { type GanScores, scoreReading } from './scores';

/** Penultimate-feature statistics of real images (pixels in [0, 1]). */
export async function realStats(
  classifier: SequentialNet,
  data: LabeledData,
  count = data.count,
): Promise<GaussianStats> {
  const n = Math.min(count, data.count);
  const pixels = data.x.length / data.count;
  const reading = await readImages(classifier, data.x.subarray(0, n * pixels), n);
  return gaussianStats(reading.features, reading.featureDim);
}

/** The Fréchet distance between two real sets (training vs test digits): the scale of a good score. */
export async function realVsReal(
  classifier: SequentialNet,
  a: LabeledData,
  reference: GaussianStats,
  count = a.count,
): Promise<number> {
  return frechetDistance(await realStats(classifier, a, count), reference);
}

/** `count` samples in [0, 1] (running batch-norm statistics) and the labels asked (or null). */
export async function generateSamples(
  gan: Gan,
  count: number,
  seed: number,
  batch = 500,
): Promise<{ images: Float32Array; asked: Int32Array | null }> {
  const { latent, classes, imageSize } = gan.config;
  const pixels = imageSize * imageSize;
  const rng = new Rng(seed);
  const images = new Float32Array(count * pixels);
  const asked = classes > 0 ? Int32Array.from({ length: count }, (_, i) => i % classes) : null;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const z = rng.normalArray(n * latent);
    const out = tf.tidy(() => {
      const x = gan.generator.generate({
        z: tf.tensor2d(z, [n, latent]),
        labels: asked ? tf.tensor1d(asked.subarray(start, start + n), 'int32') : undefined,
      });
      // tanh's [-1, 1] to MNIST's [0, 1].
      return tf.div(tf.add(x, 1), 2);
    });
    images.set((await out.data()) as Float32Array, start * pixels);
    out.dispose();
  }
  return { images, asked };
}

/** The GAN's scores on `count` samples against the reference (test digits') statistics. */
export async function scoreGan(
  gan: Gan,
  classifier: SequentialNet,
  reference: GaussianStats,
  { count, seed }: { count: number; seed: number },
): Promise<GanScores> {
  const { images, asked } = await generateSamples(gan, count, seed);
  const reading = await readImages(classifier, images, count);
  return scoreReading(reading, reference, asked ?? undefined);
}
