/**
 * The vision worker driven as the page drives it: a worker_threads Worker started from the
 * worker kit's bootstrap (comlink's node adapter), on wasm, with tiny nets so that a few
 * training steps take seconds.
 */
import { readFileSync } from 'node:fs';
import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridDetectorConfig } from '../../src/vision/detector/grid-config';
import type { FcnConfig } from '../../src/vision/segmenter/fcn-config';
import { type NodeWorkerHandle, startNodeWorker } from '../../workers/kit/node-client';
import type {
  SceneSample,
  VisionApi,
  VisionProgress,
  VisionTrainSettings,
} from '../../workers/vision-api';

const DETECTOR: GridDetectorConfig = {
  kind: 'grid-detector',
  inputSize: [64, 64],
  stageChannels: [8, 16, 32],
  classes: 10,
};
const FCN: FcnConfig = { kind: 'fcn', inputSize: [64, 64], stageChannels: [8, 16], classes: 11 };
const SETTINGS: VisionTrainSettings = {
  steps: 24,
  batchSize: 8,
  lr: 0.003,
  seed: 1,
  evalScenes: 6,
  evalEvery: 12,
  samples: 2,
};

let worker: NodeWorkerHandle<VisionApi>;
let api: Comlink.Remote<VisionApi>;
let tensorsAtStart = 0;
/** A 160x120 paper scene of test digits: a frame that is not the nets' size. */
let frame: SceneSample;

async function train(name: string, settings: Partial<VisionTrainSettings> = {}) {
  const events: VisionProgress[] = [];
  const summary = await api.train(
    name,
    { ...SETTINGS, ...settings },
    Comlink.proxy((p: VisionProgress) => {
      events.push(p);
    }),
  );
  return { summary, events };
}

const asFrame = (s: SceneSample) => ({ rgb: s.image.slice(), width: s.width, height: s.height });

beforeAll(async () => {
  worker = startNodeWorker<VisionApi>('vision');
  api = worker.api;
  await api.init('wasm');
  expect(await api.loadDigits(['train', 'test'])).toEqual({ train: 60000, test: 10000 });
  tensorsAtStart = await api.numTensors();
  [frame] = await api.scenes({ count: 1, seed: 7, style: 'paper', width: 160, height: 120 });
});

afterAll(async () => {
  await worker?.terminate();
});

describe('the vision worker', () => {
  it('trains the detector: the loss falls, held-out mAP, PR curves and sample predictions arrive', async () => {
    await api.create('det', DETECTOR, 1);
    const { summary, events } = await train('det');
    expect(summary.reason).toBe('done');
    expect(summary.steps).toBe(24);
    const losses = events.flatMap((e) => (e.type === 'step' ? [e.loss] : []));
    expect(losses.length).toBeGreaterThan(1);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    const evals = events.filter((e) => e.type === 'eval');
    expect(evals.map((e) => e.score.step)).toEqual([12, 24]);
    const last = evals[evals.length - 1];
    expect(last.score.task).toBe('detect');
    expect(last.score.prCurves).toHaveLength(10);
    expect(last.score.headline).toBeGreaterThanOrEqual(0);
    expect(last.samples).toHaveLength(2);
    expect(last.samples[0].scene.image).toHaveLength(64 * 64 * 3);
    expect(last.samples[0].prediction.width).toBe(64);
    expect(summary.final?.headline).toBe(last.score.headline);
  });

  it('predicts on a frame of another size: boxes in frame pixels, per-stage timings', async () => {
    const r = await api.predict('det', asFrame(frame), { scoreThreshold: 0.01 });
    expect([r.width, r.height, r.kind]).toEqual([160, 120, 'grid-detector']);
    expect(r.boxes.length).toBe(r.categories.length * 4);
    expect(r.scores.length).toBe(r.categories.length);
    for (let i = 0; i < r.categories.length; i++) {
      const [x, y, w, h] = r.boxes.subarray(i * 4, i * 4 + 4);
      expect(x >= 0 && y >= 0 && x + w <= 160.001 && y + h <= 120.001).toBe(true);
      expect(r.categories[i]).toBeGreaterThanOrEqual(1);
      expect(r.categories[i]).toBeLessThanOrEqual(10);
    }
    for (const stage of ['preprocess', 'forward', 'decode'] as const)
      expect(r.timings[stage]).toBeGreaterThanOrEqual(0);
    expect(r.mask).toBeNull();
    // The shift ensemble: two looks at the frame, boxes still in the frame's pixels.
    const two = await api.predict('det', asFrame(frame), { scoreThreshold: 0.01, passes: 2 });
    expect(two.categories.length).toBeGreaterThan(0);
    for (let i = 0; i < two.categories.length; i++) {
      const [x, y, w, h] = two.boxes.subarray(i * 4, i * 4 + 4);
      expect(x >= 0 && y >= 0 && x + w <= 160.001 && y + h <= 120.001).toBe(true);
    }
    expect(Array.from(two.boxes)).not.toEqual(Array.from(r.boxes));
  });

  it('saves and loads: the loaded model answers exactly as the trained one', async () => {
    const bytes = await api.save('det');
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('GAVISIO1');
    const info = await api.load('det-copy', bytes);
    expect(info).toMatchObject({ name: 'det-copy', kind: 'grid-detector', inputSize: [64, 64] });
    const a = await api.predict('det', asFrame(frame), { scoreThreshold: 0.01 });
    const b = await api.predict('det-copy', asFrame(frame), { scoreThreshold: 0.01 });
    expect(Array.from(b.boxes)).toEqual(Array.from(a.boxes));
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
    await expect(api.load('bad', new Uint8Array([1, 2, 3]))).rejects.toThrow(/vision model file/);
  });

  it('pauses, resumes and stops a run between steps', async () => {
    const events: VisionProgress[] = [];
    let paused = false;
    const run = api.train(
      'det',
      { ...SETTINGS, steps: 10_000, evalEvery: 0 },
      Comlink.proxy((p: VisionProgress) => {
        events.push(p);
        if (p.type === 'step' && !paused) {
          paused = true;
          void api.pause();
        }
      }),
    );
    await expect
      .poll(() => events.some((e) => e.type === 'paused'), { timeout: 20_000 })
      .toBe(true);
    await expect(api.create('det', DETECTOR, 2)).rejects.toThrow(/training/);
    await api.resume();
    await expect
      .poll(() => events.some((e) => e.type === 'resumed'), { timeout: 20_000 })
      .toBe(true);
    await api.stop();
    const summary = await run;
    expect(summary.reason).toBe('stopped');
    expect(summary.steps).toBeLessThan(10_000);
  });

  it('trains the FCN a few steps and predicts a mask over the frame', async () => {
    await api.create('seg', FCN, 1);
    const { summary, events } = await train('seg', { steps: 4, batchSize: 4, evalEvery: 0 });
    expect(summary.reason).toBe('done');
    const evals = events.filter((e) => e.type === 'eval');
    expect(evals[0].score.task).toBe('segment');
    expect(evals[0].score.confusion).toHaveLength(121);
    const r = await api.predict('seg', asFrame(frame));
    // 160x120 in a 64x64 input: 64x48 cells over the frame.
    expect(r.mask && [r.mask.width, r.mask.height, r.mask.labels.length]).toEqual([
      64,
      48,
      64 * 48,
    ]);
    expect(r.boxes).toHaveLength(0);
  });

  it('runs the R-CNN flow with the shipped DeepConvNet as its crop classifier', async () => {
    const bytes = new Uint8Array(readFileSync('models/deep-conv-augmented.gam'));
    const info = await api.loadRcnn('rcnn', bytes);
    expect(info.kind).toBe('rcnn');
    const r = await api.predict('rcnn', asFrame(frame));
    expect(r.kind).toBe('rcnn');
    expect(r.categories.length).toBeGreaterThan(0);
    expect(r.boxes.length).toBe(r.categories.length * 4);
  });

  it('refuses bad input with a clear message', async () => {
    await expect(
      api.predict('det', { rgb: new Uint8Array(10), width: 4, height: 4 }),
    ).rejects.toThrow(/4x4 RGB needs 48 bytes, got 10/);
    await expect(
      api.predict('det', { rgb: new Uint8Array(12), width: 2.5, height: 4 }),
    ).rejects.toThrow(/width and height must be integers/);
    await expect(api.predict('nope', asFrame(frame))).rejects.toThrow(
      /no vision model named "nope"/,
    );
    await expect(api.predict('det', asFrame(frame), { scoreThreshold: 2 })).rejects.toThrow(
      /scoreThreshold must be a number in 0..1/,
    );
    await expect(train('det', { lr: -1 })).rejects.toThrow(/lr must be a number/);
    await expect(train('det', { minDigits: 4, maxDigits: 2 })).rejects.toThrow(
      /maxDigits must be an integer in 4\.\.64, got 2/,
    );
    await expect(api.create('x', { ...DETECTOR, inputSize: [60, 64] }, 1)).rejects.toThrow(
      /inputSize must be two multiples/,
    );
    await expect(api.save('rcnn')).rejects.toThrow(/R-CNN flow/);
  });

  it('leaves no tensor behind once its models are dropped', async () => {
    for (const m of await api.models()) await api.drop(m.name);
    expect(await api.models()).toEqual([]);
    expect(await api.numTensors()).toBe(tensorsAtStart);
  });
});
