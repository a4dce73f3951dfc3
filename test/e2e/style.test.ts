/**
 * The style-transfer studio in Chromium with a fake camera fed a y4m video of one of our
 * generated landscapes: a snapshot becomes the content, a short run at 128 px paints it, and
 * the stylised picture must be drawn (not blank) and differ from the input; both feature nets
 * are compared; the result saves as a PNG; leaving releases the camera. With the permission
 * denied, the studio says so and paints a generated picture instead. Screenshots go to
 * test-results/screenshots/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentScene } from '../../src/vision/style/content-scenes';
import { type AppServer, serveApp } from '../helpers/app-server';
import { launchChromium, watchErrors } from '../helpers/browser';
import { y4mVideo } from '../helpers/y4m';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const VIDEO = join(process.cwd(), 'test-results', 'style-camera.y4m');
const [W, H] = [320, 240];
const SLOW = { timeout: 60_000 };
let app: AppServer;
const browsers: Browser[] = [];

/** Picture statistics of one canvas, read in the page. */
interface CanvasStats {
  width: number;
  height: number;
  /** Mean of each channel, 0..255. */
  mean: [number, number, number];
  /** Standard deviation of the grey level: ~0 for a blank or flat canvas. */
  spread: number;
}

function canvasStats(page: Page, selector: string): Promise<CanvasStats> {
  return page.locator(selector).evaluate((c: HTMLCanvasElement) => {
    const { data } = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(
      0,
      0,
      c.width,
      c.height,
    );
    const n = data.length / 4;
    const mean: [number, number, number] = [0, 0, 0];
    let grey = 0;
    let grey2 = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 3; k++) mean[k] += (data[i * 4 + k] as number) / n;
      const g =
        ((data[i * 4] as number) + (data[i * 4 + 1] as number) + (data[i * 4 + 2] as number)) / 3;
      grey += g / n;
      grey2 += (g * g) / n;
    }
    return {
      width: c.width,
      height: c.height,
      mean,
      spread: Math.sqrt(Math.max(0, grey2 - grey * grey)),
    };
  });
}

/** Mean absolute difference, 0..255, between the before/after view's two pictures. */
function beforeAfterDifference(page: Page): Promise<number> {
  return page.locator('.ga-before-after').evaluate((view) => {
    const read = (c: HTMLCanvasElement) =>
      (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
    const [b, a] = ['.ga-before-after__before', '.ga-before-after__after'].map((s) =>
      read(view.querySelector(s) as HTMLCanvasElement),
    ) as [Uint8ClampedArray, Uint8ClampedArray];
    if (a.length !== b.length) throw new Error('the two pictures differ in size');
    let sum = 0;
    for (let i = 0; i < a.length; i++)
      if (i % 4 !== 3) sum += Math.abs((a[i] as number) - (b[i] as number));
    return sum / ((a.length / 4) * 3);
  });
}

/** A short run: 128 px, `steps` steps. */
async function paint(page: Page, steps: number, action = 'run-style'): Promise<void> {
  await page.selectOption('select[name="size"]', '128');
  await page.fill('input[name="steps"]', String(steps));
  await page.click(`[data-action="${action}"]`);
}

const studioState = (page: Page) => page.locator('.style-gatys').getAttribute('data-state');

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // A 320x240 window of a 320x320 landscape: sky, ridges, a house, trees.
  const scene = contentScene(7, W);
  const frame = scene.data.slice(40 * W * 3, (40 + H) * W * 3);
  writeFileSync(
    VIDEO,
    y4mVideo(
      Array.from({ length: 10 }, () => frame),
      W,
      H,
    ),
  );
  app = await serveApp();
}, 300_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  await app?.close();
});

describe('the style-transfer studio', () => {
  it('paints a camera snapshot in a style, compares both nets, saves a PNG and releases the camera', async () => {
    const browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${VIDEO}`,
    ]);
    browsers.push(browser);
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    const errors = watchErrors(page);
    await page.goto(new URL('?backend=wasm#vision/style', app.base).href);
    const content = page.locator('.style-content');
    await expect.poll(() => content.getAttribute('data-camera'), SLOW).toBe('on');
    await expect
      .poll(() => page.locator('.style-choice').getAttribute('data-style'), SLOW)
      .toBe('mosaic');
    // The fake camera needs a moment before its first frame.
    await expect
      .poll(async () => {
        await page.click('[data-action="snapshot"]');
        return content.getAttribute('data-content');
      }, SLOW)
      .toBe('camera snapshot');
    // The snapshot is the camera's picture: a blue sky over green ground, not a blank frame.
    const before = await canvasStats(page, '.style-content-preview');
    expect([before.width, before.height]).toEqual([W, H]);
    expect(before.spread).toBeGreaterThan(20);
    expect(before.mean[2]).toBeGreaterThan(before.mean[0]);

    await paint(page, 12);
    await expect.poll(() => studioState(page), SLOW).toBe('done');
    const live = page.locator('.style-live');
    // Pictures streamed while it ran (every 2 steps of 12), then the result.
    expect(Number(await live.getAttribute('data-pictures'))).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.ga-before-after').getAttribute('data-pictures')).toBe('both');
    const after = await canvasStats(page, '.ga-before-after__after');
    expect([after.width, after.height]).toEqual([128, 96]);
    expect(after.spread).toBeGreaterThan(15);
    const difference = await beforeAfterDifference(page);
    console.log(
      `style e2e: the stylised picture differs from the content by ${difference.toFixed(1)} / 255 on average`,
    );
    expect(difference).toBeGreaterThan(8);
    expect(await page.locator('.style-results').getAttribute('data-count')).toBe('1');
    await page.screenshot({ path: join(SHOTS, 'style-camera.png'), fullPage: true });

    // The divider moves by keyboard.
    const divider = page.locator('.ga-before-after__divider');
    await divider.focus();
    await page.keyboard.press('Home');
    expect(await divider.getAttribute('aria-valuenow')).toBe('0');
    await page.keyboard.press('PageUp');
    expect(await divider.getAttribute('aria-valuenow')).toBe('10');

    // Save PNG downloads the result.
    const download = page.waitForEvent('download');
    await page.click('[data-action="save-style"]');
    const file = await download;
    expect(file.suggestedFilename()).toBe('style-mosaic-random.png');
    const bytes = readFileSync((await file.path()) as string);
    expect([...bytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');

    // Both nets on the same picture, side by side.
    await paint(page, 6, 'compare-style');
    const compare = page.locator('.style-compare');
    await expect.poll(() => compare.getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    expect(await compare.locator('.style-compare-column').count()).toBe(2);
    for (const net of ['random', 'trained']) {
      const stats = await canvasStats(
        page,
        `.style-compare-column[data-features="${net}"] canvas.style-compare-picture`,
      );
      expect(stats.spread).toBeGreaterThan(15);
    }
    expect(await compare.locator('.style-compare-verdict').textContent()).toMatch(
      /Random multi-scale filters: [\d.]+ s .* Trained DeepConvNet .*x as long/,
    );
    expect(await page.locator('.style-results').getAttribute('data-count')).toBe('3');
    await page.screenshot({ path: join(SHOTS, 'style-compare.png'), fullPage: true });

    // Leaving the studio stops every track.
    await page.goto(new URL('?backend=wasm#learn/perceptron', app.base).href);
    await expect.poll(() => page.locator('html').getAttribute('data-camera-tracks-live')).toBe('0');
    // Back again: the camera restarts, the pictures and the results are still there.
    await page.goto(new URL('?backend=wasm#vision/style', app.base).href);
    await expect.poll(() => content.getAttribute('data-camera'), SLOW).toBe('on');
    expect(await page.locator('.ga-before-after').getAttribute('data-pictures')).toBe('both');
    expect(await page.locator('.style-results').getAttribute('data-count')).toBe('3');
    expect(errors).toEqual([]);
  }, 240_000);

  it('says so when the camera is denied and paints a generated picture instead', async () => {
    const browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--deny-permission-prompts',
    ]);
    browsers.push(browser);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = watchErrors(page);
    await page.goto(new URL('?backend=wasm#vision/style', app.base).href);
    const content = page.locator('.style-content');
    await expect.poll(() => content.getAttribute('data-camera'), SLOW).toBe('denied');
    expect(await content.locator('.vision-message').textContent()).toMatch(
      /permission was denied.*generated picture/,
    );
    expect(await content.getAttribute('data-source')).toBe('scene');
    expect(await page.locator('select[name="content-source"]').inputValue()).toBe('scene');
    await expect.poll(() => content.getAttribute('data-content'), SLOW).toBe('generated picture 1');
    await expect
      .poll(() => page.locator('.style-choice').getAttribute('data-style'), SLOW)
      .toBe('mosaic');
    await page.click('.style-choice [data-id="swirls"]');
    await paint(page, 8);
    await expect.poll(() => studioState(page), SLOW).toBe('done');
    expect(await beforeAfterDifference(page)).toBeGreaterThan(8);
    expect((await canvasStats(page, '.ga-before-after__after')).spread).toBeGreaterThan(15);
    await page.screenshot({ path: join(SHOTS, 'style-denied-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
