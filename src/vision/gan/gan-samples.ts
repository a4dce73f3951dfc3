/**
 * Drawing a generator's samples for scoring: seeded noise, asked labels cycling through the
 * classes for a conditional net (so each is asked equally), `batch` at a time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../nn/rng';
import type { Gan } from './gan-model';
import { drawNoise, noiseWidth } from './latent';

/** `count` samples in [0, 1] (running batch-norm statistics) and the labels asked (or null). */
export async function generateSamples(
  gan: Gan,
  count: number,
  seed: number,
  batch = 500,
): Promise<{ images: Float32Array; asked: Int32Array | null }> {
  const { classes, imageSize } = gan.config;
  const width = noiseWidth(gan.config);
  const pixels = imageSize * imageSize;
  const rng = new Rng(seed);
  const images = new Float32Array(count * pixels);
  const asked = classes > 0 ? Int32Array.from({ length: count }, (_, i) => i % classes) : null;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const z = drawNoise(rng, gan.config, n);
    const out = tf.tidy(() => {
      const x = gan.generator.generate({
        z: tf.tensor2d(z, [n, width]),
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
