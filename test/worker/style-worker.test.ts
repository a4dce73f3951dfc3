/**
 * The style worker driven as the page drives it: a worker_threads Worker started from the
 * worker kit's bootstrap (comlink's node adapter), on wasm, at 48 x 48 so that a run of a few
 * steps takes a second or two.
 */
import { readFileSync } from 'node:fs';
import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeWorkerHandle, startNodeWorker } from '../../workers/kit/node-client';
import type { RgbImage, StyleApi, StyleProgress, StyleRunSettings } from '../../workers/style-api';

const SETTINGS: StyleRunSettings = {
  features: 'random',
  size: 48,
  steps: 12,
  contentWeight: 1,
  styleWeight: 20,
  tvWeight: 1,
  lr: 0.03,
  scales: 1,
  imageEvery: 4,
};

let worker: NodeWorkerHandle<StyleApi>;
let api: Comlink.Remote<StyleApi>;
let tensorsAtStart = 0;
let content: RgbImage;

async function run(settings: Partial<StyleRunSettings> = {}, style = { shipped: 'mosaic' }) {
  const events: StyleProgress[] = [];
  const summary = await api.run(
    { ...content, data: content.data.slice() },
    style,
    { ...SETTINGS, ...settings },
    Comlink.proxy((p: StyleProgress) => {
      events.push(p);
    }),
  );
  return { summary, events };
}

/** Mean absolute difference of two RGB pictures of one size, 0..255. */
function meanDifference(a: RgbImage, b: RgbImage): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
  return sum / a.data.length;
}

beforeAll(async () => {
  worker = startNodeWorker<StyleApi>('style');
  api = worker.api;
  await api.init('wasm');
  content = await api.contentScene(3, 64);
  tensorsAtStart = await api.numTensors();
});

afterAll(async () => {
  await worker?.terminate();
});

describe('the style worker', () => {
  it('paints a scene in a shipped style: losses every step fall, pictures stream, nothing leaks', async () => {
    const { summary, events } = await run();
    expect(summary).toMatchObject({ features: 'random', steps: 12, reason: 'done' });
    // 64x64 worked at 48x48; the result and the "before" picture at that size.
    expect([summary.picture.width, summary.picture.height]).toEqual([48, 48]);
    expect(summary.picture.data.length).toBe(48 * 48 * 3);
    expect([summary.content.width, summary.content.height]).toEqual([48, 48]);
    const start = events[0];
    expect(start?.type).toBe('start');
    if (start?.type === 'start') {
      expect(start).toMatchObject({ width: 48, height: 48, steps: 12 });
      expect(start.content.data).toEqual(summary.content.data);
    }
    const steps = events.flatMap((e) => (e.type === 'step' ? [e] : []));
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const [first, last] = [steps[0], steps.at(-1)];
    if (!first || !last) throw new Error('no steps');
    expect(first.content).toBe(0);
    expect(last.total).toBeLessThan(first.total * 0.8);
    expect(last.style).toBeLessThan(first.style);
    // Pictures at steps 4 and 8 (the last one is the summary's), each a real 48x48 picture.
    const images = events.flatMap((e) => (e.type === 'image' ? [e] : []));
    expect(images.map((e) => e.step)).toEqual([4, 8]);
    for (const e of images) expect(e.picture.data.length).toBe(48 * 48 * 3);
    // The picture moved away from the content toward the style.
    expect(meanDifference(summary.picture, summary.content)).toBeGreaterThan(2);
    // What stays is the random net's fixed filters (per bank: the filter, its flipped copy for
    // the backward, the bias), kept for the next run; a second run leaves the count as it was.
    const afterFirst = await api.numTensors();
    expect(afterFirst - tensorsAtStart).toBe(4 * 3);
    await run({ steps: 3 });
    expect(await api.numTensors()).toBe(afterFirst);
  });

  it('runs the trained feature net from the shipped classifier, with no tensor left behind', async () => {
    await expect(run({ features: 'trained' })).rejects.toThrow(/loadTrainedNet/);
    const bytes = new Uint8Array(readFileSync('models/deep-conv-augmented.gam'));
    const description = await api.loadTrainedNet(Comlink.transfer(bytes, [bytes.buffer]));
    expect(description).toMatch(/DeepConvNet/);
    const before = await api.numTensors();
    const { summary, events } = await run({ features: 'trained', steps: 8, scales: 2 });
    expect(summary).toMatchObject({ features: 'trained', steps: 8, reason: 'done' });
    const steps = events.flatMap((e) => (e.type === 'step' ? [e] : []));
    // Coarse pass first (60 % of 8 steps at 24x24), then full size.
    expect(steps.map((s) => s.width)).toEqual([24, 24, 24, 24, 24, 48, 48, 48]);
    expect(steps.at(-1)?.style).toBeLessThan(steps[0]?.style ?? 0);
    expect(await api.numTensors()).toBe(before);
  });

  it('pauses, resumes and stops between steps, and refuses a second run meanwhile', async () => {
    const events: StyleProgress[] = [];
    let paused = false;
    const done = api.run(
      { ...content, data: content.data.slice() },
      { shipped: 'waves' },
      { ...SETTINGS, steps: 2000, imageEvery: 0 },
      Comlink.proxy((p: StyleProgress) => {
        events.push(p);
        if (p.type === 'step' && p.step === 2 && !paused) {
          paused = true;
          void api.pause();
        }
      }),
    );
    await expect
      .poll(() => events.some((e) => e.type === 'paused'), { timeout: 10_000 })
      .toBe(true);
    const stepsWhilePaused = events.filter((e) => e.type === 'step').length;
    await new Promise((r) => setTimeout(r, 200));
    expect(events.filter((e) => e.type === 'step').length).toBe(stepsWhilePaused);
    await expect(run()).rejects.toThrow(/while a style run is going/);
    await api.resume();
    await expect
      .poll(() => events.filter((e) => e.type === 'step').length)
      .toBeGreaterThan(stepsWhilePaused + 2);
    await api.stop();
    const summary = await done;
    expect(summary.reason).toBe('stopped');
    expect(summary.steps).toBeLessThan(2000);
    expect(summary.picture.data.length).toBe(48 * 48 * 3);
    expect(events.some((e) => e.type === 'resumed')).toBe(true);
  });

  it('refuses settings and pictures it cannot run, naming them', async () => {
    await expect(run({ size: 8 })).rejects.toThrow(/size must be an integer in 16\.\.1024, got 8/);
    await expect(run({ lr: 0 })).rejects.toThrow(/lr must be a number in \(0, 1\]/);
    await expect(run({}, { shipped: 'cubism' })).rejects.toThrow(/no shipped style "cubism"/);
    await expect(
      run({}, { picture: { width: 4, height: 4, data: new Uint8Array(5) } } as never),
    ).rejects.toThrow(/style: 5 bytes for a 4x4 RGB picture/);
  });

  it('draws the shipped styles', async () => {
    const styles = await api.shippedStyles(32);
    expect(styles.map((s) => s.name)).toEqual([
      'waves',
      'mosaic',
      'kandinsky',
      'hatching',
      'swirls',
    ]);
    for (const s of styles) expect(s.picture.data.length).toBe(32 * 32 * 3);
  });
});
