/**
 * The GAN trainer on tiny nets and made-up 8x8 "digits": no tensor leaks over steps, the same
 * seed gives the same losses, pause and stop between steps, a non-finite step stops the run
 * with the last good weights put back, and the failure detectors (the discriminator winning,
 * mode collapse) say what happened. Also the fixed noise's layout and the latent walk.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { LabeledData } from '../../../src/nn/dataset';
import { Rng } from '../../../src/nn/rng';
import { RunControl } from '../../../src/nn/run-control';
import type { GanConfig } from '../../../src/vision/gan/gan-config';
import { GanBatches } from '../../../src/vision/gan/gan-data';
import { diversity, GanHealth } from '../../../src/vision/gan/gan-health';
import { Gan } from '../../../src/vision/gan/gan-model';
import { drawSamples, type GanStepReport, trainGan } from '../../../src/vision/gan/gan-training';
import { drawNoise, fixedNoise, latentWalk, noiseCodes } from '../../../src/vision/gan/latent';

const tiny = (classes = 0, codes = 0): GanConfig => ({
  kind: 'dcgan',
  imageSize: 8,
  latent: 4,
  classes,
  codes,
  generator: [4, 3],
  discriminator: [3, 4],
});

/** 40 images 8x8 in [0, 1]: a bar whose row is the label (0..3), a little noise. */
function bars(count = 40): LabeledData {
  const x = new Float32Array(count * 64);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 4;
    for (let p = 0; p < 64; p++) {
      const row = Math.floor(p / 8);
      x[i * 64 + p] = row === 2 * labels[i] ? 0.9 : 0.05 * ((i * 7 + p * 3) % 5);
    }
  }
  return { x, labels, sampleShape: [64], count, classes: 4 };
}

/** 64 images 8x8: class k lights the band of rows 2k, 2k + 1 (four classes, i % 4). */
function bands(count = 64): LabeledData {
  const x = new Float32Array(count * 64);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 4);
  for (let i = 0; i < count; i++)
    for (let p = 0; p < 64; p++) x[i * 64 + p] = Math.floor(p / 16) === labels[i] ? 1 : 0;
  return { x, labels, sampleShape: [64], count, classes: 4 };
}

/** The brightest of image i's four bands. */
function brightestBand(images: Float32Array, i: number): number {
  const sums = [0, 1, 2, 3].map((b) =>
    images.subarray(i * 64 + b * 16, i * 64 + b * 16 + 16).reduce((a, v) => a + v, 0),
  );
  return sums.indexOf(Math.max(...sums));
}

const options = { batchSize: 8, lr: 2e-4, seed: 5, sampleEvery: 2 };

describe('trainGan', () => {
  it('runs steps without leaking tensors, and reports the figures of each', async () => {
    const beforeNets = tf.memory().numTensors;
    const gan = new Gan(tiny(), 1);
    const counts: number[] = [];
    const reports: GanStepReport[] = [];
    const samples: number[] = [];
    const result = await trainGan(gan, bars(), {
      ...options,
      steps: 6,
      onStep: (s) => {
        reports.push(s);
        counts.push(tf.memory().numTensors);
      },
      onSamples: (s) => {
        expect(s.images).toHaveLength(s.noise.count * 64);
        expect(s.diversity).toBeGreaterThanOrEqual(0);
        expect(s.realDiversity).toBeGreaterThan(1);
        samples.push(s.step);
      },
    });
    expect(result).toMatchObject({ steps: 6, reason: 'done', warnings: [] });
    // Steady once the optimizers' moments exist (step 1 creates them).
    expect(new Set(counts.slice(1)).size).toBe(1);
    // Everything of the run is freed at its end: the nets' own tensors (weights, and the
    // filters made from them) are all that is left, and go with the nets.
    gan.dispose();
    expect(tf.memory().numTensors).toBe(beforeNets);
    expect(samples).toEqual([2, 4, 6]);
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of reports) {
      // At the start D knows nothing: L_D near 2 ln 2, L_G near ln 2, D(.) near 1/2.
      expect(r.discriminatorLoss).toBeGreaterThan(1);
      expect(r.discriminatorLoss).toBeLessThan(1.8);
      expect(r.generatorLoss).toBeGreaterThan(0.4);
      expect(r.generatorLoss).toBeLessThan(1);
      expect(r.realness).toBeGreaterThan(0.3);
      expect(r.fakeness).toBeLessThan(0.7);
    }
  });

  it("keeps DCGAN's constant rate, or decays it along a cosine with lrDecay", async () => {
    const rates = async (lrDecay?: 'cosine') => {
      const gan = new Gan(tiny(), 1);
      const seen: number[] = [];
      await trainGan(gan, bars(), {
        ...options,
        steps: 5,
        lrDecay,
        onStep: (s) => seen.push(s.lr),
      });
      gan.dispose();
      return seen;
    };
    expect(await rates()).toEqual([2e-4, 2e-4, 2e-4, 2e-4, 2e-4]);
    const cosine = await rates('cosine');
    // Step k of 5 (0-based) at lr/100 + (lr - lr/100)(1 + cos(πk/5))/2.
    cosine.forEach((r, k) => {
      expect(r).toBeCloseTo(2e-6 + ((2e-4 - 2e-6) * (1 + Math.cos((Math.PI * k) / 5))) / 2, 12);
    });
    expect(cosine[4]).toBeLessThan(cosine[0] / 5);
  });

  it('gives the same losses for the same seeds, other losses for another', async () => {
    const run = async (netSeed: number, seed: number, classes: number) => {
      const gan = new Gan(tiny(classes), netSeed);
      const losses: number[] = [];
      await trainGan(gan, bars(), {
        ...options,
        seed,
        steps: 4,
        onStep: (s) => losses.push(s.discriminatorLoss, s.generatorLoss, s.fakeness),
      });
      gan.dispose();
      return losses;
    };
    for (const classes of [0, 4]) {
      const a = await run(1, 5, classes);
      expect(await run(1, 5, classes)).toEqual(a);
      expect(await run(1, 6, classes)).not.toEqual(a);
      expect(await run(2, 5, classes)).not.toEqual(a);
    }
  });

  it('stops between steps and waits while paused', async () => {
    const gan = new Gan(tiny(), 1);
    const control = new RunControl();
    const stopped = await trainGan(gan, bars(), {
      ...options,
      steps: 10,
      control,
      onStep: (s) => {
        if (s.step === 3) control.stop();
      },
    });
    expect(stopped).toMatchObject({ steps: 3, reason: 'stopped' });
    const pausing = new RunControl();
    let resumedAt = 0;
    const done = trainGan(gan, bars(), {
      ...options,
      steps: 3,
      control: pausing,
      onStep: (s) => {
        if (s.step === 1) {
          pausing.pause();
          setTimeout(() => {
            resumedAt = performance.now();
            pausing.resume();
          }, 50);
        }
        if (s.step === 2) expect(resumedAt).toBeGreaterThan(0);
      },
    });
    expect((await done).steps).toBe(3);
    gan.dispose();
  });

  it('stops at a non-finite step and puts the last good weights back', async () => {
    const gan = new Gan(tiny(), 1);
    const w = gan.generator.params.get('GW1') as tf.Variable;
    let good: number[] = [];
    const result = await trainGan(gan, bars(), {
      ...options,
      steps: 10,
      onStep: (s) => {
        if (s.step !== 2) return;
        good = Array.from(w.dataSync());
        // A weight gone bad, as a blown-up update would leave it.
        w.assign(tf.tidy(() => tf.mul(w, Number.NaN)));
      },
    });
    expect(result.reason).toBe('diverged');
    expect(result.steps).toBe(2);
    expect(result.message).toMatch(/non-finite at step 3: stopped, the weights of step 2 kept/);
    expect(Array.from(w.dataSync())).toEqual(good);
    gan.dispose();
  });

  it('says plainly when the discriminator wins, and can stop on it', async () => {
    const gan = new Gan(tiny(), 1);
    // A discriminator that calls everything fake: its output bias far below 0.
    const bias = gan.discriminator.params.get('Db3') as tf.Variable;
    bias.assign(tf.tensor1d([-40]));
    const said: string[] = [];
    const result = await trainGan(gan, bars(), {
      ...options,
      steps: 20,
      health: { pinnedSteps: 4 },
      stopOnFailure: true,
      onWarning: (w) => said.push(w.message),
    });
    expect(result.reason).toBe('failed');
    expect(result.steps).toBe(4);
    expect(result.warnings.map((w) => w.kind)).toEqual(['discriminator-wins']);
    expect(said[0]).toMatch(
      /the discriminator wins: D\(G\(z\)\) has stayed below 0.01 for 4 steps/,
    );
    gan.dispose();
  });
});

/** The band data sets' runs (conditional and InfoGAN): long and fast enough to learn them. */
const BAND_RUN = { steps: 300, batchSize: 16, lr: 0.005, seed: 1, sampleEvery: 1000 };

describe('conditional GAN', () => {
  it('learns to draw the class asked for (a two-row bar at rows 2k, 2k + 1 for class k)', async () => {
    const gan = new Gan({ ...tiny(4), latent: 4, generator: [8, 8], discriminator: [8, 8] }, 1);
    const result = await trainGan(gan, bands(), BAND_RUN);
    expect(result.reason).toBe('done');
    // Five noise vectors asked for each class: the brightest band must be the asked one
    // (chance: 1 in 4).
    const noise = fixedNoise(gan.config, 3, 5);
    const images = await drawSamples(gan, noise);
    let right = 0;
    for (let i = 0; i < noise.count; i++)
      if (brightestBand(images, i) === noise.labels?.[i]) right++;
    expect(right).toBeGreaterThanOrEqual(18);
    gan.dispose();
  });
});

describe('InfoGAN', () => {
  it("steps leak nothing and report Q's loss, which falls as the codes become kinds of image", async () => {
    // The four bands (four kinds), no labels given to the nets: the code must find them.
    const before = tf.memory().numTensors;
    const gan = new Gan({ ...tiny(0, 4), generator: [8, 8], discriminator: [8, 8] }, 1);
    const counts: number[] = [];
    const info: number[] = [];
    const result = await trainGan(gan, bands(), {
      ...BAND_RUN,
      onStep: (r) => {
        counts.push(tf.memory().numTensors);
        info.push(r.infoLoss ?? Number.NaN);
      },
    });
    expect(result.reason).toBe('done');
    expect(new Set(counts.slice(1)).size).toBe(1);
    // Q reads nothing at first (ln 4), most of it by the end.
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(info.slice(0, 5))).toBeCloseTo(Math.log(4), 1);
    expect(mean(info.slice(-20))).toBeLessThan(0.3 * Math.log(4));
    // Each code's row of the grid: one kind of image (the same brightest band in most of its
    // five columns), and the codes use at least three of the four kinds.
    const noise = fixedNoise(gan.config, 3, 5);
    expect(noise).toMatchObject({ rows: 4, columns: 5, labels: null });
    const images = await drawSamples(gan, noise);
    const kinds = new Set<number>();
    for (let code = 0; code < 4; code++) {
      const brightest = [0, 1, 2, 3, 4].map((c) => brightestBand(images, code * 5 + c));
      const top = [0, 1, 2, 3].reduce((best, b) =>
        brightest.filter((v) => v === b).length > brightest.filter((v) => v === best).length
          ? b
          : best,
      );
      expect(
        brightest.filter((v) => v === top).length,
        `code ${code}: bands ${brightest}`,
      ).toBeGreaterThanOrEqual(4);
      kinds.add(top);
    }
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    gan.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('GanHealth', () => {
  it('calls a pinned D(G(z)) once per spell', () => {
    const health = new GanHealth(10, { pinnedSteps: 3, fakeFloor: 0.01 });
    const kinds = [0.5, 0.001, 0.002, 0.003, 0.001, 0.3, 0.001, 0.001, 0.001].map(
      (f, i) => health.observeStep(i + 1, f)?.kind ?? null,
    );
    expect(kinds).toEqual([
      null,
      null,
      null,
      'discriminator-wins',
      null,
      null,
      null,
      null,
      'discriminator-wins',
    ]);
  });

  it('calls mode collapse when diversity falls far below real and its own best, not before warm-up', () => {
    const health = new GanHealth(10, { warmupSteps: 100, collapseShare: 0.3, dropShare: 0.5 });
    // At the start samples are alike, but the generator has not spread out yet.
    expect(health.observeSamples(50, 0.5)).toBeNull();
    expect(health.observeSamples(100, 1)).toBeNull();
    expect(health.observeSamples(200, 8)).toBeNull();
    const w = health.observeSamples(300, 2);
    expect(w?.kind).toBe('mode-collapse');
    expect(w?.message).toMatch(/mode collapse: .* 5\.0x less than real digits' 10\.00/);
    expect(health.observeSamples(400, 2)).toBeNull();
    expect(health.observeSamples(500, 7)).toBeNull();
    expect(health.observeSamples(600, 1)?.kind).toBe('mode-collapse');
  });

  it('measures diversity as the mean pairwise distance, within groups when given', () => {
    // Three 2-pixel images: (0,0), (3,4), (0,0).
    const images = new Float32Array([0, 0, 3, 4, 0, 0]);
    expect(diversity(images, 2)).toBeCloseTo((5 + 0 + 5) / 3);
    expect(diversity(images, 2, [0, 1, 0])).toBe(0);
    expect(diversity(images, 2, [0, 0, 1])).toBe(5);
  });
});

describe('noise', () => {
  it('lays a conditional grid out one row per class, one noise per column', () => {
    const n = fixedNoise(tiny(4), 3, 5);
    expect(n).toMatchObject({ rows: 4, columns: 5, count: 20 });
    expect(Array.from(n.labels ?? [])).toEqual([
      0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3,
    ]);
    // Column 2 of row 3 has the noise of column 2 of row 0.
    expect(n.z.subarray((3 * 5 + 2) * 4, (3 * 5 + 3) * 4)).toEqual(n.z.subarray(2 * 4, 3 * 4));
    const plain = fixedNoise(tiny(), 3, 5);
    expect(plain).toMatchObject({ rows: 5, columns: 5, count: 25, labels: null });
    expect(fixedNoise(tiny(), 3, 5).z).toEqual(plain.z);
  });

  it("ends InfoGAN noise with its code's one-hot; lays its grid out one row per code", () => {
    const config = tiny(0, 3);
    const z = drawNoise(new Rng(9), config, 50);
    expect(z).toHaveLength(50 * 7);
    const codes = noiseCodes(z, config) as Int32Array;
    for (let i = 0; i < 50; i++) {
      const tail = Array.from(z.subarray(i * 7 + 4, i * 7 + 7));
      expect(tail.filter((v) => v === 1)).toHaveLength(1);
      expect(tail.indexOf(1)).toBe(codes[i]);
    }
    expect(new Set(codes).size).toBe(3);
    // Without a code the noise is the plain Gaussians of before (old runs draw the same).
    expect(drawNoise(new Rng(9), tiny(), 5)).toEqual(new Rng(9).normalArray(20));
    const grid = fixedNoise(config, 3, 5);
    expect(grid).toMatchObject({ rows: 3, columns: 5, count: 15, labels: null });
    expect(Array.from(noiseCodes(grid.z, config) ?? [])).toEqual([
      0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2,
    ]);
    // Column 2 of row 2 has the Gaussians of column 2 of row 0.
    expect(grid.z.subarray((2 * 5 + 2) * 7, (2 * 5 + 2) * 7 + 4)).toEqual(
      grid.z.subarray(2 * 7, 2 * 7 + 4),
    );
    expect(() => drawNoise(new Rng(1), config, 2, () => 3)).toThrow(
      /code must be an integer in 0..2/,
    );
  });

  it('walks from a to b along the great circle', () => {
    const a = new Float32Array([3, 0, 0]);
    const b = new Float32Array([0, 3, 0]);
    const walk = latentWalk(a, b, 5);
    expect(walk).toHaveLength(5);
    expect(Array.from(walk[0])).toEqual([3, 0, 0]);
    expect(walk[4][1]).toBeCloseTo(3);
    // Slerp keeps the norm between equal-norm ends (a straight line would dip to 2.12).
    for (const p of walk) expect(Math.hypot(...p)).toBeCloseTo(3, 5);
    expect(() => latentWalk(a, new Float32Array(2), 3)).toThrow(/lengths 3 and 2/);
  });

  it('draws real batches in [-1, 1] in a seeded order covering every image each pass', () => {
    const data = bars(16);
    const batches = new GanBatches(data, tiny(4), 8, 9);
    const first = [batches.next(), batches.next()];
    const seen = [...first[0].realLabels, ...first[1].realLabels].sort();
    expect(seen).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(Math.min(...first[0].real)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...first[0].real)).toBeCloseTo(0.8);
    expect(first[0].fakeLabels.every((l) => l >= 0 && l < 4)).toBe(true);
    const again = new GanBatches(data, tiny(4), 8, 9).next();
    expect(again.z).toEqual(first[0].z);
    expect(() => new GanBatches(data, tiny(), 17, 1)).toThrow(/batch size must be in 1..16/);
    expect(() => new GanBatches({ ...data, sampleShape: [63] }, tiny(), 4, 1)).toThrow(/not 8x8/);
  });
});
