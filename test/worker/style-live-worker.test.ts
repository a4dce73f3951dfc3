/**
 * The live style worker driven as the page drives it: a worker_threads Worker started from
 * the worker kit's bootstrap (comlink's node adapter), on wasm. A net is loaded from .gst
 * bytes, paints frames (RGB and RGBA, resized when needed) with its stage timings, trains a
 * few tiny steps on frames added before and during the run, saves and loads again, and leaves
 * no tensor behind.
 */
import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StyleTransformer } from '../../src/vision/style/fast/style-transformer';
import {
  loadStyleTransformer,
  saveStyleTransformer,
} from '../../src/vision/style/fast/transformer-file';
import { type NodeWorkerHandle, startNodeWorker } from '../../workers/kit/node-client';
import type {
  FastTrainProgress,
  FastTrainSettings,
  RgbImage,
  StyleLiveApi,
  StyleTransformerConfig,
} from '../../workers/style-live-api';

/** A net small enough to train a step in well under a second. */
const TINY: StyleTransformerConfig = {
  kind: 'style-transformer',
  channels: [4, 8, 8],
  residualBlocks: 1,
  edgeKernel: 3,
};

const TRAIN: FastTrainSettings = {
  steps: 3,
  batch: 1,
  side: 16,
  lr: 0.01,
  contentWeight: 1,
  styleWeight: 20,
  tvWeight: 1,
  styleSize: 32,
  config: TINY,
  previewEvery: 2,
  seed: 3,
};

let worker: NodeWorkerHandle<StyleLiveApi>;
let api: Comlink.Remote<StyleLiveApi>;
let netBytes: Uint8Array;
let scene: RgbImage;
let tensorsAtStart = 0;
/** Tensors once the first net is loaded (its weights). */
let withNet = 0;

/** A copy of the picture's bytes (a transfer would detach ours). */
const rgbFrame = (p: RgbImage) => ({ rgb: p.data.slice(), width: p.width, height: p.height });

function rgba(p: RgbImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(p.width * p.height * 4);
  for (let i = 0; i < p.width * p.height; i++) {
    out.set(p.data.subarray(i * 3, i * 3 + 3), i * 4);
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Mean absolute difference of RGB bytes and RGBA bytes of one size, 0..255. */
function difference(rgb: Uint8Array, rgbaBytes: Uint8ClampedArray): number {
  let sum = 0;
  const n = rgb.length / 3;
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 3; k++)
      sum += Math.abs((rgb[i * 3 + k] as number) - (rgbaBytes[i * 4 + k] as number));
  return sum / (n * 3);
}

beforeAll(async () => {
  worker = startNodeWorker<StyleLiveApi>('style-live');
  api = worker.api;
  await api.init('wasm');
  // A net with seeded random weights: it paints, badly, and that is all the worker needs.
  const net = new StyleTransformer(TINY, 7);
  netBytes = await saveStyleTransformer(net, { style: 'mosaic', steps: 0 });
  net.dispose();
  scene = await api.contentScene(4, 48);
  tensorsAtStart = await api.numTensors();
});

afterAll(async () => {
  await worker?.terminate();
});

describe('the live style worker', () => {
  it('loads a net and paints frames with the time of each stage', async () => {
    const info = await api.loadNet('shipped:mosaic', netBytes.slice());
    expect(info).toMatchObject({ id: 'shipped:mosaic', style: 'mosaic', steps: 0, config: TINY });
    expect(info.bytes).toBe(netBytes.length);
    withNet = await api.numTensors();
    expect(withNet).toBeGreaterThan(tensorsAtStart);
    const frame = { ...scene, data: scene.data.subarray(0, 48 * 36 * 3) };
    const r = await api.stylise('shipped:mosaic', rgbFrame({ ...frame, height: 36 }), {
      width: 48,
      height: 36,
    });
    expect([r.net, r.width, r.height]).toEqual(['shipped:mosaic', 48, 36]);
    expect(r.rgba).toBeInstanceOf(Uint8ClampedArray);
    expect(r.rgba.length).toBe(48 * 36 * 4);
    expect(
      Array.from({ length: 48 * 36 }, (_, i) => r.rgba[i * 4 + 3]).every((a) => a === 255),
    ).toBe(true);
    // The painting is not the frame.
    expect(difference(frame.data, r.rgba)).toBeGreaterThan(5);
    for (const stage of ['preprocess', 'forward', 'readback'] as const)
      expect(r.timings[stage]).toBeGreaterThanOrEqual(0);
    expect(r.timings.sentAt).toBeGreaterThanOrEqual(r.timings.receivedAt);
    // Our own clock and the worker's agree to a few ms (the page's transfer times rely on it).
    expect(
      Math.abs(r.timings.receivedAt - (performance.timeOrigin + performance.now())),
    ).toBeLessThan(5000);

    // RGBA in, resized to the size asked: the same painting as RGB at that size.
    const big = await api.stylise(
      'shipped:mosaic',
      { rgba: rgba(scene), width: 48, height: 48 },
      {
        width: 48,
        height: 48,
      },
    );
    const same = await api.stylise('shipped:mosaic', rgbFrame(scene), { width: 48, height: 48 });
    expect(Array.from(big.rgba)).toEqual(Array.from(same.rgba));
    const small = await api.stylise('shipped:mosaic', rgbFrame(scene), { width: 24, height: 16 });
    expect([small.width, small.height, small.rgba.length]).toEqual([24, 16, 24 * 16 * 4]);
    const thumb = await api.paintScene('shipped:mosaic', 4, 32);
    expect([thumb.width, thumb.height, thumb.data.length]).toEqual([32, 32, 32 * 32 * 3]);
    expect(await api.numTensors()).toBe(withNet);
  });

  it('refuses bad requests in words', async () => {
    await expect(api.stylise('nope', rgbFrame(scene), { width: 48, height: 48 })).rejects.toThrow(
      /no net "nope" is loaded/,
    );
    await expect(
      api.stylise('shipped:mosaic', rgbFrame(scene), { width: 50, height: 48 }),
    ).rejects.toThrow(/width must be a multiple of 4/);
    await expect(
      api.stylise(
        'shipped:mosaic',
        { rgb: new Uint8Array(10), width: 48, height: 48 },
        { width: 48, height: 48 },
      ),
    ).rejects.toThrow(/48x48 RGB needs 6912 bytes, got 10/);
    await expect(api.loadNet('x', new Uint8Array([1, 2, 3]))).rejects.toThrow(
      /style transformer file/,
    );
    await expect(
      api.train(
        { shipped: 'mosaic' },
        { ...TRAIN, side: 20 },
        Comlink.proxy(() => {}),
      ),
    ).rejects.toThrow(/side must be a multiple of 8/);
    await expect(
      api.addContent(rgbFrame({ width: 16, height: 16, data: new Uint8Array(768) })),
    ).rejects.toThrow(/at least 32 x 32/);
    expect(await api.numTensors()).toBe(withNet);
  });

  it('trains a few steps on frames added before and during the run, then saves and loads', async () => {
    expect(await api.addContent(rgbFrame(scene))).toBe(1);
    const events: FastTrainProgress[] = [];
    let added: Promise<number> | null = null;
    const summaryP = api.train(
      { shipped: 'waves' },
      { ...TRAIN, from: undefined },
      Comlink.proxy((p: FastTrainProgress) => {
        events.push(p);
        // A frame comes in while it runs (as the page's camera adds them).
        if (p.type === 'step' && p.step === 1) added = api.addContent(rgbFrame(scene));
      }),
    );
    const summary = await summaryP;
    expect(await added).toBe(2);
    expect(summary).toMatchObject({ steps: 3, reason: 'done', frames: 2 });
    expect(summary.info).toMatchObject({ id: 'trained', style: 'waves', steps: 3, config: TINY });
    expect(summary.last && Number.isFinite(summary.last.total)).toBe(true);
    const start = events[0];
    expect(start?.type).toBe('start');
    if (start?.type === 'start') expect(Math.max(start.style.width, start.style.height)).toBe(32);
    const steps = events.flatMap((e) => (e.type === 'step' ? [e] : []));
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(steps.every((s) => Number.isFinite(s.total) && s.total > 0)).toBe(true);
    // Previews at step 2 (every 2) and at the end, each with the net as it was.
    const previews = events.flatMap((e) => (e.type === 'preview' ? [e] : []));
    expect(previews.map((p) => p.step)).toEqual([2, 3]);
    const last = previews[1];
    if (!last) throw new Error('no final preview');
    expect(last.pictures.map((p) => p.label)).toEqual(['your frame', 'landscape']);
    for (const p of last.pictures) {
      expect([p.painted.width, p.painted.height]).toEqual([p.content.width, p.content.height]);
      expect(p.painted.data.length).toBe(p.content.width * p.content.height * 3);
    }
    // The preview's net and the summary's are the trained weights; they load here and in Node.
    const fromPreview = loadStyleTransformer(last.net);
    const fromSummary = loadStyleTransformer(summary.net);
    expect(fromSummary.meta).toMatchObject({
      style: 'waves',
      steps: 3,
      trainedIn: 'browser',
      frames: 2,
    });
    for (const [name, v] of fromSummary.net.params)
      expect(Array.from(v.dataSync())).toEqual(
        Array.from((fromPreview.net.params.get(name) as typeof v).dataSync()),
      );
    fromPreview.net.dispose();
    fromSummary.net.dispose();

    // The trained net is held as 'trained' and saves to the same weights.
    const saved = await api.saveNet('trained');
    expect(saved.length).toBe(summary.info.bytes);
    const again = await api.loadNet('mine', saved);
    expect(again).toMatchObject({ style: 'waves', steps: 3 });
    const a = await api.stylise('trained', rgbFrame(scene), { width: 48, height: 48 });
    const b = await api.stylise('mine', rgbFrame(scene), { width: 48, height: 48 });
    expect(Array.from(a.rgba)).toEqual(Array.from(b.rgba));
    // Three nets held; dropping two leaves the first one's tensors only.
    api.dropNet('mine');
    api.dropNet('trained');
    expect(await api.numTensors()).toBe(withNet);
  });

  it('goes on from a loaded net, pauses, resumes and stops between steps', async () => {
    const events: FastTrainProgress[] = [];
    let stopped = false;
    const summary = await api.train(
      { picture: { ...scene, data: scene.data.slice() } },
      { ...TRAIN, steps: 50, from: 'shipped:mosaic', previewEvery: 0 },
      Comlink.proxy((p: FastTrainProgress) => {
        events.push(p);
        if (p.type === 'step' && p.step === 1) void api.pause();
        if (p.type === 'paused') void api.resume();
        if (p.type === 'resumed' && !stopped) {
          stopped = true;
          void api.stop();
        }
      }),
    );
    expect(summary.reason).toBe('stopped');
    expect(summary.steps).toBeLessThan(50);
    expect(summary.info).toMatchObject({ style: 'your picture', config: TINY });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['paused', 'resumed']));
    // Frames kept for a run went to it: none are left for the next.
    console.log(events.filter((e) => e.type === 'step').map((e) => e.type === 'step' && e.frames));
    expect(summary.frames).toBe(0);
    api.dropNet('trained');
    api.dropNet('shipped:mosaic');
    expect(await api.numTensors()).toBe(tensorsAtStart);
  });
});
