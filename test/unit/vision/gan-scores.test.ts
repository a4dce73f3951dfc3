/**
 * The GAN's scores on cases with known answers: the Fréchet distance of Gaussians in closed
 * form (diagonal covariances, proportional ones, and a non-commuting 2x2 pair through
 * Tr √M = √(Tr M + 2√det M)), identical sets at 0, estimates from samples near the truth;
 * class coverage of uniform and one-class histograms; confident share and agreement; and the
 * shipped classifier's penultimate features as the scores read them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { SHIPPED_CLASSIFIER } from '../../../src/cli/commands/vision/shipped';
import { loadMnistNode } from '../../../src/data/mnist-node';
import { readRegularFile } from '../../../src/data/node-files';
import { Rng } from '../../../src/nn/rng';
import { loadModel } from '../../../src/nn/serialize';
import { readImages } from '../../../src/vision/gan/classifier-features';
import {
  frechetDistance,
  type GaussianStats,
  gaussianStats,
} from '../../../src/vision/gan/frechet';
import { generateSamples, realStats, scoreGan } from '../../../src/vision/gan/gan-evaluation';
import { Gan } from '../../../src/vision/gan/gan-model';
import { sampleGrid } from '../../../src/vision/gan/sample-grid';
import {
  agreement,
  classCoverage,
  confidentShare,
  predictedClasses,
  scoreReading,
} from '../../../src/vision/gan/scores';

function stats(mean: number[], covariance: number[][]): GaussianStats {
  const dim = mean.length;
  return {
    dim,
    count: 1000,
    mean: Float64Array.from(mean),
    covariance: Float64Array.from(covariance.flat()),
  };
}

const diag = (values: number[]) => values.map((v, i) => values.map((_, j) => (i === j ? v : 0)));

/** n samples of N(mean, L·Lᵀ) for a lower-triangular L. */
function draw(rng: Rng, n: number, mean: number[], L: number[][]): Float32Array {
  const d = mean.length;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const e = mean.map(() => rng.normal());
    for (let a = 0; a < d; a++) {
      let v = mean[a];
      for (let b = 0; b <= a; b++) v += L[a][b] * e[b];
      out[i * d + a] = v;
    }
  }
  return out;
}

describe('Fréchet distance', () => {
  it('of diagonal Gaussians: ‖μ₁ - μ₂‖² + Σ (s₁ + s₂ - 2√(s₁s₂))', () => {
    const m1 = [0, 1, -2, 0.5];
    const m2 = [1, 1, 0, -0.5];
    const s1 = [1, 4, 0.25, 2];
    const s2 = [9, 1, 0.25, 0.5];
    let expected = 0;
    for (let i = 0; i < 4; i++)
      expected += (m1[i] - m2[i]) ** 2 + s1[i] + s2[i] - 2 * Math.sqrt(s1[i] * s2[i]);
    expect(frechetDistance(stats(m1, diag(s1)), stats(m2, diag(s2)))).toBeCloseTo(expected, 9);
    // Symmetric.
    expect(frechetDistance(stats(m2, diag(s2)), stats(m1, diag(s1)))).toBeCloseTo(expected, 9);
  });

  it('of proportional covariances Σ₂ = cΣ₁: (1 + c - 2√c)·Tr Σ₁', () => {
    const S = [
      [2, 0.6, -0.3],
      [0.6, 1.5, 0.2],
      [-0.3, 0.2, 1],
    ];
    const c = 4;
    const mean = [0.1, 0.2, 0.3];
    const got = frechetDistance(
      stats(mean, S),
      stats(
        mean,
        S.map((row) => row.map((v) => c * v)),
      ),
    );
    expect(got).toBeCloseTo((1 + c - 2 * Math.sqrt(c)) * 4.5, 9);
  });

  it('of a non-commuting 2x2 pair: Tr Σ₁ + Tr Σ₂ - 2√(Tr Σ₁Σ₂ + 2√(det Σ₁ det Σ₂))', () => {
    const S1 = [
      [2, 1],
      [1, 3],
    ];
    const S2 = [
      [1, -0.5],
      [-0.5, 0.5],
    ];
    const trProduct = S1[0][0] * S2[0][0] + 2 * S1[0][1] * S2[1][0] + S1[1][1] * S2[1][1];
    const dets = (2 * 3 - 1) * (0.5 - 0.25);
    const expected = 1 + 1 + 5 + 1.5 - 2 * Math.sqrt(trProduct + 2 * Math.sqrt(dets));
    expect(frechetDistance(stats([0, 0], S1), stats([1, -1], S2))).toBeCloseTo(expected, 9);
  });

  it('is ~0 for identical sets and estimates the true distance from samples', () => {
    const rng = new Rng(1);
    const L1 = [
      [1, 0, 0],
      [0.5, 1, 0],
      [0, -0.3, 0.7],
    ];
    const a = draw(rng, 20_000, [0, 0, 0], L1);
    const same = gaussianStats(a, 3);
    expect(frechetDistance(same, same)).toBeLessThan(1e-9);
    // The sample statistics are those of the draw: Σ = L·Lᵀ.
    expect(same.covariance[0]).toBeCloseTo(1, 1);
    expect(same.covariance[1]).toBeCloseTo(0.5, 1);
    expect(same.covariance[4]).toBeCloseTo(1.25, 1);
    const L2 = diag([2, 1, 1]);
    const b = gaussianStats(draw(rng, 20_000, [1, 0, 0], L2), 3);
    const exact = frechetDistance(
      stats(
        [0, 0, 0],
        [
          [1, 0.5, 0],
          [0.5, 1.25, -0.3],
          [0, -0.3, 0.58],
        ],
      ),
      stats([1, 0, 0], diag([4, 1, 1])),
    );
    expect(Math.abs(frechetDistance(same, b) - exact)).toBeLessThan(0.05 * exact);
    expect(() => gaussianStats(new Float32Array(3), 3)).toThrow(/at least 2 whole vectors/);
  });
});

describe('sample scores', () => {
  it('class coverage: 1 for a uniform histogram, 0 for one class, ln 2 / ln 10 for two', () => {
    const uniform = Int32Array.from({ length: 100 }, (_, i) => i % 10);
    expect(classCoverage(uniform, 10).ratio).toBeCloseTo(1, 12);
    expect(classCoverage(uniform, 10).entropy).toBeCloseTo(Math.log(10), 12);
    const one = new Int32Array(50).fill(7);
    expect(classCoverage(one, 10)).toMatchObject({ ratio: 0, entropy: 0 });
    expect(classCoverage(one, 10).histogram[7]).toBe(50);
    const two = Int32Array.from({ length: 40 }, (_, i) => (i % 2 ? 3 : 8));
    expect(classCoverage(two, 10).ratio).toBeCloseTo(Math.log(2) / Math.log(10), 12);
  });

  it('confident share, predicted classes and agreement', () => {
    const probs = [0.95, 0.05, 0, 0.5, 0.4, 0.1, 0.05, 0.05, 0.9, 0.2, 0.8, 0];
    expect(Array.from(predictedClasses(probs, 3))).toEqual([0, 0, 2, 1]);
    expect(confidentShare(probs, 3)).toBe(0.5);
    expect(confidentShare(probs, 3, 0.8)).toBe(0.75);
    expect(agreement([0, 0, 2, 1], [0, 1, 2, 1])).toBe(0.75);
    expect(() => agreement([0], [0, 1])).toThrow(/1 predictions for 2 asked/);
  });

  it('scoreReading puts them together', () => {
    const reading = {
      count: 4,
      features: new Float32Array([0, 1, 1, 0, 1, 1, 0, 0]),
      featureDim: 2,
      probabilities: new Float32Array([1, 0, 0, 1, 1, 0, 0.5, 0.5]),
      classes: 2,
    };
    const reference = gaussianStats(reading.features, 2);
    const s = scoreReading(reading, reference, [0, 1, 1, 0]);
    expect(s.frechet).toBeLessThan(1e-9);
    expect(s).toMatchObject({ samples: 4, confidentShare: 0.75, agreement: 0.75 });
    expect(s.histogram).toEqual([3, 1]);
    expect(scoreReading(reading, reference).agreement).toBeUndefined();
  });
});

describe('scores with the shipped classifier', () => {
  it('reads real digits confidently, its features are the penultimate layer, and a fresh GAN scores badly', async () => {
    const { net } = loadModel(await readRegularFile(SHIPPED_CLASSIFIER, 1 << 24));
    const { test } = await loadMnistNode({ testSize: 200, trainSize: 1 });
    const reading = await readImages(net, test.x, test.count, 64);
    expect(reading.featureDim).toBe(50);
    expect(reading.classes).toBe(10);
    const predicted = predictedClasses(reading.probabilities, 10);
    expect(agreement(predicted, test.labels)).toBeGreaterThan(0.97);
    expect(confidentShare(reading.probabilities, 10)).toBeGreaterThan(0.9);
    // The same probabilities as the net's own inference.
    const p = net.predictProbabilities(tf.tensor2d(test.x.subarray(0, 5 * 784), [5, 784]));
    expect(Array.from(reading.probabilities.subarray(0, 50))).toEqual(
      Array.from(p.dataSync()).map((v) => expect.closeTo(v, 5)),
    );
    p.dispose();
    // Features are ReLU outputs.
    expect(Math.min(...reading.features)).toBeGreaterThanOrEqual(0);
    const reference = await realStats(net, test);
    const half = await realStats(net, {
      ...test,
      x: test.x.subarray(100 * 784),
      count: 100,
      labels: test.labels.subarray(100),
    });
    const gan = new Gan(
      {
        kind: 'dcgan',
        imageSize: 28,
        latent: 8,
        classes: 10,
        codes: 0,
        generator: [4, 4],
        discriminator: [4, 4],
      },
      1,
    );
    const { images, asked } = await generateSamples(gan, 30, 2, 16);
    expect(images).toHaveLength(30 * 784);
    expect(Math.min(...images)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...images)).toBeLessThanOrEqual(1);
    expect(Array.from(asked ?? []).slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    const scores = await scoreGan(gan, net, reference, { count: 30, seed: 2 });
    // An untrained generator's grey blurs are far from digits, farther than real from real.
    expect(scores.frechet).toBeGreaterThan(10 * frechetDistance(half, reference));
    expect(scores.agreement).toBeDefined();
    gan.dispose();
    net.dispose();
  });
});

describe('sample grid', () => {
  it('lays images out with gaps, -1 black and 1 white, scaled', () => {
    const images = new Float32Array([-1, 1, 1, -1, 1, 1, 1, 1]); // two 2x2 images
    const pic = sampleGrid(images, 2, { rows: 1, columns: 2 }, 2);
    expect([pic.width, pic.height]).toEqual([2 * 4 + 3 * 2, 4 + 2 * 2]);
    const at = (x: number, y: number) => pic.data[(y * pic.width + x) * 3];
    expect(at(0, 0)).toBe(96);
    expect(at(2, 2)).toBe(0);
    expect(at(4, 2)).toBe(255);
    expect(at(8, 5)).toBe(255);
    expect(() => sampleGrid(images, 2, { rows: 2, columns: 2 })).toThrow(/not 2x2 images/);
  });
});
