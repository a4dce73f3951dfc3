/**
 * Does the page stay smooth while an agent trains? Frame times of the Arena's "Watch it
 * learn" in headless Chromium, per game and per speed setting, while the agent worker trains:
 * a requestAnimationFrame loop in the page records the time between frames; any frame the
 * main thread holds up (events, charts, the env view) shows as a long interval.
 *
 *   npm run bench:frames -- [--envs catch,gridworld,...] [--speeds 10,30,60,250,max]
 *                           [--vision] [--seconds 10] [--settle 2] [--backend wasm|cpu]
 *                           [--json FILE]
 *
 * With --vision the Vision page's webcam demo is measured too (vision-cells.ts), per model.
 *
 * Builds the app once (as the e2e tests do), serves it on 127.0.0.1, opens one page per game,
 * starts training at the slowest speed and switches the speed in place, as a user would.
 * Prints a table (p50/p95/max frame time in ms, frames/s, env steps/s reached) and ends with
 * one JSON line. Headless Chromium paces frames at 60 Hz, so a perfect run reads 16.7 ms.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Page } from 'playwright-core';
import { ENV_NAMES } from '../../envs/registry';
import { serveApp } from '../../test/helpers/app-server';
import { launchChromium, watchErrors } from '../../test/helpers/browser';
import { type FrameStats, frameStats } from './frame-stats';
import { measureFrames } from './measure';
import { measureVision, VISION_MODELS, type VisionRow } from './vision-cells';

const SPEEDS = ['10', '30', '60', '250', 'max'];

const { values } = parseArgs({
  options: {
    envs: { type: 'string', default: ENV_NAMES.join(',') },
    speeds: { type: 'string', default: SPEEDS.join(',') },
    seconds: { type: 'string', default: '10' },
    settle: { type: 'string', default: '2' },
    backend: { type: 'string', default: 'wasm' },
    json: { type: 'string' },
    vision: { type: 'boolean', default: false },
  },
});
const envs = values.envs.split(',');
const speeds = values.speeds.split(',');
const seconds = Number(values.seconds);
const settle = Number(values.settle);
for (const env of envs)
  if (!(ENV_NAMES as readonly string[]).includes(env))
    throw new Error(`--envs: unknown game "${env}" (games: ${ENV_NAMES.join(', ')})`);
for (const s of speeds)
  if (!SPEEDS.includes(s)) throw new Error(`--speeds: "${s}" is not one of ${SPEEDS.join(', ')}`);
if (!(seconds > 0 && seconds <= 600)) throw new Error('--seconds must be in (0, 600]');
if (!(settle >= 0 && settle <= 60)) throw new Error('--settle must be in [0, 60]');
if (!['wasm', 'cpu', 'webgpu', 'auto'].includes(values.backend))
  throw new Error('--backend must be wasm, cpu, webgpu or auto');

export interface FrameRow extends FrameStats {
  env: string;
  speed: string;
  envStepsPerSecond: number;
}

const steps = (page: Page) =>
  page.locator('.watch-learn').evaluate((e) => Number((e as HTMLElement).dataset.steps ?? 0));

const server = await serveApp();
const browser = await launchChromium();
const rows: FrameRow[] = [];
const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar(
      { stream: process.stderr, format: 'frames |{bar}| {value}/{total} | {cell}' },
      cliProgress.Presets.shades_classic,
    )
  : null;
bar?.start(envs.length * speeds.length + (values.vision ? VISION_MODELS.length : 0), 0, {
  cell: '',
});
let visionRows: VisionRow[] = [];
try {
  for (const env of envs) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(
      new URL(
        `/?backend=${values.backend}#arena?env=${env}&mode=learn&speed=${speeds[0]}`,
        server.base,
      ).href,
    );
    await page.locator('[data-action="train"]').waitFor({ timeout: 60_000 });
    await page.click('[data-action="train"]');
    await page.waitForFunction(
      "Number(document.querySelector('.watch-learn')?.dataset.steps ?? 0) > 0",
      undefined,
      { timeout: 120_000 },
    );
    for (const speed of speeds) {
      bar?.update({ cell: `${env} at ${speed}` });
      await page.selectOption('select[name="speed"]', speed);
      await page.waitForTimeout(settle * 1000);
      const before = await steps(page);
      const t0 = Date.now();
      const intervals = await measureFrames(page, seconds * 1000);
      const envStepsPerSecond = ((await steps(page)) - before) / ((Date.now() - t0) / 1000);
      const row = { env, speed, envStepsPerSecond, ...frameStats(intervals) };
      rows.push(row);
      bar?.increment();
      if (!bar)
        console.error(
          `${env} ${speed}: p95 ${row.p95.toFixed(1)} ms, max ${row.max.toFixed(0)} ms, ${Math.round(envStepsPerSecond)} steps/s`,
        );
    }
    await page.click('[data-action="stop"]');
    if (errors.length > 0)
      throw new Error(`${env}: the page reported errors:\n${errors.join('\n')}`);
    await page.close();
  }
  if (values.vision)
    visionRows = await measureVision(server.base, seconds, settle, (model) => {
      bar?.update({ cell: `vision ${model}` });
      bar?.increment();
    });
} finally {
  bar?.stop();
  await browser.close();
  await server.close();
}

const fmt = (n: number, d = 1) => n.toFixed(d);
console.log('| game | speed | p50 ms | p95 ms | max ms | frames/s | env steps/s |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.env} | ${r.speed} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max, 0)} | ${fmt(r.fps)} | ${Math.round(r.envStepsPerSecond)} |`,
  );
if (visionRows.length > 0) {
  console.log(
    '\n| vision model | p50 ms | p95 ms | max ms | page frames/s | pipeline answers/s | latency ms (stages) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of visionRows) {
    const { total = 0, ...stages } = r.latency;
    const parts = Object.entries(stages)
      .map(([k, v]) => `${k} ${fmt(v, 0)}`)
      .join(', ');
    console.log(
      `| ${r.model} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max, 0)} | ${fmt(r.fps)} | ${fmt(r.pipelineFps)} | ${fmt(total, 0)} (${parts}) |`,
    );
  }
}
const worst = [...rows, ...visionRows].reduce((a, r) => Math.max(a, r.p95), 0);
const summary = { backend: values.backend, seconds, worstP95: worst, rows, vision: visionRows };
if (values.json) writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
console.log(
  JSON.stringify({
    backend: values.backend,
    seconds,
    worstP95: worst,
    cells: rows.length + visionRows.length,
  }),
);
