/**
 * Discriminator rejection sampling, in its simplest form (the "keep the best" baseline of
 * Azadi et al. 2019, "Discriminator Rejection Sampling"): draw 1/keep times as many samples as
 * wanted and keep those the discriminator finds most real. The discriminator has learnt what
 * the generator gets wrong; asking it to filter trades generation time (and some variety) for
 * cleaner digits. A conditional GAN keeps the best of each asked class, so every class is still
 * asked equally often.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Gan } from './gan-model';
import { generateSamples } from './gan-samples';

/** `count` samples in [0, 1] and the labels asked (or null), the best `keep` share of those drawn. */
export async function keptSamples(
  gan: Gan,
  count: number,
  seed: number,
  keep: number,
  batch = 500,
): Promise<{ images: Float32Array; asked: Int32Array | null }> {
  if (!(keep > 0 && keep <= 1)) throw new RangeError(`keep must be in (0, 1], got ${keep}`);
  if (keep === 1) return generateSamples(gan, count, seed, batch);
  const drawn = Math.ceil(count / keep);
  const { images, asked } = await generateSamples(gan, drawn, seed, batch);
  const pixels = gan.config.imageSize * gan.config.imageSize;
  const size = gan.config.imageSize;
  const realness = new Float32Array(drawn);
  for (let start = 0; start < drawn; start += batch) {
    const n = Math.min(batch, drawn - start);
    const r = tf.tidy(() => {
      // Samples come in [0, 1]; the discriminator reads the generator's [-1, 1].
      const x = tf.sub(
        tf.mul(
          tf.tensor4d(images.subarray(start * pixels, (start + n) * pixels), [n, size, size, 1]),
          2,
        ),
        1,
      );
      const labels = asked ? tf.tensor1d(asked.subarray(start, start + n), 'int32') : undefined;
      return gan.discriminator.realness(x, labels);
    });
    realness.set((await r.data()) as Float32Array, start);
    r.dispose();
  }
  // Most real first; ties keep the drawing order, so the choice is deterministic.
  const byRealness = (a: number, b: number) => realness[b] - realness[a] || a - b;
  const classes = asked ? gan.config.classes : 1;
  const pools = Array.from({ length: classes }, () => [] as number[]);
  for (let i = 0; i < drawn; i++) pools[asked ? asked[i] : 0].push(i);
  for (const pool of pools) pool.sort(byRealness);
  const out = new Float32Array(count * pixels);
  const outAsked = asked ? new Int32Array(count) : null;
  const taken = new Array<number>(classes).fill(0);
  for (let j = 0; j < count; j++) {
    // generateSamples asks class j % classes of sample j: keep that order.
    const c = j % classes;
    const i = pools[c][taken[c]++];
    out.set(images.subarray(i * pixels, (i + 1) * pixels), j * pixels);
    if (outAsked && asked) outAsked[j] = asked[i];
  }
  return { images: out, asked: outAsked };
}
