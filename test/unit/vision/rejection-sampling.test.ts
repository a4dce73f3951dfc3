/**
 * Discriminator rejection sampling: the kept samples are the ones the discriminator finds most
 * real among those drawn, a conditional GAN keeps each class's best in the asked order, and
 * keep = 1 is plain sampling.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { GanConfig } from '../../../src/vision/gan/gan-config';
import { Gan } from '../../../src/vision/gan/gan-model';
import { generateSamples } from '../../../src/vision/gan/gan-samples';
import { keptSamples } from '../../../src/vision/gan/rejection-sampling';

const config = (classes: number): GanConfig => ({
  kind: 'dcgan',
  imageSize: 8,
  latent: 4,
  classes,
  codes: 0,
  generator: [4, 3],
  discriminator: [3, 4],
});

/** D's realness of samples in [0, 1]. */
async function realness(gan: Gan, images: Float32Array, asked: Int32Array | null) {
  const n = images.length / 64;
  const r = tf.tidy(() =>
    gan.discriminator.realness(
      tf.sub(tf.mul(tf.tensor4d(images, [n, 8, 8, 1]), 2), 1),
      asked ? tf.tensor1d(asked, 'int32') : undefined,
    ),
  );
  const v = Array.from(await r.data());
  r.dispose();
  return v;
}

describe('keptSamples', () => {
  it('keeps the most real of the drawn samples', async () => {
    const gan = new Gan(config(0), 2);
    const all = await generateSamples(gan, 40, 7);
    const allReal = await realness(gan, all.images, null);
    const kept = await keptSamples(gan, 10, 7, 0.25);
    const keptReal = await realness(gan, kept.images, null);
    const best = [...allReal].sort((a, b) => b - a).slice(0, 10);
    expect(keptReal.map((v) => v.toFixed(5))).toEqual(best.map((v) => v.toFixed(5)));
    expect(kept.asked).toBeNull();
    // keep = 1: plain sampling.
    const plain = await keptSamples(gan, 10, 7, 1);
    expect(Array.from(plain.images)).toEqual(Array.from(all.images.subarray(0, 640)));
    await expect(keptSamples(gan, 10, 7, 0)).rejects.toThrow(/keep must be in \(0, 1\]/);
    gan.dispose();
  });

  it('keeps each asked class its best, in the asked order', async () => {
    const gan = new Gan(config(4), 3);
    const all = await generateSamples(gan, 16, 5);
    const allReal = await realness(gan, all.images, all.asked);
    const kept = await keptSamples(gan, 8, 5, 0.5);
    expect(Array.from(kept.asked ?? [])).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    const keptReal = await realness(gan, kept.images, kept.asked);
    for (let c = 0; c < 4; c++) {
      const ofClass = allReal.filter((_, i) => (all.asked as Int32Array)[i] === c);
      const best = ofClass.sort((a, b) => b - a).slice(0, 2);
      expect([keptReal[c], keptReal[c + 4]].map((v) => v.toFixed(5))).toEqual(
        best.map((v) => v.toFixed(5)),
      );
    }
    gan.dispose();
  });
});
