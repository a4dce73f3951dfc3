/**
 * The generator's moving average: the decay's warm-up, the update's arithmetic, swapping the
 * average in and back out, and a GAN run with an average: no tensor left behind, and the
 * generator after the run holds the average, not the last step's weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { LabeledData } from '../../../src/nn/dataset';
import type { GanConfig } from '../../../src/vision/gan/gan-config';
import { Gan } from '../../../src/vision/gan/gan-model';
import { trainGan } from '../../../src/vision/gan/gan-training';
import { GeneratorAverage } from '../../../src/vision/gan/generator-average';

const tiny: GanConfig = {
  kind: 'dcgan',
  imageSize: 8,
  latent: 4,
  classes: 0,
  codes: 0,
  generator: [4, 3],
  discriminator: [3, 4],
};

function data(count = 32): LabeledData {
  const x = Float32Array.from({ length: count * 64 }, (_, i) => ((i * 37) % 11) / 10);
  return { x, labels: new Uint8Array(count), sampleShape: [64], count, classes: 1 };
}

const values = (v: tf.Tensor) => Array.from(v.dataSync());

describe('GeneratorAverage', () => {
  it('warms its decay up as TensorFlow does, and averages by hand', async () => {
    const gan = new Gan(tiny, 1);
    const w = gan.generator.params.get('Gb1') as tf.Variable;
    const start = values(w);
    const average = new GeneratorAverage(gan.generator, 0.9);
    // Update t (1-based) uses min(0.9, (1 + t) / (10 + t)): 2/11, then 3/12.
    expect(average.currentDecay).toBeCloseTo(2 / 11, 12);
    w.assign(tf.fill(w.shape, 1));
    average.update();
    expect(average.currentDecay).toBeCloseTo(3 / 12, 12);
    w.assign(tf.fill(w.shape, 3));
    average.update();
    // a1 = 2/11·start + 9/11·1; a2 = 3/12·a1 + 9/12·3.
    const expected = start.map((s) => (3 / 12) * ((2 / 11) * s + 9 / 11) + (9 / 12) * 3);
    const inside = await average.withAverage(() => values(w));
    inside.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i], 5);
    });
    // Swapped back out: the trained weights again.
    expect(values(w)).toEqual(new Array(start.length).fill(3));
    average.commit();
    values(w).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i], 5);
    });
    average.dispose();
    gan.dispose();
    expect(() => new GeneratorAverage(gan.generator, 1)).toThrow(/decay must be in \(0, 1\)/);
  });

  it('a run with an average leaks nothing and ends with the average in the generator', async () => {
    const run = async (average?: number) => {
      const before = tf.memory().numTensors;
      const gan = new Gan(tiny, 1);
      const counts: number[] = [];
      await trainGan(gan, data(), {
        steps: 6,
        batchSize: 8,
        lr: 2e-3,
        seed: 3,
        sampleEvery: 3,
        average,
        onStep: () => counts.push(tf.memory().numTensors),
      });
      const out = values(gan.generator.params.get('GW1') as tf.Variable);
      gan.dispose();
      expect(tf.memory().numTensors, `average ${average}`).toBe(before);
      expect(new Set(counts.slice(1)).size).toBe(1);
      return out;
    };
    const trained = await run();
    const averaged = await run(0.5);
    expect(averaged).not.toEqual(trained);
    // The same steps (same seeds): the average lies between the start and the end.
    expect(averaged.some((v, i) => Math.abs(v - trained[i]) > 1e-6)).toBe(true);
  });
});
