/**
 * The trainer worker driven as the page drives it: a real worker_threads Worker started from
 * the worker kit's one bootstrap (startNodeWorker: comlink's node adapter), on the wasm backend.
 */
import { readFileSync } from 'node:fs';
import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/nn/nets/config';
import { parseModelFile } from '../../src/nn/serialize';
import { type NodeWorkerHandle, startNodeWorker } from '../../workers/kit/node-client';
import type { TrainProgress, TrainSettings } from '../../workers/trainer-api';
import type { TrainerService } from '../../workers/trainer-service';

type Step = Extract<TrainProgress, { type: 'step' }>;

let worker: NodeWorkerHandle<TrainerService>;
let api: Comlink.Remote<TrainerService>;
/** A test image (the first of the test set) for predict/activations. */
let image: Float32Array;

const base: TrainSettings = {
  optimizer: 'sgd',
  lr: 0.1,
  batchSize: 100,
  epochs: 1,
  iterations: 300,
  trainSize: 5000,
  evalSamples: 1000,
  seed: 1,
};

/** Run `settings`, collecting every progress event; `onEvent` may act on them (awaited). */
async function train(
  settings: Partial<TrainSettings>,
  onEvent?: (p: TrainProgress) => unknown,
  events: TrainProgress[] = [],
): Promise<{ summary: Awaited<ReturnType<TrainerService['train']>>; events: TrainProgress[] }> {
  const callback = Comlink.proxy(async (p: TrainProgress) => {
    events.push(p);
    await onEvent?.(p);
  });
  const summary = await api.train({ ...base, ...settings }, callback);
  return { summary, events };
}

const steps = (events: TrainProgress[]) => events.filter((e): e is Step => e.type === 'step');
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}

beforeAll(async () => {
  worker = startNodeWorker<TrainerService>('trainer');
  api = worker.api;
});

afterAll(async () => {
  await worker?.terminate();
});

describe('trainer worker (worker_threads + comlink)', () => {
  it('init picks wasm and says why; MNIST loads from disk', async () => {
    const choice = await api.init('auto');
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/wasm chosen/);
    expect(await api.loadMnist()).toEqual({ train: 60000, test: 10000 });
    const info = await api.createNet(defaultConfig('two-layer'), 1);
    expect(info.parameterCount).toBe(784 * 50 + 50 + 50 * 10 + 10);
    expect(info.params.map((p) => p.name)).toEqual(['W1', 'b1', 'W2', 'b2']);
    image = (await api.samplePredictions(0, 1)).images;
    expect(image).toHaveLength(784);
  });

  it('trains TwoLayerNet: loss falls, throttled steps, epoch events, samples/s and ETA', async () => {
    const { summary, events } = await train({});
    const s = steps(events);
    // Throttled (at most every ~50 ms) but the last step always arrives.
    expect(s.length).toBeGreaterThan(3);
    expect(s.length).toBeLessThan(300);
    expect(s[s.length - 1].iteration).toBe(300);
    expect(s[s.length - 1].etaSeconds).toBe(0);
    expect(s.every((e, i) => i === 0 || e.iteration > s[i - 1].iteration)).toBe(true);
    expect(s.every((e) => e.samplesPerSecond > 0 && e.totalIterations === 300)).toBe(true);
    expect(s[0].etaSeconds).toBeGreaterThan(0);
    expect(mean(s.slice(-3).map((e) => e.loss))).toBeLessThan(
      0.5 * mean(s.slice(0, 3).map((e) => e.loss)),
    );
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(summary).toMatchObject({ iterations: 300, stopped: false, backend: 'wasm' });
    expect(summary.diverged).toBeUndefined();
    expect(summary.samplesPerSecond).toBeGreaterThan(0);
    expect(summary.testAccuracy).toBeGreaterThan(0.8);
  });

  it('pauses (iteration frozen), resumes and stops', async () => {
    const events: TrainProgress[] = [];
    const lastStep = () => steps(events).at(-1)?.iteration ?? 0;
    let pauseAsked = false;
    const run = train(
      { iterations: 5000 },
      (p) => {
        if (p.type === 'step' && p.iteration >= 20 && !pauseAsked) {
          pauseAsked = true;
          void api.pause();
        }
      },
      events,
    );
    await until(() => events.some((e) => e.type === 'paused'));
    const pausedAt = lastStep();
    expect(pausedAt).toBeGreaterThanOrEqual(20);
    await sleep(400);
    expect(lastStep()).toBe(pausedAt);
    expect(events.at(-1)?.type).toBe('paused');
    await api.resume();
    await until(() => lastStep() >= pausedAt + 10);
    await api.stop();
    const { summary } = await run;
    expect(summary.stopped).toBe(true);
    expect(summary.iterations).toBeGreaterThanOrEqual(pausedAt + 10);
    expect(summary.iterations).toBeLessThan(5000);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'paused')).toHaveLength(1);
    expect(types.indexOf('paused')).toBeLessThan(types.indexOf('resumed'));
    expect(lastStep()).toBe(summary.iterations);
  });

  it('save then load gives identical predictions', async () => {
    const before = await api.predict(image);
    expect(before.probabilities).toHaveLength(10);
    expect(mean([...before.probabilities]) * 10).toBeCloseTo(1, 5);
    const bytes = await api.save({ note: 'test' });
    await api.createNet(defaultConfig('two-layer'), 99);
    const fresh = await api.predict(image);
    expect(fresh.probabilities).not.toEqual(before.probabilities);
    const info = await api.load(bytes);
    expect(info.config.kind).toBe('two-layer');
    const after = await api.predict(image);
    expect(after.label).toBe(before.label);
    expect(after.probabilities).toEqual(before.probabilities);
  });

  it('refuses corrupt model files with the reason, keeping the current net', async () => {
    const before = await api.predict(image);
    const random = new Uint8Array(5000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    await expect(api.load(random)).rejects.toThrow(/^model file: not a Gradient Arcade model/);
    const good = await api.save();
    await expect(api.load(good.slice(0, good.length - 1000))).rejects.toThrow(
      /^model file: .*truncated/,
    );
    expect((await api.predict(image)).probabilities).toEqual(before.probabilities);
  });

  it('loads the shipped SimpleConvNet: accuracy, filters, feature maps, sample grid', async () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('../../models/simple-conv.gam', import.meta.url)),
    );
    const info = await api.load(bytes);
    expect(info.config.kind).toBe('simple-conv');
    expect((await api.evaluate(1000)).accuracy).toBeGreaterThan(0.97);
    const filters = await api.convFilters();
    expect(filters?.shape).toEqual([30, 1, 5, 5]);
    expect(filters?.values).toHaveLength(30 * 25);
    const maps = await api.activations(image);
    expect(maps?.shape).toEqual([30, 24, 24]);
    expect(maps?.values.every((v) => v >= 0)).toBe(true); // after ReLU
    const grid = await api.samplePredictions(0, 8);
    expect(grid.images).toHaveLength(8 * 784);
    expect(grid.probabilities).toHaveLength(80);
    expect([...grid.predictions]).toEqual([...grid.labels]);
    expect((await api.predict(image)).label).toBe(grid.labels[0]);
    // Fig. 8-3 over the whole test set, its progress heard through comlink batch by batch.
    const heard: Array<[number, number]> = [];
    const mistakes = await api.misclassified(
      5,
      Comlink.proxy((done: number, total: number) => {
        heard.push([done, total]);
      }),
    );
    expect(mistakes.total).toBe(10_000);
    expect(mistakes.errors).toBe(mistakes.wrong.length);
    expect(mistakes.images).toHaveLength(5 * 784);
    await until(() => heard.length === 20); // batches of 500; callbacks are not awaited
    expect(heard.map(([done]) => done)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i + 1) * 500),
    );
    expect(heard.every(([, total]) => total === 10_000)).toBe(true);
    await api.createNet(defaultConfig('two-layer'), 2);
    expect(await api.convFilters()).toBeNull();
    expect(await api.activations(image)).toBeNull();
  });

  it('keeps tf.memory().numTensors flat across training calls', async () => {
    await train({ iterations: 60 });
    const first = await api.numTensors();
    await train({ iterations: 60 });
    expect(await api.numTensors()).toBe(first);
    await api.predict(image);
    await api.samplePredictions(0, 16);
    await api.evaluate(500);
    await api.save();
    expect(await api.numTensors()).toBe(first);
  });

  it('a NaN run (lr 1e35) ends with `diverged` and finite weights', async () => {
    await api.createNet(defaultConfig('two-layer'), 4);
    const { summary } = await train({ lr: 1e35, iterations: 200 });
    expect(summary.diverged).toMatch(
      /loss became (NaN|Infinity|-Infinity).*weights of step \d+ are kept/,
    );
    expect(summary.iterations).toBeLessThan(200);
    const parsed = parseModelFile(await api.save());
    for (const { values } of parsed.tensors.values())
      expect(values.every(Number.isFinite)).toBe(true);
    const p = await api.predict(image);
    expect([...p.probabilities].every(Number.isFinite)).toBe(true);
  });

  it('falls back to cpu on a device loss, keeping the learned weights', async () => {
    await api.createNet(defaultConfig('two-layer'), 5);
    await train({ iterations: 100 });
    const before = await api.evaluate(500);
    await api.injectDeviceLoss(0);
    let right: Awaited<ReturnType<TrainerService['evaluate']>> | null = null;
    // (cpu is ~10x slower than wasm here: few steps after the fallback.)
    const { summary, events } = await train({ iterations: 10, evalSamples: 300 }, async (p) => {
      // The worker waits for this handler: nothing has trained since the fallback.
      if (p.type === 'backend') right = await api.evaluate(500);
    });
    const backend = events.filter((e) => e.type === 'backend');
    expect(backend).toHaveLength(1);
    expect(backend[0]).toMatchObject({ iteration: 0, choice: { backend: 'cpu' } });
    expect(backend[0].message).toMatch(/wasm device was lost .*cpu/);
    // Same weights on another backend: the same answers, the loss equal to float rounding.
    expect(right!.accuracy).toBe(before.accuracy);
    expect(right!.loss).toBeCloseTo(before.loss, 4);
    expect(summary).toMatchObject({ backend: 'cpu', iterations: 10, stopped: false });
    expect(summary.testAccuracy).toBeGreaterThan(before.accuracy - 0.05);

    // Mid-run: back on wasm, a loss after 70 steps resumes from the host copy of step 50.
    expect((await api.init('wasm')).backend).toBe('wasm');
    await api.injectDeviceLoss(70);
    const second = await train({ iterations: 75, evalSamples: 300 });
    const event = second.events.find((e) => e.type === 'backend');
    expect(event).toMatchObject({ iteration: 50, choice: { backend: 'cpu' } });
    expect(second.summary).toMatchObject({ backend: 'cpu', iterations: 75, stopped: false });
    expect(steps(second.events).at(-1)?.iteration).toBe(75);
    expect(await api.numTensors()).toBeGreaterThan(0);
  });
});

describe('the worker kit: a worker that fails or ends', () => {
  it('rejects pending and later calls with the reason instead of hanging', async () => {
    const missing = startNodeWorker<TrainerService>('no-such');
    await expect(missing.api.init('cpu')).rejects.toThrow(/the no-such worker (failed|exited)/);
    await missing.terminate();
    const ended = startNodeWorker<TrainerService>('trainer');
    const pending = expect(ended.api.loadMnist()).rejects.toThrow(/the trainer worker was ended/);
    await ended.terminate();
    await pending;
    await expect(ended.api.numTensors()).rejects.toThrow(/the trainer worker was ended/);
  });
});
