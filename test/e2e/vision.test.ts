/**
 * The Vision page in Chromium with a fake camera fed a y4m video this test makes from a
 * paper-style scene of MNIST test digits: boxes must land on the digits; a run with the
 * permission denied shows the message and the fallback; leaving the page releases the camera.
 * Screenshots go to test-results/screenshots/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scene } from '../../src/data/scenes/scene';
import { boxIou } from '../../src/vision/metrics/boxes';
import { type AppServer, serveApp } from '../helpers/app-server';
import { launchChromium, watchErrors } from '../helpers/browser';
import { CAMERA_SIZE, cameraScene } from '../helpers/camera-scene';
import { y4mVideo } from '../helpers/y4m';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const VIDEO = join(process.cwd(), 'test-results', 'vision-camera.y4m');
const [W, H] = CAMERA_SIZE;
let app: AppServer;
let base: string;
let scene: Scene;
const browsers: Browser[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  scene = await cameraScene(5);
  writeFileSync(
    VIDEO,
    y4mVideo(
      Array.from({ length: 10 }, () => scene.image),
      W,
      H,
    ),
  );
  app = await serveApp();
  base = app.base;
}, 300_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  await app?.close();
});

describe('the Vision page', () => {
  it('boxes digits seen through a fake camera, reports speed, and releases the camera on leaving', async () => {
    const browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${VIDEO}`,
    ]);
    browsers.push(browser);
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(new URL('#vision', base).href);
    const live = page.locator('.vision-live');
    await expect.poll(() => live.getAttribute('data-camera'), { timeout: 30_000 }).toBe('on');
    await expect
      .poll(async () => Number(await live.getAttribute('data-frames')), { timeout: 60_000 })
      .toBeGreaterThan(10);
    const [fw, fh] = ((await live.getAttribute('data-frame-size')) ?? '0x0').split('x').map(Number);
    const boxes = JSON.parse((await live.getAttribute('data-last-boxes')) ?? '[]') as Array<{
      bbox: [number, number, number, number];
    }>;
    const truth = scene.objects.map((o) => o.bbox.map((v, i) => v * (i % 2 ? fh / H : fw / W)));
    const hits = boxes.filter((b) =>
      truth.some((t) => boxIou(b.bbox, t as [number, number, number, number]) > 0.3),
    );
    console.log(
      `vision e2e: frame ${fw}x${fh}, ${boxes.length} boxes, ${hits.length} on digits, ${await live.getAttribute('data-fps')} frames/s, latency ${await live.getAttribute('data-latency')}`,
    );
    expect(hits.length).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'vision-camera-detector.png'), fullPage: true });
    // The FCN paints the digits.
    await page.selectOption('select[name="model"]', 'fcn');
    await expect
      .poll(async () => Number(await live.getAttribute('data-mask-cells')), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SHOTS, 'vision-camera-fcn.png'), fullPage: true });
    // Leaving the page stops every track.
    await page.goto(new URL('#learn/perceptron', base).href);
    const html = page.locator('html');
    await expect.poll(() => html.getAttribute('data-camera-tracks-live')).toBe('0');
    expect(errors).toEqual([]);
  }, 120_000);

  it('says so when the camera is denied and runs the same demo on generated scenes', async () => {
    const browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--deny-permission-prompts',
    ]);
    browsers.push(browser);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(new URL('#vision', base).href);
    const live = page.locator('.vision-live');
    await expect.poll(() => live.getAttribute('data-camera'), { timeout: 30_000 }).toBe('denied');
    expect(await live.locator('.vision-message').textContent()).toMatch(/permission was denied/);
    expect(await live.getAttribute('data-source')).toBe('scenes');
    await expect
      .poll(async () => Number(await live.getAttribute('data-frames')), { timeout: 60_000 })
      .toBeGreaterThan(2);
    // The frames are the generated scenes (320x240), not a blank canvas.
    expect(await live.getAttribute('data-frame-size')).toBe('320x240');
    expect(await page.locator('select[name="source"]').inputValue()).toBe('scenes');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'vision-denied-phone.png'), fullPage: true });
    // "Train it here": each model's defaults follow the model unless typed by hand.
    const steps = page.locator('.vision-train input[name="steps"]');
    const batch = page.locator('.vision-train input[name="batch"]');
    const model = page.locator('.vision-train select[name="task"]');
    const every = page.locator('.vision-train input[name="evalEvery"]');
    const digits = ['minDigits', 'maxDigits'].map((n) =>
      page.locator(`.vision-train input[name="${n}"]`),
    );
    const fields = async () => [
      await steps.inputValue(),
      await batch.inputValue(),
      await every.inputValue(),
      `${await digits[0].inputValue()}-${await digits[1].inputValue()}`,
    ];
    expect(await fields()).toEqual(['3600', '4', '200', '3-8']);
    await model.selectOption('segment');
    expect(await fields()).toEqual(['600', '16', '100', '1-6']);
    await model.selectOption('detect');
    expect(await fields()).toEqual(['3600', '4', '200', '3-8']);
    await steps.fill('700');
    await model.selectOption('segment');
    expect(await fields()).toEqual(['700', '16', '100', '1-6']);
  }, 120_000);
});
