/**
 * How fast does the style studio's live mode paint a camera, and does the page stay smooth?
 * Headless Chromium with a fake camera (a 640 x 480 landscape drifting sideways) opens
 * "Fast (webcam)", loads a style net and, per painted size, records for `--seconds` after
 * `--settle`: frames painted per second (counted), the median time per stage as the page
 * reports it (grab, send, prepare, net, read, back, draw), and the main thread's frame times
 * (a requestAnimationFrame loop: 16.7 ms is a smooth 60 Hz). With --while-training the same
 * again while the mode trains a net in its second worker.
 *
 *   npm run bench:style-live -- [--net shipped:mosaic | --net FILE.gst] [--sizes 192x144,...]
 *                               [--seconds 10] [--settle 3] [--backend wasm] [--while-training]
 *                               [--json FILE]
 *
 * Prints the machine's load (the figures are only as good as the cores are free), a table and
 * one JSON line. Builds the app once, as the e2e tests do.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { contentScene } from '../../src/vision/style/content-scenes';
import { serveApp } from '../../test/helpers/app-server';
import { launchChromium, watchErrors } from '../../test/helpers/browser';
import { y4mVideo } from '../../test/helpers/y4m';
import { type FrameStats, frameStats } from '../frames/frame-stats';
import { measureFrames } from '../frames/measure';

const { values } = parseArgs({
  options: {
    net: { type: 'string', default: 'shipped:mosaic' },
    sizes: { type: 'string', default: '192x144' },
    seconds: { type: 'string', default: '10' },
    settle: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'wasm' },
    'while-training': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const settle = Number(values.settle);
if (!(seconds > 0 && settle >= 0)) throw new Error('--seconds must be > 0 and --settle >= 0');
const sizes = values.sizes.split(',');
for (const s of sizes)
  if (!['192x144', '256x192', '128x96'].includes(s))
    throw new Error(`--sizes: ${s} is not one of 192x144, 256x192, 128x96`);

interface Row extends FrameStats {
  size: string;
  training: boolean;
  /** Frames painted per second, counted over the measured seconds. */
  paintedFps: number;
  /** Median milliseconds per stage over the samples, and the median latency. */
  stages: Record<string, number>;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0
    ? 0
    : s.length % 2
      ? (s[m] as number)
      : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function writeVideo(): string {
  const [w, h, side] = [640, 480, 800];
  const scene = contentScene(7, side);
  const frames = Array.from({ length: 30 }, (_, i) => {
    const f = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      const at = ((y + 160) * side + i * 4) * 3;
      f.set(scene.data.subarray(at, at + w * 3), y * w * 3);
    }
    return f;
  });
  const file = join(process.cwd(), 'test-results', 'style-live-bench.y4m');
  writeFileSync(file, y4mVideo(frames, w, h));
  return file;
}

const frames = (page: Page) =>
  page.locator('.style-fast').evaluate((e) => Number((e as HTMLElement).dataset.frames ?? 0));

/** Samples the page's stage figures every 500 ms while the frame loop is measured. */
async function measure(page: Page, size: string, training: boolean): Promise<Row> {
  await page.selectOption('select[name="live-size"]', size);
  await page.waitForTimeout(settle * 1000);
  const samples: Array<Record<string, number>> = [];
  const sampler = setInterval(() => {
    void page
      .locator('.style-fast')
      .getAttribute('data-latency')
      .then((t) => t && samples.push(JSON.parse(t) as Record<string, number>))
      .catch(() => undefined);
  }, 500);
  const f0 = await frames(page);
  const t0 = performance.now();
  const intervals = await measureFrames(page, seconds * 1000);
  const painted = ((await frames(page)) - f0) / ((performance.now() - t0) / 1000);
  clearInterval(sampler);
  const keys = Object.keys(samples[0] ?? {});
  const stages = Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k] ?? 0))]));
  return { size, training, paintedFps: painted, stages, ...frameStats(intervals) };
}

const load = loadavg();
console.error(
  `machine: ${availableParallelism()} cores, load average ${load.map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`,
);
const video = writeVideo();
const server = await serveApp();
const browser = await launchChromium([
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  `--use-file-for-fake-video-capture=${video}`,
]);
const rows: Row[] = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(new URL(`?backend=${values.backend}#vision/style`, server.base).href);
  await page.click('[role="tab"][data-mode="fast"]');
  await page.waitForSelector('input[name="gst-file"]', { timeout: 120_000 });
  if (values.net.startsWith('shipped:')) {
    const id = values.net;
    await page.waitForFunction(
      (i) => {
        const nets = JSON.parse(
          document.querySelector<HTMLElement>('.style-fast-nets')?.dataset.nets ?? '{}',
        );
        return nets[i] !== undefined && nets[i] !== 'loading';
      },
      id,
      { timeout: 120_000 },
    );
    const state = JSON.parse(
      (await page.locator('.style-fast-nets').getAttribute('data-nets')) ?? '{}',
    )[id];
    if (state !== 'ready')
      throw new Error(
        `${id} is ${state} in this build: pass --net FILE.gst (a net trained by 'vision style train')`,
      );
    await page.click(`.style-fast-nets [data-id="${id}"]`);
  } else {
    await page.setInputFiles('input[name="gst-file"]', values.net);
  }
  await page.waitForFunction(
    "document.querySelector('.style-fast-source')?.dataset.camera === 'on' && Number(document.querySelector('.style-fast')?.dataset.frames ?? 0) > 3",
    undefined,
    { timeout: 120_000 },
  );
  const net = await page.locator('.style-fast').getAttribute('data-net');
  console.error(
    `net ${net}; measuring ${sizes.join(', ')} for ${seconds} s each after ${settle} s`,
  );
  for (const size of sizes) rows.push(await measure(page, size, false));
  if (values['while-training']) {
    await page.fill('input[name="train-steps"]', '20000');
    await page.click('[data-action="train-fast"]');
    await page.waitForFunction(
      "Number(document.querySelector('.style-fast-train')?.dataset.step ?? 0) > 0",
      undefined,
      {
        timeout: 300_000,
      },
    );
    for (const size of sizes) rows.push(await measure(page, size, true));
    await page.click('[data-action="stop-fast"]');
  }
  if (errors.length > 0) throw new Error(`the page reported errors:\n${errors.join('\n')}`);
} finally {
  await browser.close();
  await server.close();
}

const fmt = (n: number, d = 1) => n.toFixed(d);
console.log(
  '| size | training too | painted frames/s | latency ms | grab | send | prepare | net | read | back | draw | page p50 ms | page p95 ms | page frames/s |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const s = r.stages;
  const st = ['grab', 'send', 'preprocess', 'forward', 'readback', 'back', 'draw'].map((k) =>
    fmt(s[k] ?? 0),
  );
  console.log(
    `| ${r.size} | ${r.training ? 'yes' : 'no'} | ${fmt(r.paintedFps)} | ${fmt(s.total ?? 0, 0)} | ${st.join(' | ')} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.fps)} |`,
  );
}
const summary = {
  backend: values.backend,
  net: values.net,
  cores: availableParallelism(),
  loadAverage: load.map((l) => Number(l.toFixed(2))),
  seconds,
  rows,
};
if (values.json) writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
console.log(
  JSON.stringify({
    ...summary,
    rows: rows.map((r) => ({
      size: r.size,
      training: r.training,
      paintedFps: Number(fmt(r.paintedFps)),
      latencyMs: Number(fmt(r.stages.total ?? 0)),
      forwardMs: Number(fmt(r.stages.forward ?? 0)),
      pageP50: Number(fmt(r.p50)),
      pageP95: Number(fmt(r.p95)),
      pageFps: Number(fmt(r.fps)),
    })),
  }),
);
