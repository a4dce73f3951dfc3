/**
 * The style studio's live mode ("Fast (webcam)") in Chromium with a fake camera fed a y4m of a
 * landscape drifting sideways: a style net (a .gst file written here, so the test does not
 * wait for the shipped ones) paints the camera live; the painting must be drawn, differ from
 * the camera's frame, and frames/s and the stages be shown. Pause holds it, a snapshot saves a
 * PNG, the size and the layout switch, a 3-step training run ends with its net in use and
 * saved as .gst, and leaving releases the camera. The shipped nets are each loaded or said to
 * be missing. With the permission denied, the mode says so and paints a generated landscape.
 * Screenshots go to test-results/screenshots/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentScene } from '../../src/vision/style/content-scenes';
import { StyleTransformer } from '../../src/vision/style/fast/style-transformer';
import { DEFAULT_STYLE_TRANSFORMER } from '../../src/vision/style/fast/transformer-config';
import { saveStyleTransformer } from '../../src/vision/style/fast/transformer-file';
import { type AppServer, serveApp } from '../helpers/app-server';
import { launchChromium, watchErrors } from '../helpers/browser';
import { y4mVideo } from '../helpers/y4m';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const VIDEO = join(process.cwd(), 'test-results', 'style-live-camera.y4m');
const NET = join(process.cwd(), 'test-results', 'style-live-test.gst');
const SHIPPED = ['mosaic', 'waves', 'kandinsky'];
const [W, H] = [320, 240];
const SLOW = { timeout: 60_000 };
let app: AppServer;
const browsers: Browser[] = [];
/** Which shipped nets the build holds (read before it is built). */
const present = new Map<string, boolean>();
/** And which have their preview sheet. */
const sheets = new Map<string, boolean>();

const mode = (page: Page) => page.locator('.style-fast');
const data = (page: Page, key: string) => mode(page).getAttribute(`data-${key}`);
const frames = async (page: Page) => Number((await data(page, 'frames')) ?? 0);

/** The painting's size and grey spread, and its mean difference (0..255) from the camera frame. */
function compare(
  page: Page,
): Promise<{ width: number; height: number; spread: number; difference: number }> {
  return page.locator('.ga-live-style').evaluate((view) => {
    const painting = view.querySelector('canvas.ga-live-style__painting') as HTMLCanvasElement;
    const source = view.querySelector(
      '.ga-live-style__pane--before > video, .ga-live-style__pane--before > canvas',
    ) as HTMLVideoElement | HTMLCanvasElement;
    const { width, height } = painting;
    const a = (painting.getContext('2d') as CanvasRenderingContext2D).getImageData(
      0,
      0,
      width,
      height,
    ).data;
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(source, 0, 0, width, height);
    const b = ctx.getImageData(0, 0, width, height).data;
    let diff = 0;
    let g = 0;
    let g2 = 0;
    const n = width * height;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 3; k++)
        diff += Math.abs((a[i * 4 + k] as number) - (b[i * 4 + k] as number));
      const grey = ((a[i * 4] as number) + (a[i * 4 + 1] as number) + (a[i * 4 + 2] as number)) / 3;
      g += grey / n;
      g2 += (grey * grey) / n;
    }
    return {
      width,
      height,
      spread: Math.sqrt(Math.max(0, g2 - g * g)),
      difference: diff / (n * 3),
    };
  });
}

async function openLive(browser: Browser, size: { width: number; height: number }) {
  const page = await browser.newPage({ viewport: size, acceptDownloads: true });
  const errors = watchErrors(page);
  await page.goto(new URL('?backend=wasm#vision/style', app.base).href);
  await page.click('[role="tab"][data-mode="fast"]');
  await page.waitForSelector('input[name="gst-file"]', SLOW);
  // The shipped nets settle (loaded, or said to be missing) before ours comes in.
  await expect
    .poll(async () => {
      const nets = JSON.parse(
        (await page.locator('.style-fast-nets').getAttribute('data-nets')) ?? '{}',
      );
      return SHIPPED.every((n) => nets[`shipped:${n}`] && nets[`shipped:${n}`] !== 'loading');
    }, SLOW)
    .toBe(true);
  return { page, errors };
}

/** Loads the test's net and waits until it is in use. */
async function loadNet(page: Page): Promise<void> {
  await page.setInputFiles('input[name="gst-file"]', NET);
  await expect.poll(() => data(page, 'net'), SLOW).toBe('file:1');
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const file = (name: string) => join(process.cwd(), 'models', 'style', name);
  for (const n of SHIPPED) {
    present.set(n, existsSync(file(`${n}.gst`)));
    sheets.set(n, existsSync(file(`${n}-preview.png`)));
  }
  // The camera: a 320x240 window drifting over a 400 px landscape, 20 frames.
  const scene = contentScene(7, 400);
  const video = Array.from({ length: 20 }, (_, i) => {
    const f = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) {
      const at = ((y + 60) * 400 + i * 3) * 3;
      f.set(scene.data.subarray(at, at + W * 3), y * W * 3);
    }
    return f;
  });
  writeFileSync(VIDEO, y4mVideo(video, W, H));
  // A net of the shipped shape with seeded random weights: it paints (badly) at full cost.
  const net = new StyleTransformer(DEFAULT_STYLE_TRANSFORMER, 5);
  writeFileSync(NET, await saveStyleTransformer(net, { style: 'test', steps: 0 }));
  net.dispose();
  app = await serveApp();
}, 300_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  await app?.close();
});

describe('the live style mode', () => {
  it('paints the camera live, shows frames/s and stages, pauses, snapshots, trains a net and releases the camera', async () => {
    const browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${VIDEO}`,
    ]);
    browsers.push(browser);
    const { page, errors } = await openLive(browser, { width: 1280, height: 800 });

    // Each shipped net is in use-able or said to be missing, as the build has it.
    const nets = JSON.parse(
      (await page.locator('.style-fast-nets').getAttribute('data-nets')) ?? '{}',
    );
    for (const n of SHIPPED)
      expect(nets[`shipped:${n}`]).toBe(present.get(n) ? 'ready' : 'missing');
    const message = (await page.locator('.style-fast-nets .vision-message').textContent()) ?? '';
    for (const n of SHIPPED)
      if (!present.get(n)) expect(message).toContain(`models/style/${n}.gst is not in this build`);
    // A shipped net in use shows the preview sheet its training wrote, fetched when opened.
    const shipped = SHIPPED.find((n) => present.get(n) && sheets.get(n));
    if (shipped) {
      await page.click(`.style-fast-nets [data-id="shipped:${shipped}"]`);
      expect(await data(page, 'net')).toBe(`shipped:${shipped}`);
      await page.click('.style-fast-sheet summary');
      await expect
        .poll(
          () =>
            page
              .locator('.style-fast-sheet-image')
              .evaluate((i: HTMLImageElement) => i.naturalWidth),
          SLOW,
        )
        .toBeGreaterThan(100);
    }
    await loadNet(page);

    await expect
      .poll(() => page.locator('.style-fast-source').getAttribute('data-camera'), SLOW)
      .toBe('on');
    await expect.poll(() => frames(page), SLOW).toBeGreaterThanOrEqual(5);
    const painted = await compare(page);
    console.log(
      `style-live e2e: ${await data(page, 'fps')} frames/s, stages ${await data(page, 'latency')}; the painting differs from the camera by ${painted.difference.toFixed(1)} / 255`,
    );
    expect([painted.width, painted.height]).toEqual([192, 144]);
    expect(painted.spread).toBeGreaterThan(3);
    expect(painted.difference).toBeGreaterThan(8);
    expect(Number(await data(page, 'fps'))).toBeGreaterThan(0);
    const latency = JSON.parse((await data(page, 'latency')) ?? '{}') as Record<string, number>;
    expect(latency.forward).toBeGreaterThan(0);
    expect(latency.total).toBeGreaterThanOrEqual(latency.forward);
    expect(await page.locator('.ga-live-style__speed').textContent()).toMatch(
      /^\d+\.\d frames\/s · \d+ ms$/,
    );
    expect(await page.locator('.ga-live-style__stages').textContent()).toMatch(
      /grab \d+ · send \d+ · prepare \d+ · net \d+ · read \d+ · back \d+ · draw \d+/,
    );
    await page.screenshot({ path: join(SHOTS, 'style-live.png'), fullPage: true });

    // Pause holds the painting; Resume goes on.
    await page.click('[data-action="pause-live"]');
    await page.waitForTimeout(400);
    const held = Number(await page.locator('.ga-live-style').getAttribute('data-painted'));
    await page.waitForTimeout(1200);
    expect(Number(await page.locator('.ga-live-style').getAttribute('data-painted'))).toBe(held);
    await page.click('[data-action="pause-live"]');
    await expect
      .poll(
        async () => Number(await page.locator('.ga-live-style').getAttribute('data-painted')),
        SLOW,
      )
      .toBeGreaterThan(held);

    // A snapshot is a PNG of the painting.
    const download = page.waitForEvent('download');
    await page.click('[data-action="snapshot-live"]');
    const png = await download;
    expect(png.suggestedFilename()).toBe('style-live-style-live-test.png');
    expect(
      readFileSync((await png.path()) as string)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    // Another size, and the divider.
    await page.selectOption('select[name="live-size"]', '128x96');
    await expect.poll(async () => (await compare(page)).width, SLOW).toBe(128);
    await page.selectOption('select[name="live-layout"]', 'divider');
    expect(await page.locator('.ga-live-style').getAttribute('data-layout')).toBe('divider');
    await page.locator('.ga-live-style__divider').focus();
    await page.keyboard.press('Home');
    expect(await page.locator('.ga-live-style__divider').getAttribute('aria-valuenow')).toBe('0');

    // Three training steps on the camera: the net trained is in use and paints; it saves.
    const train = page.locator('.style-fast-train');
    await page.fill('input[name="train-steps"]', '3');
    await page.fill('input[name="train-batch"]', '1');
    await page.selectOption('select[name="train-side"]', '64');
    await page.click('[data-action="train-fast"]');
    await expect.poll(() => train.getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    expect(await train.getAttribute('data-step')).toBe('3');
    expect(Number(await train.getAttribute('data-previews'))).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.style-fast-train .style-status').textContent()).toMatch(
      /^3 steps in \d+ s on [1-9]\d* frames? of your video/,
    );
    await expect.poll(() => data(page, 'net'), SLOW).toBe('trained:1');
    const before = await frames(page);
    await expect.poll(() => frames(page), SLOW).toBeGreaterThan(before + 2);
    const gst = page.waitForEvent('download');
    await page.click('[data-action="save-gst"]');
    const file = await gst;
    expect(file.suggestedFilename()).toBe('waves-3-steps.gst');
    expect(
      readFileSync((await file.path()) as string)
        .subarray(0, 8)
        .toString(),
    ).toBe('GASTYLE1');
    await page.screenshot({ path: join(SHOTS, 'style-live-trained.png'), fullPage: true });

    // Leaving the studio stops every track; coming back starts the camera again.
    await page.goto(new URL('?backend=wasm#learn/perceptron', app.base).href);
    await expect.poll(() => page.locator('html').getAttribute('data-camera-tracks-live')).toBe('0');
    await page.goto(new URL('?backend=wasm#vision/style', app.base).href);
    await expect
      .poll(() => page.locator('.style-fast-source').getAttribute('data-camera'), SLOW)
      .toBe('on');
    // Back to the Gatys tab: the live mode lets its camera go (the mode's box is detached).
    await page.evaluate(() => {
      delete document.documentElement.dataset.cameraTracksLive;
    });
    await page.click('[role="tab"][data-mode="gatys"]');
    await expect.poll(() => page.locator('html').getAttribute('data-camera-tracks-live')).toBe('0');
    expect(errors).toEqual([]);
  }, 240_000);

  it('says so when the camera is denied and paints a panning landscape instead (phone)', async () => {
    const browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--deny-permission-prompts',
    ]);
    browsers.push(browser);
    const { page, errors } = await openLive(browser, { width: 390, height: 844 });
    await loadNet(page);
    const source = page.locator('.style-fast-source');
    await expect.poll(() => source.getAttribute('data-camera'), SLOW).toBe('denied');
    expect(await source.locator('.vision-message').textContent()).toMatch(
      /permission was denied.*generated landscape/,
    );
    expect(await page.locator('select[name="live-source"]').inputValue()).toBe('landscape');
    // A phone gets the divider: one picture, full width.
    expect(await page.locator('.ga-live-style').getAttribute('data-layout')).toBe('divider');
    await expect.poll(() => frames(page), SLOW).toBeGreaterThanOrEqual(3);
    const painted = await compare(page);
    expect(painted.difference).toBeGreaterThan(8);
    // The landscape drifts: two grabs a second apart differ.
    const grab = () =>
      page
        .locator('.ga-live-style__pane--before > canvas')
        .evaluate((c: HTMLCanvasElement) =>
          Array.from(
            (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height)
              .data,
          ),
        );
    const a = await grab();
    await page.waitForTimeout(1000);
    const b = await grab();
    expect(a.some((v, i) => v !== b[i])).toBe(true);
    const box = await page.locator('.ga-live-style').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'style-live-denied-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
