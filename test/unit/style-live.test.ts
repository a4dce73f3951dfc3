/**
 * The live style mode's pure logic: where a frame's time goes and the figures shown, the frame
 * geometry (sizes, 4:3 crop, the landscape's pan), the training form read into settings, the
 * shipped nets listed and fetched with a sentence when missing, and the worker's frame
 * packing and request checks.
 */
import { describe, expect, it } from 'vitest';
import {
  CROP_SIDES,
  defaultTrainValues,
  previewEvery,
  readTrainSettings,
  TRAIN_DEFAULTS,
  UPLOADED_STYLE,
} from '../../src/app/vision/style/fast-train-settings';
import {
  centreCrop,
  LIVE_SIZES,
  PAN_PERIOD_S,
  panWindow,
  sizeFromKey,
  sizeKey,
} from '../../src/app/vision/style/live-geometry';
import {
  fetchShippedStyleNet,
  MissingStyleNet,
  shippedStyleNets,
} from '../../src/app/vision/style/shipped-style-nets';
import {
  LiveMeter,
  type LiveStages,
  liveStages,
  liveStatsLines,
} from '../../src/ui/live-style-stats';
import {
  floatsToRgba,
  pixelsToFloats,
  pixelsToRgb,
  readFrame,
} from '../../workers/style-live-frames';
import { checkLiveSize, checkNetId, checkTrainSettings } from '../../workers/style-live-requests';

const STAGES: LiveStages = {
  grab: 1,
  send: 2,
  preprocess: 3,
  forward: 40,
  readback: 4,
  back: 5,
  draw: 6,
};

describe('the live figures', () => {
  it('splits a frame into stages from the page and worker clocks', () => {
    const s = liveStages(
      { start: 1000, grabbed: 1002, answered: 1070, drawn: 1071 },
      { receivedAt: 1005, preprocess: 2, forward: 55, readback: 3, sentAt: 1066 },
    );
    expect(s).toEqual({
      grab: 2,
      send: 3,
      preprocess: 2,
      forward: 55,
      readback: 3,
      back: 4,
      draw: 1,
    });
    // Clocks a little apart never give a negative stage.
    const skewed = liveStages(
      { start: 0, grabbed: 1, answered: 50, drawn: 50 },
      { receivedAt: 0.5, preprocess: 1, forward: 40, readback: 1, sentAt: 51 },
    );
    expect(skewed.send).toBe(0);
    expect(skewed.back).toBe(0);
  });

  it('counts frames/s over its window and keeps medians of the last frames', () => {
    const m = new LiveMeter(2000, 3);
    expect(m.figures()).toMatchObject({ fps: 0, latencyMs: 0, frames: 0 });
    // Ten frames 100 ms apart: 10 frames/s.
    for (let i = 0; i < 10; i++) m.record(i * 100, 80 + i, { ...STAGES, forward: 40 + i });
    const f = m.figures();
    expect(f.fps).toBeCloseTo(10, 9);
    expect(f.frames).toBe(10);
    // Medians of the last three: latencies 87, 88, 89; forward 47, 48, 49.
    expect(f.latencyMs).toBe(88);
    expect(f.stages.forward).toBe(48);
    expect(f.stages.draw).toBe(6);
    // Frames older than the window drop out of the rate.
    m.record(5000, 90, STAGES);
    m.record(5500, 90, STAGES);
    expect(m.figures().fps).toBeCloseTo(2, 9);
    m.reset();
    expect(m.figures()).toMatchObject({ fps: 0, latencyMs: 0, frames: 12 });
  });

  it('says the speed and the stages in two lines', () => {
    expect(liveStatsLines({ fps: 14.84, latencyMs: 63.6, stages: STAGES })).toEqual([
      '14.8 frames/s · 64 ms',
      'grab 1 · send 2 · prepare 3 · net 40 · read 4 · back 5 · draw 6',
    ]);
  });
});

describe('the live frame geometry', () => {
  it('offers 4:3 sizes the net takes, 192 x 144 first', () => {
    expect(LIVE_SIZES[0]).toMatchObject({ width: 192, height: 144 });
    for (const s of LIVE_SIZES) {
      expect(s.width % 4).toBe(0);
      expect(s.height % 4).toBe(0);
      expect(s.width * 3).toBe(s.height * 4);
      expect(sizeFromKey(sizeKey(s))).toBe(s);
    }
    expect(sizeFromKey('999x1')).toBe(LIVE_SIZES[0]);
  });

  it('crops the middle 4:3 of wide and tall sources', () => {
    expect(centreCrop(1280, 720)).toEqual({ sx: 160, sy: 0, sw: 960, sh: 720 });
    expect(centreCrop(480, 640)).toEqual({ sx: 0, sy: 140, sw: 480, sh: 360 });
    expect(centreCrop(640, 480)).toEqual({ sx: 0, sy: 0, sw: 640, sh: 480 });
    expect(centreCrop(0, 480)).toEqual({ sx: 0, sy: 0, sw: 0, sh: 0 });
  });

  it('pans the landscape inside the scene, smoothly, back where it began after a period', () => {
    let last = panWindow(0, 480, 360, 270);
    for (let t = 0.1; t < PAN_PERIOD_S; t += 0.1) {
      const p = panWindow(t, 480, 360, 270);
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x + 360).toBeLessThanOrEqual(480 + 1e-9);
      expect(p.y + 270).toBeLessThanOrEqual(480 + 1e-9);
      // At most a few pixels a tenth of a second: a drift, not a jump.
      expect(Math.hypot(p.x - last.x, p.y - last.y)).toBeLessThan(5);
      last = p;
    }
    const a = panWindow(3, 480, 360, 270);
    const b = panWindow(3 + PAN_PERIOD_S, 480, 360, 270);
    expect(b.x).toBeCloseTo(a.x, 6);
    expect(b.y).toBeCloseTo(a.y, 6);
    expect(panWindow(7, 300, 360, 270)).toEqual({ x: 0, y: expect.any(Number) });
  });
});

describe('the training form', () => {
  const styles = ['waves', 'mosaic'];

  it('reads the defaults into the CLI’s settings with fewer steps', () => {
    const r = readTrainSettings(defaultTrainValues('waves'), styles);
    expect(r).toEqual({
      ok: true,
      style: 'waves',
      start: 'fresh',
      settings: { ...TRAIN_DEFAULTS, previewEvery: 10 },
    });
    expect(CROP_SIDES).toContain(TRAIN_DEFAULTS.side);
  });

  it('names the field that is wrong', () => {
    const d = defaultTrainValues('waves');
    const bad = (v: Partial<typeof d>) => readTrainSettings({ ...d, ...v }, styles);
    expect(bad({ style: 'nope' })).toMatchObject({ ok: false, field: 'style' });
    expect(bad({ style: UPLOADED_STYLE })).toMatchObject({ ok: true, style: UPLOADED_STYLE });
    expect(bad({ start: 'later' })).toMatchObject({ ok: false, field: 'start' });
    expect(bad({ side: '100' })).toMatchObject({ ok: false, field: 'side' });
    expect(bad({ steps: '2.5' })).toMatchObject({
      ok: false,
      field: 'steps',
      message: /whole number/,
    });
    expect(bad({ batch: '9' })).toMatchObject({
      ok: false,
      field: 'batch',
      message: /out of range/,
    });
    expect(bad({ lr: '0' })).toMatchObject({ ok: false, field: 'lr' });
    expect(bad({ styleWeight: '' })).toMatchObject({
      ok: false,
      field: 'styleWeight',
      message: /empty/,
    });
    expect(bad({ start: 'current', steps: '3' })).toMatchObject({
      ok: true,
      start: 'current',
      settings: { steps: 3, previewEvery: 5 },
    });
  });

  it('previews about thirty times a run, at most every 5 steps', () => {
    expect(previewEvery(3)).toBe(5);
    expect(previewEvery(300)).toBe(10);
    expect(previewEvery(3000)).toBe(100);
  });
});

describe('the shipped nets', () => {
  const files = {
    '../../../models/style/waves.gst': '/assets/waves-abc.gst',
    '../../../models/style/zebra.gst': '/assets/zebra-123.gst',
  };

  const previews = { '../../../models/style/waves-preview.png': '/assets/waves-preview-9.png' };

  it('lists the three expected (present or not) and any other .gst, with their preview sheets', () => {
    expect(shippedStyleNets(files, previews)).toEqual([
      { name: 'mosaic', file: 'models/style/mosaic.gst', url: null, preview: null },
      {
        name: 'waves',
        file: 'models/style/waves.gst',
        url: '/assets/waves-abc.gst',
        preview: '/assets/waves-preview-9.png',
      },
      { name: 'kandinsky', file: 'models/style/kandinsky.gst', url: null, preview: null },
      {
        name: 'zebra',
        file: 'models/style/zebra.gst',
        url: '/assets/zebra-123.gst',
        preview: null,
      },
    ]);
  });

  it('fetches one, and says plainly when it is not there', async () => {
    const [mosaic, waves] = shippedStyleNets(files, previews) as [
      ReturnType<typeof shippedStyleNets>[0],
      ReturnType<typeof shippedStyleNets>[0],
    ];
    const answer = (body: BodyInit | null, init: ResponseInit) => async () =>
      new Response(body, init);
    await expect(fetchShippedStyleNet(mosaic)).rejects.toThrow(
      /^models\/style\/mosaic\.gst is not in this build: pick another net, load a \.gst file or train one/,
    );
    await expect(fetchShippedStyleNet(waves, answer('no', { status: 404 }))).rejects.toThrow(
      'models/style/waves.gst is missing on the server (HTTP 404)',
    );
    const html = answer('<!doctype html>', {
      status: 200,
      headers: { 'content-type': 'text/html' },
    });
    const e = await fetchShippedStyleNet(waves, html).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MissingStyleNet);
    expect((e as MissingStyleNet).what).toBe(
      'models/style/waves.gst is missing on the server (it answered with a page)',
    );
    const bytes = await fetchShippedStyleNet(
      waves,
      answer(new Uint8Array([71, 65, 83]), {
        status: 200,
        headers: { 'content-type': 'application/octet-stream' },
      }),
    );
    expect(Array.from(bytes)).toEqual([71, 65, 83]);
    await expect(
      fetchShippedStyleNet(waves, async () => {
        throw new TypeError('network down');
      }),
    ).rejects.toThrow('models/style/waves.gst could not be fetched (network down)');
  });
});

describe('the live worker’s frames and requests', () => {
  it('reads RGB and RGBA frames, and refuses wrong ones in words', () => {
    const rgba = new Uint8ClampedArray([255, 0, 51, 7, 0, 255, 102, 9]);
    const f = readFrame({ rgba, width: 2, height: 1 });
    expect(f.channels).toBe(4);
    const floats = pixelsToFloats(f);
    expect(Array.from(floats)).toEqual([1, 0, 0.2, 0, 1, 0.4].map((v) => Math.fround(v)));
    expect(pixelsToRgb(f)).toEqual({
      width: 2,
      height: 1,
      data: new Uint8Array([255, 0, 51, 0, 255, 102]),
    });
    const rgb = readFrame({ rgb: new Uint8Array([1, 2, 3]), width: 1, height: 1 });
    expect(Array.from(pixelsToRgb(rgb).data)).toEqual([1, 2, 3]);
    expect(() => readFrame({ rgb: new Uint8Array(5), width: 1, height: 1 })).toThrow(
      '1x1 RGB needs 3 bytes, got 5',
    );
    expect(() => readFrame({ rgb: new Uint8Array(3), width: 0.5, height: 6 })).toThrow(
      /integers in 1\.\.4096/,
    );
    expect(() =>
      readFrame({ rgb: [1, 2, 3] as unknown as Uint8Array, width: 1, height: 1 }),
    ).toThrow(/rgb is not a byte array/);
    expect(() => readFrame(null as never)).toThrow(/a frame is/);
  });

  it('packs a painting as opaque RGBA, clamped and rounded', () => {
    const out = floatsToRgba([0, 0.5, 1, -0.2, 1.3, 0.1], 2, 1);
    expect(Array.from(out)).toEqual([0, 128, 255, 255, 0, 255, 26, 255]);
    expect(() => floatsToRgba([0, 0], 1, 1)).toThrow(/2 values for a 1x1/);
  });

  it('checks sizes, ids and training settings', () => {
    expect(checkLiveSize({ width: 192, height: 144 })).toEqual({ width: 192, height: 144 });
    expect(() => checkLiveSize({ width: 190, height: 144 })).toThrow(
      /width must be a multiple of 4/,
    );
    expect(() => checkLiveSize({ width: 192, height: 2048 })).toThrow(/height .* 4\.\.1024/);
    expect(checkNetId('shipped:mosaic')).toBe('shipped:mosaic');
    expect(() => checkNetId('a b')).toThrow(/net id/);
    const ok = {
      steps: 3,
      batch: 1,
      side: 64,
      lr: 0.002,
      contentWeight: 1,
      styleWeight: 20,
      tvWeight: 1,
    };
    expect(checkTrainSettings(ok)).toMatchObject({
      ...ok,
      styleSize: 256,
      previewEvery: 10,
      sceneShare: 0.5,
      seed: 0,
      from: null,
      config: { kind: 'style-transformer', channels: [12, 24, 48] },
    });
    expect(() => checkTrainSettings({ ...ok, side: 60 })).toThrow(
      'side must be a multiple of 8, got 60',
    );
    expect(() => checkTrainSettings({ ...ok, lr: 0 })).toThrow(/lr must be a number in \(0, 1\]/);
    expect(() => checkTrainSettings({ ...ok, batch: 17 })).toThrow(
      /batch must be an integer in 1\.\.16/,
    );
    expect(() =>
      checkTrainSettings({
        ...ok,
        config: {
          kind: 'style-transformer',
          channels: [1, 2],
          residualBlocks: 1,
          edgeKernel: 3,
        } as never,
      }),
    ).toThrow(/channels must be three integers/);
  });
});
