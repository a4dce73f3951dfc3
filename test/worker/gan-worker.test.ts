/**
 * The GAN worker driven as the "Make digits" studio drives it: a worker_threads Worker started
 * from the worker kit's bootstrap (comlink's node adapter), on wasm, with tiny nets so that a
 * few training steps take seconds, and the shipped classifier scoring a few samples.
 */
import { readFileSync } from 'node:fs';
import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GanConfig } from '../../src/vision/gan/gan-config';
import type { GanApi, GanImages, GanProgress, GanTrainSettings } from '../../workers/gan-api';
import { type NodeWorkerHandle, startNodeWorker } from '../../workers/kit/node-client';

const TINY: GanConfig = {
  kind: 'dcgan',
  imageSize: 28,
  latent: 8,
  classes: 0,
  codes: 0,
  generator: [16, 8],
  discriminator: [8, 16],
};
const SETTINGS: GanTrainSettings = {
  steps: 6,
  batchSize: 8,
  lr: 2e-4,
  beta1: 0.5,
  seed: 3,
  sampleEvery: 3,
  scoreEvery: 3,
  scoreSamples: 20,
};

let worker: NodeWorkerHandle<GanApi>;
let api: Comlink.Remote<GanApi>;

async function train(settings: Partial<GanTrainSettings> = {}) {
  const events: GanProgress[] = [];
  const summary = await api.train(
    { ...SETTINGS, ...settings },
    Comlink.proxy((p: GanProgress) => {
      events.push(p);
    }),
  );
  return { summary, events };
}

const same = (a: GanImages, b: GanImages) =>
  Array.from(a.images).every((v, i) => v === b.images[i]);

beforeAll(async () => {
  worker = startNodeWorker<GanApi>('gan');
  api = worker.api;
  await api.init('wasm');
  expect(await api.loadMnist()).toEqual({ train: 60000, test: 10000 });
  const classifier = new Uint8Array(readFileSync('models/deep-conv-augmented.gam'));
  expect((await api.loadClassifier(classifier, 100)).parameterCount).toBeGreaterThan(0);
}, 60_000);

afterAll(async () => {
  await worker?.terminate();
});

describe('the GAN worker', () => {
  it('trains a few steps: step reports, the fixed-noise grid, scores, and no tensor left behind', async () => {
    const info = await api.create(TINY, 1);
    expect(info).toMatchObject({ conditional: false, stepsDone: 0, source: 'new' });
    const before = await api.grid();
    const tensors = await api.numTensors();
    const { summary, events } = await train();
    expect(summary).toMatchObject({ steps: 6, stepsDone: 6, reason: 'done' });
    const steps = events.flatMap((e) => (e.type === 'step' ? [e] : []));
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) {
      expect(Number.isFinite(s.discriminatorLoss) && Number.isFinite(s.generatorLoss)).toBe(true);
      expect(s.realness).toBeGreaterThan(0);
      expect(s.realness).toBeLessThan(1);
      expect(s.fakeness).toBeGreaterThan(0);
      expect(s.fakeness).toBeLessThan(1);
    }
    const samples = events.flatMap((e) => (e.type === 'samples' ? [e] : []));
    expect(samples.map((s) => s.step)).toEqual([3, 6]);
    const last = samples[1];
    expect([last.rows, last.columns, last.size, last.count]).toEqual([8, 8, 28, 64]);
    expect(last.images).toBeInstanceOf(Float32Array);
    expect(last.images).toHaveLength(64 * 784);
    expect(Math.min(...last.images)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...last.images)).toBeLessThanOrEqual(1);
    expect(last.realDiversity).toBeGreaterThan(0);
    // The grid the worker draws now is the run's last grid (same fixed noise, seed + 1).
    const after = await api.grid(SETTINGS.seed + 1);
    expect(same(after, last)).toBe(true);
    expect(same(after, before)).toBe(false);
    const scores = events.flatMap((e) => (e.type === 'score' ? [e] : []));
    expect(scores.map((s) => s.step)).toEqual([3, 6]);
    for (const { scores: s, trainingSeconds } of scores) {
      expect(s.samples).toBe(20);
      expect(s.confidentShare).toBeGreaterThanOrEqual(0);
      expect(s.confidentShare).toBeLessThanOrEqual(1);
      expect(s.coverage).toBeGreaterThanOrEqual(0);
      expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(20);
      expect(s.agreement).toBeNull();
      expect(s.frechet).toBeGreaterThan(0);
      expect(s.frechetRealVsReal).toBeGreaterThan(0);
      expect(s.referenceDigits).toBe(100);
      expect(trainingSeconds).toBeGreaterThan(0);
    }
    expect(await api.numTensors()).toBe(tensors);
  }, 60_000);

  it('saves and loads: the loaded GAN draws the same grid and keeps its steps', async () => {
    const bytes = await api.save();
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('GAGANMD1');
    const grid = await api.grid();
    const info = await api.load(bytes, 'test file');
    expect(info).toMatchObject({ stepsDone: 6, source: 'test file', config: TINY });
    expect(same(await api.grid(), grid)).toBe(true);
    await expect(api.load(new Uint8Array([1, 2, 3]))).rejects.toThrow(/GAN file/);
    // The failed load kept the GAN.
    expect(await api.info()).toMatchObject({ stepsDone: 6 });
  });

  it('walks through noise space: frames from one seed to the next and back, smoothly', async () => {
    const walk = await api.walk({ seeds: [11, 12], framesPerLeg: 6, loop: true });
    expect(walk.count).toBe(10);
    expect(walk.keyframes).toEqual([0, 5]);
    expect(walk.images).toHaveLength(10 * 784);
    const frame = (i: number) => walk.images.subarray(i * 784, (i + 1) * 784);
    const distance = (a: Float32Array, b: Float32Array) =>
      Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));
    // Neighbouring frames are closer than the two ends are.
    const ends = distance(frame(0), frame(5));
    expect(ends).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect(distance(frame(i), frame(i + 1))).toBeLessThan(ends);
    const open = await api.walk({ seeds: [11, 12, 13], framesPerLeg: 4, loop: false });
    expect([open.count, open.keyframes]).toEqual([7, [0, 3, 6]]);
    // The walk starts where the loop did: the same seed, the same image.
    expect(Array.from(open.images.subarray(0, 784))).toEqual(Array.from(frame(0)));
    await expect(api.walk({ seeds: [1] })).rejects.toThrow(/seeds/);
    await expect(api.walk({ seeds: [1, 2], digit: 3 })).rejects.toThrow(/unconditional/);
  });

  it('pauses, resumes and stops a run between steps', async () => {
    const events: GanProgress[] = [];
    const run = api.train(
      { ...SETTINGS, steps: 1000, scoreEvery: 0 },
      Comlink.proxy((p: GanProgress) => {
        events.push(p);
      }),
    );
    await expect.poll(() => events.some((e) => e.type === 'step'), { timeout: 20_000 }).toBe(true);
    await api.pause();
    await expect.poll(() => events.some((e) => e.type === 'paused')).toBe(true);
    await expect(api.create(TINY, 2)).rejects.toThrow(/while the GAN is training/);
    await api.resume();
    await expect.poll(() => events.some((e) => e.type === 'resumed')).toBe(true);
    await api.stop();
    const summary = await run;
    expect(summary.reason).toBe('stopped');
    expect(summary.steps).toBeLessThan(1000);
    expect(summary.stepsDone).toBe(6 + summary.steps);
  }, 60_000);

  it('a conditional GAN: a row per digit, and N of one digit on demand', async () => {
    await api.create({ ...TINY, classes: 10 }, 4);
    const grid = await api.grid();
    expect([grid.rows, grid.columns]).toEqual([10, 8]);
    expect(Array.from(grid.labels ?? [])).toEqual(
      Array.from({ length: 80 }, (_, i) => Math.floor(i / 8)),
    );
    const sevens = await api.sample({ count: 12, seed: 5, digit: 7, columns: 6 });
    expect([sevens.count, sevens.rows, sevens.columns]).toEqual([12, 2, 6]);
    expect(Array.from(sevens.labels ?? [])).toEqual(new Array(12).fill(7));
    const walk = await api.walk({ seeds: [1, 2], framesPerLeg: 3, digit: 2 });
    expect(Array.from(walk.labels ?? [])).toEqual([2, 2, 2, 2]);
    await expect(api.sample({ count: 4, seed: 1, digit: 10 })).rejects.toThrow(/digit/);
    const tensors = await api.numTensors();
    const { summary, events } = await train({ steps: 3, scoreEvery: 3 });
    expect(summary.reason).toBe('done');
    const score = events.find((e) => e.type === 'score');
    expect(score?.type === 'score' && score.scores.agreement).not.toBeNull();
    expect(await api.numTensors()).toBe(tensors);
  }, 60_000);

  it("an InfoGAN: a row per code value, Q's loss in each step, walks and saves with its code", async () => {
    const info = await api.create({ ...TINY, codes: 10 }, 6);
    expect(info.conditional).toBe(false);
    expect(info.config.codes).toBe(10);
    const grid = await api.grid();
    expect([grid.rows, grid.columns, grid.labels]).toEqual([10, 8, null]);
    // Rows differ (each its own code), columns of one row too (their own noise).
    const image = (i: number) => grid.images.subarray(i * 784, (i + 1) * 784);
    const differ = (i: number, j: number) => image(i).some((v, k) => v !== image(j)[k]);
    expect(differ(0, 8)).toBe(true);
    expect(differ(0, 1)).toBe(true);
    const walk = await api.walk({ seeds: [1, 2], framesPerLeg: 3 });
    expect(walk.count).toBe(4);
    await expect(api.sample({ count: 4, seed: 1, digit: 3 })).rejects.toThrow(/digit/);
    const tensors = await api.numTensors();
    const { summary, events } = await train({ steps: 3, scoreEvery: 3 });
    expect(summary.reason).toBe('done');
    const steps = events.filter((e) => e.type === 'step');
    expect(steps.length).toBeGreaterThan(0);
    for (const e of steps) if (e.type === 'step') expect(e.infoLoss).toBeGreaterThan(0);
    expect(await api.numTensors()).toBe(tensors);
    const trained = await api.grid();
    const back = await api.load(await api.save(), 'file');
    expect(back.config).toEqual(info.config);
    expect((await api.grid()).images).toEqual(trained.images);
  }, 60_000);
});
