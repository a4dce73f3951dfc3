/**
 * The "Make digits" studio's pure parts: the latent walk's playback (positions, blends), the
 * noise a walk feeds the generator, the worker's request checks, and the studio's choices and
 * words.
 */
import { describe, expect, it } from 'vitest';
import {
  endMessage,
  healthHeadline,
  histogramNote,
  isConditionalChoice,
  isShipped,
  learningRateFor,
  newGanConfig,
  sampleEveryFor,
  scoreLine,
  shippedName,
} from '../../src/app/vision/gan/gan-settings';
import { blendFrames, walkBlend, walkPosition } from '../../src/ui/walk-playback';
import { DEFAULT_GAN } from '../../src/vision/gan/gan-config';
import { seedNoise, walkNoise } from '../../src/vision/gan/latent-path';
import type { GanScoreReport } from '../../workers/gan-api';
import {
  checkGanTrainSettings,
  checkSampleRequest,
  checkWalkRequest,
  toUnitPixels,
} from '../../workers/gan-requests';

describe('walk playback', () => {
  it('a loop goes round and round at fps frames a second', () => {
    expect(walkPosition(0, 0.5, 12, 24, true)).toBeCloseTo(6);
    expect(walkPosition(20, 0.5, 12, 24, true)).toBeCloseTo(2);
    expect(walkPosition(0, 10, 12, 24, true)).toBeCloseTo(0);
  });

  it('an open walk goes back and forth and never jumps', () => {
    // 5 frames: 0..4 and back, a period of 8 frames.
    const at = (s: number) => walkPosition(0, s, 1, 5, false);
    expect([0, 2, 4, 5, 7, 8, 9].map(at)).toEqual([0, 2, 4, 3, 1, 0, 1]);
    for (let s = 0; s < 20; s += 0.25)
      expect(Math.abs(at(s + 0.25) - at(s))).toBeLessThanOrEqual(0.25 + 1e-9);
    expect(walkPosition(3, 99, 12, 1, false)).toBe(0);
  });

  it('blends the frames either side, wrapping to the first in a loop', () => {
    expect(walkBlend(2.25, 5, false)).toEqual({ from: 2, to: 3, mix: 0.25 });
    expect(walkBlend(4.5, 5, true)).toEqual({ from: 4, to: 0, mix: 0.5 });
    expect(walkBlend(4, 5, false)).toEqual({ from: 4, to: 4, mix: 0 });
    const frames = Float32Array.from([0, 0, 1, 1, 0.5, 1]);
    const out = blendFrames(frames, 2, walkBlend(0.5, 3, false), new Float32Array(2));
    expect(Array.from(out)).toEqual([0.5, 0.5]);
    expect(
      Array.from(blendFrames(frames, 2, walkBlend(2.5, 3, true), new Float32Array(2))),
    ).toEqual([0.25, 0.5]);
  });
});

describe('the noise of a latent walk', () => {
  const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

  it('visits each seed’s vector at its keyframe, a loop coming back to the first', () => {
    const latent = 16;
    const noise = { latent, codes: 0 };
    const w = walkNoise(noise, [3, 4, 5], 5, true);
    expect(w.frames).toBe(12);
    expect(w.keyframes).toEqual([0, 4, 8]);
    w.keyframes.forEach((k, i) => {
      const got = w.z.subarray(k * latent, (k + 1) * latent);
      const want = seedNoise([3, 4, 5][i], noise);
      for (let j = 0; j < latent; j++) expect(got[j]).toBeCloseTo(want[j], 5);
    });
    const open = walkNoise(noise, [3, 4, 5], 5, false);
    expect(open.frames).toBe(9);
    expect(open.keyframes).toEqual([0, 4, 8]);
  });

  it('stays near the noise sphere between vectors (slerp, not a straight line)', () => {
    const latent = 64;
    const noise = { latent, codes: 0 };
    const w = walkNoise(noise, [1, 2], 9, false);
    const ends = [norm(seedNoise(1, noise)), norm(seedNoise(2, noise))];
    const middle = norm(w.z.subarray(4 * latent, 5 * latent));
    expect(middle).toBeGreaterThan(0.9 * Math.min(...ends));
  });

  it('refuses too few seeds, too few frames and too long a walk', () => {
    expect(() => walkNoise({ latent: 4, codes: 0 }, [1], 5, true)).toThrow(/two integer seeds/);
    expect(() => walkNoise({ latent: 4, codes: 0 }, [1, 2], 1, true)).toThrow(/framesPerLeg/);
    expect(() => walkNoise({ latent: 4, codes: 0 }, [1, 2, 3], 300, true)).toThrow(
      /more than the 512/,
    );
  });
});

describe('the GAN worker’s request checks', () => {
  const conditional = { ...DEFAULT_GAN, classes: 10 };

  it('fills in the defaults and names a wrong setting', () => {
    const s = checkGanTrainSettings(
      { steps: 10, batchSize: 8, lr: 2e-4, beta1: 0.5, seed: 0 },
      100,
    );
    expect(s).toMatchObject({ sampleEvery: 20, scoreEvery: 0, scoreSamples: 500, beta2: 0.999 });
    const base = { steps: 10, batchSize: 8, lr: 2e-4, beta1: 0.5, seed: 0 };
    expect(() => checkGanTrainSettings({ ...base, lr: 0 }, 100)).toThrow(/lr must be/);
    expect(() => checkGanTrainSettings({ ...base, beta1: 1 }, 100)).toThrow(/beta1/);
    expect(() => checkGanTrainSettings({ ...base, batchSize: 200 }, 100)).toThrow(
      /batchSize.*1\.\.100/,
    );
    expect(() => checkGanTrainSettings({ ...base, sampleEvery: 20, scoreEvery: 30 }, 100)).toThrow(
      /multiple of sampleEvery/,
    );
  });

  it('asks a digit only of a conditional GAN; a walk of one defaults to 7', () => {
    expect(checkSampleRequest({ count: 4, seed: 1, digit: 3 }, conditional).digit).toBe(3);
    expect(() => checkSampleRequest({ count: 4, seed: 1, digit: 3 }, DEFAULT_GAN)).toThrow(
      /unconditional/,
    );
    expect(() => checkSampleRequest({ count: 0, seed: 1 }, DEFAULT_GAN)).toThrow(/count/);
    expect(checkWalkRequest({ seeds: [1, 2] }, conditional)).toMatchObject({
      digit: 7,
      loop: true,
      framesPerLeg: 24,
    });
    expect(checkWalkRequest({ seeds: [1, 2] }, DEFAULT_GAN).digit).toBeNull();
    expect(() => checkWalkRequest({ seeds: [1, -2] }, DEFAULT_GAN)).toThrow(/seeds\[1\]/);
  });

  it('turns tanh pixels into [0, 1]', () => {
    expect(Array.from(toUnitPixels(Float32Array.from([-1, 0, 1, 1.5])))).toEqual([0, 0.5, 1, 1]);
  });
});

describe('the studio’s choices and words', () => {
  it('makes a conditional net only when asked (a "dcgan" ends in "cgan" too)', () => {
    expect(isConditionalChoice('new-dcgan')).toBe(false);
    expect(isConditionalChoice('shipped-dcgan')).toBe(false);
    expect(isConditionalChoice('new-cgan')).toBe(true);
    expect(newGanConfig('new-dcgan', 32)).toMatchObject({ classes: 0, latent: 32 });
    expect(newGanConfig('new-cgan', 64).classes).toBe(10);
    expect(newGanConfig('new-cgan', 64).codes).toBe(0);
    // InfoGAN: unconditional, with a 10-value code.
    expect(isConditionalChoice('new-infogan')).toBe(false);
    expect(newGanConfig('new-infogan', 64)).toMatchObject({ classes: 0, codes: 10, latent: 64 });
    expect(newGanConfig('new-dcgan', 64).codes).toBe(0);
    // Each shipped choice loads its own file.
    expect(shippedName('shipped-dcgan')).toBe('dcgan');
    expect(shippedName('shipped-cgan')).toBe('cgan');
    expect(shippedName('shipped-infogan')).toBe('infogan');
    expect(isShipped('shipped-infogan')).toBe(true);
    expect(isShipped('new-infogan')).toBe(false);
  });

  it('starts a new model at the quick rate and goes on with a trained one at DCGAN’s', () => {
    expect(learningRateFor('new-dcgan')).toBe(0.0005);
    expect(learningRateFor('new-cgan')).toBe(0.0005);
    expect(learningRateFor('new-infogan')).toBe(0.0005);
    expect(learningRateFor('shipped-dcgan')).toBe(0.0002);
    expect(learningRateFor('shipped-cgan')).toBe(0.0002);
    expect(learningRateFor('loaded')).toBe(0.0002);
  });

  it('draws the grid often enough for the scores asked for', () => {
    expect(sampleEveryFor(100)).toBe(20);
    expect(sampleEveryFor(50)).toBe(10);
    expect(sampleEveryFor(30)).toBe(10);
    expect(sampleEveryFor(7)).toBe(1);
    expect(sampleEveryFor(0)).toBe(20);
    for (const n of [1, 25, 64, 100, 333]) expect(n % sampleEveryFor(n)).toBe(0);
  });

  it('says a failure as what the user sees, then its name', () => {
    expect(healthHeadline({ kind: 'mode-collapse' })).toMatch(/same few digits.*mode collapse/);
    expect(healthHeadline({ kind: 'discriminator-wins' })).toMatch(/stopped learning/);
    expect(endMessage('done', 40)).toBe('Done: 40 steps.');
    expect(endMessage('diverged', 7, 'the losses became non-finite at step 8')).toMatch(
      /diverged after 7 steps.*The losses became non-finite/,
    );
  });

  it('reads the scores out', () => {
    const s: GanScoreReport = {
      samples: 500,
      confidentShare: 0.62,
      coverage: 0.93,
      histogram: [50, 50, 50, 50, 50, 50, 50, 50, 100, 0],
      agreement: null,
      frechet: 12.345,
      frechetRealVsReal: 1.2,
      referenceDigits: 2000,
    };
    expect(scoreLine(s)).toBe(
      '62% read as a digit with confidence ≥ 0.9; coverage 0.93 (1: every digit as often); Fréchet distance 12.3 (real digits: 1.2). 500 samples against 2,000 test digits.',
    );
    expect(scoreLine({ ...s, agreement: 0.9 })).toMatch(/90% read as the digit asked for/);
    expect(histogramNote(s.histogram)).toBe('Read 8 most often (20%); never 9.');
  });
});
