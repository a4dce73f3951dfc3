/**
 * The "Make digits" studio in Chromium on wasm: a new DCGAN trains a few dozen steps in the
 * GAN worker and the fixed-noise grid's pixels change as it learns, the loss charts fill, the
 * latent walk draws and moves; a shipped GAN the server refuses is said plainly, and a new
 * conditional DCGAN shows a row per digit and draws the digit picked. Screenshots at 1280x800 and 390x844 go to test-results/screenshots/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchErrors } from '../helpers/browser';
import { e2eSession } from '../helpers/e2e-session';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const SLOW = { timeout: 90_000 };
const session = e2eSession({ shots: SHOTS });

/** A canvas's pixels read back: a checksum and how many distinct grey levels it shows. */
function canvasPixels(page: Page, selector: string) {
  return page.locator(selector).evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    const levels = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      sum = (sum * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) % 1_000_000_007;
      levels.add(d[i]);
    }
    return { sum, levels: levels.size };
  });
}

async function openStudio(width: number, height: number, opts: { refuseGanFiles?: boolean } = {}) {
  const page = await session.browser.newPage({ viewport: { width, height } });
  const errors = watchErrors(page);
  // A server that cannot hand out the shipped GANs (their files missing or refused).
  if (opts.refuseGanFiles)
    await page.route(/\.gan$/, (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto(new URL('?backend=wasm#vision/gan', session.base).href);
  const studio = page.locator('.gan-studio');
  // The studio opens on the shipped DCGAN, or says plainly that this build has none.
  await expect
    .poll(() => studio.getAttribute('data-model-state'), SLOW)
    .toMatch(opts.refuseGanFiles ? /^(error|missing)$/ : /^(ready|missing)$/);
  return { page, errors, studio };
}

const GRID = '.gan-grid-box canvas';
const WALK = '.ga-latent-walk canvas';

describe('the Make digits studio', () => {
  it('trains a new DCGAN: the sample grid changes as it learns, the charts fill, the walk draws and moves', async () => {
    const { page, errors, studio } = await openStudio(1280, 800);
    expect(await page.locator('.subnav a[aria-current="page"]').textContent()).toBe('Make digits');
    const live = page.locator('.gan-live');
    // A shipped model goes on at DCGAN's rate, a new one starts at the quick one; a rate typed
    // by hand stays whatever the model.
    // The shipped InfoGAN: a row per value of its code, trained 18,000 steps.
    await page.selectOption('select[name="ganModel"]', 'shipped-infogan');
    await expect
      .poll(() => page.locator('.gan-grid-caption').textContent(), SLOW)
      .toMatch(/After [\d,]+ steps\. A row per value of the InfoGAN's code \(10\)/);
    expect(await studio.getAttribute('data-model-state')).toBe('ready');
    expect(await live.getAttribute('data-grid-rows')).toBe('10');
    expect(Number(await live.getAttribute('data-grid-step'))).toBe(18000);
    expect((await canvasPixels(page, GRID)).levels).toBeGreaterThan(20);
    await page.screenshot({ path: join(SHOTS, 'gan-infogan-1280.png'), fullPage: true });
    await page.selectOption('select[name="ganModel"]', 'shipped-dcgan');
    await expect.poll(() => live.getAttribute('data-grid-rows'), SLOW).toBe('8');
    const lr = page.locator('input[name="lr"]');
    expect(await lr.inputValue()).toBe('0.0002');
    await page.selectOption('select[name="ganModel"]', 'new-cgan');
    expect(await lr.inputValue()).toBe('0.0005');
    await lr.fill('0.0003');
    await page.selectOption('select[name="ganModel"]', 'shipped-cgan');
    expect(await lr.inputValue()).toBe('0.0003');
    await lr.fill('0.0002');
    await page.selectOption('select[name="ganModel"]', 'new-dcgan');
    await expect.poll(() => live.getAttribute('data-grid-step'), SLOW).toBe('0');
    await page.waitForTimeout(200);
    const untrained = await canvasPixels(page, GRID);
    await page.fill('input[name="steps"]', '40');
    await page.fill('input[name="batch"]', '16');
    await page.click('[data-action="train-gan"]');
    await expect.poll(() => live.getAttribute('data-grid-step'), SLOW).toBe('20');
    await page.waitForTimeout(200);
    const at20 = await canvasPixels(page, GRID);
    await expect.poll(() => studio.getAttribute('data-run'), SLOW).toBe('done');
    const at40 = await canvasPixels(page, GRID);
    console.log(
      `gan e2e: grid checksums untrained ${untrained.sum}, step 20 ${at20.sum}, step 40 ${at40.sum}; ${await page.locator('.lab-status').textContent()}`,
    );
    expect(at20.sum).not.toBe(untrained.sum);
    expect(at40.sum).not.toBe(at20.sum);
    expect(at40.levels).toBeGreaterThan(20);
    expect(Number(await live.getAttribute('data-steps'))).toBe(40);
    // A plain DCGAN has no Q: its loss chart holds D's and G's lines only.
    await expect
      .poll(() => page.locator('.ga-gan-loss-panel').getAttribute('data-series'), SLOW)
      .toBe('d g');
    expect(await page.locator('.lab-status').textContent()).toMatch(/Done: 40 steps/);
    expect(await page.locator('.gan-health').textContent()).toMatch(/Too early to judge/);
    // The walk: 4 vectors x 23 frames in a loop, drawn (many grey levels) and moving.
    const walk = page.locator('.ga-latent-walk');
    expect(await walk.getAttribute('data-frames')).toBe('92');
    expect(await walk.getAttribute('data-playing')).toBe('true');
    const w1 = await canvasPixels(page, WALK);
    const f1 = Number(await walk.getAttribute('data-frame'));
    await page.waitForTimeout(700);
    const w2 = await canvasPixels(page, WALK);
    expect(w1.levels).toBeGreaterThan(20);
    expect(w2.sum).not.toBe(w1.sum);
    expect(Number(await walk.getAttribute('data-frame'))).not.toBe(f1);
    // Paused, it holds still.
    await page.click('[data-action="walk-play"]');
    expect(await walk.getAttribute('data-playing')).toBe('false');
    const p1 = await canvasPixels(page, WALK);
    await page.waitForTimeout(400);
    expect((await canvasPixels(page, WALK)).sum).toBe(p1.sum);
    await page.screenshot({ path: join(SHOTS, 'gan-trained-1280.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('a shipped GAN it cannot load is said plainly; a new conditional DCGAN: a row per digit and the digit picked, on a phone', async () => {
    const { page, errors, studio } = await openStudio(390, 844, { refuseGanFiles: true });
    expect(await page.locator('.lab-status').textContent()).toMatch(
      /(could not load the shipped DCGAN: HTTP 404|the shipped DCGAN \(models\/gan\/dcgan\.gan\) is not in this build)/,
    );
    await page.selectOption('select[name="ganModel"]', 'new-cgan');
    await expect.poll(() => studio.getAttribute('data-conditional'), SLOW).toBe('true');
    await expect
      .poll(() => page.locator('.gan-live').getAttribute('data-grid-rows'), SLOW)
      .toBe('10');
    const picker = page.locator('.gan-digits');
    expect(await picker.isVisible()).toBe(true);
    await page.click('.gan-digits [data-digit="3"]');
    await expect.poll(() => picker.getAttribute('data-digit'), SLOW).toBe('3');
    expect(await picker.locator('h3').textContent()).toBe('Give me a 3');
    const digits = await canvasPixels(page, '.gan-digits-grid canvas');
    expect(digits.levels).toBeGreaterThan(10);
    // Nothing is wider than the phone.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'gan-conditional-390.png'), fullPage: true });
    // An unconditional model hides the picker again.
    await page.selectOption('select[name="ganModel"]', 'new-dcgan');
    await expect.poll(() => studio.getAttribute('data-conditional'), SLOW).toBe('false');
    expect(await picker.isVisible()).toBe(false);
    // A new InfoGAN: no labels (no picker), but a row per value of its code.
    await page.selectOption('select[name="ganModel"]', 'new-infogan');
    await expect.poll(() => studio.getAttribute('data-model'), SLOW).toBe('new-infogan');
    await expect
      .poll(() => page.locator('.gan-grid-caption').textContent(), SLOW)
      .toMatch(/A row per value of the InfoGAN's code \(10\)/);
    expect(await page.locator('.gan-live').getAttribute('data-grid-rows')).toBe('10');
    expect(await picker.isVisible()).toBe(false);
    expect(await page.locator('.lab-status').textContent()).toMatch(
      /InfoGAN \(10-way code\) DCGAN/,
    );
    // A few steps: Q's loss joins the loss chart (the plain DCGAN's charts had no Q line).
    await page.fill('input[name="steps"]', '4');
    await page.fill('input[name="batch"]', '8');
    await page.click('[data-action="train-gan"]');
    await expect.poll(() => studio.getAttribute('data-run'), SLOW).toBe('done');
    await expect
      .poll(() => page.locator('.ga-gan-loss-panel').getAttribute('data-series'), SLOW)
      .toBe('d g q');
    expect(await page.locator('.lab-status').textContent()).toMatch(/Done: 4 steps/);
    // The grids the run streamed are still read as an InfoGAN's.
    expect(await page.locator('.gan-grid-caption').textContent()).toMatch(
      /After 4 steps\. A row per value of the InfoGAN's code \(10\)/,
    );
    await page.screenshot({ path: join(SHOTS, 'gan-infogan-new-390.png'), fullPage: true });
    // The refused file is the only error the page saw (the browser logs the 404).
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    await page.close();
  }, 180_000);
});
