/**
 * Home: the root of the app shows the three areas as cabinets with live screens. Each screen
 * shows a picture that changes as its computation runs, Home starts no worker, the "try first"
 * links and PRESS START open the areas (the header's title comes back), and leaving Home or
 * hiding the page stops the screens (their `data-frames` counters stop). At 1280x800 the three
 * cabinets stand side by side; on a 390x844 phone they stack and the first one's screen is in
 * the first screen. Served by `vite preview` from the e2e files' shared build; screenshots in
 * test-results/screenshots/home-*.png.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { variedShare, watchErrors } from '../helpers/browser';
import { e2eSession } from '../helpers/e2e-session';

const SLOW = { timeout: 60_000, interval: 250 };
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const AREAS = ['learn', 'arena', 'vision'] as const;
/** At least this share of a screen's pixels must differ from its most common colour. */
const MIN_VARIED = 0.02;
const session = e2eSession({ shots: SHOTS });

/** Runs in the page before its scripts: counts the workers it starts. */
function countWorkers(): void {
  const w = window as unknown as { __gaWorkers: number; Worker: typeof Worker };
  w.__gaWorkers = 0;
  const Original = w.Worker;
  w.Worker = class extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      w.__gaWorkers++;
    }
  };
}

async function openHome(
  path = '/',
  viewport = { width: 1280, height: 800 },
): Promise<{ page: Page; errors: string[] }> {
  const page = await session.browser.newPage({ viewport });
  await page.addInitScript(countWorkers);
  const errors = watchErrors(page);
  await page.goto(new URL(path, session.base).href);
  await expect.poll(() => page.locator('.ga-home').getAttribute('data-screens'), SLOW).toBe('3');
  return { page, errors };
}

const frames = (cabinet: Locator): Promise<number> =>
  cabinet.locator('.ga-cabinet-picture').getAttribute('data-frames').then(Number);

describe('Home', () => {
  it('the root shows three cabinets whose screens are drawn and move; Home starts no worker', async () => {
    const { page, errors } = await openHome();
    expect(
      await page
        .locator('.ga-cabinet')
        .evaluateAll((c) => c.map((e) => e.getAttribute('data-area'))),
    ).toEqual([...AREAS]);
    // The header: the title links home, no area is current, no backend chip without a worker.
    expect(await page.locator('header h1 a').getAttribute('href')).toBe('#/');
    expect(await page.locator('nav[aria-label=areas] a[aria-current]').count()).toBe(0);
    expect(await page.locator('header .chip').isVisible()).toBe(false);
    for (const area of AREAS) {
      const cabinet = page.locator(`.ga-cabinet[data-area=${area}]`);
      const canvas = cabinet.locator('canvas');
      expect(await canvas.count(), area).toBe(1);
      // The count first, then the picture: a tick between the two (its picture drawn at the
      // next animation frame) would otherwise count the change the poll below waits for (CI
      // once failed so: "expected 2 > 2"). The picture changes and the count moves.
      const before = await frames(cabinet);
      const first = await canvas.screenshot();
      expect(await variedShare(page, first), `${area} screen is blank`).toBeGreaterThan(MIN_VARIED);
      // The picture changes as the screen's computation runs (Vision: a scene every 2.2 s).
      await expect.poll(async () => (await canvas.screenshot()).equals(first), SLOW).toBe(false);
      await expect
        .poll(() => frames(cabinet), { ...SLOW, message: `${area} frames` })
        .toBeGreaterThan(before);
      expect(await cabinet.locator('.ga-cabinet-readout').textContent()).not.toBe('…');
      expect(await cabinet.locator('.ga-cabinet-try a').count()).toBeGreaterThanOrEqual(2);
    }
    expect(await page.locator('.ga-cabinet-arena').textContent()).toMatch(/scripted demo policy/);
    expect(await page.locator('.ga-cabinet-vision').textContent()).toMatch(/ground truth/);
    expect(
      await page.evaluate(() => (window as unknown as { __gaWorkers: number }).__gaWorkers),
    ).toBe(0);
    // Three columns side by side at 1280x800, the screens and PRESS START in the first screen.
    const boxes = await page
      .locator('.ga-cabinet')
      .evaluateAll((c) => c.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(new Set(boxes.map((b) => Math.round(b.top))).size).toBe(1);
    expect(boxes[0].right).toBeLessThanOrEqual(boxes[1].left);
    expect(boxes[1].right).toBeLessThanOrEqual(boxes[2].left);
    for (const start of await page.locator('.ga-press-start').all())
      expect((await start.boundingBox())!.y + 30).toBeLessThanOrEqual(800);
    await page.screenshot({ path: join(SHOTS, 'home-1280.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  for (const renderer of ['canvas', 'webgl'] as const)
    it(`with the ${renderer} renderer the Vision screen's picture follows its scenes (clean dark, paper light)`, async () => {
      // The canvas renderer once kept a pixel buffer's first picture for ever (Pixi caches it by
      // a resource id that update() keeps): the boxes moved on, the picture stayed.
      const { page, errors } = await openHome(`/?renderer=${renderer}#/`);
      expect(await page.evaluate(() => document.documentElement.dataset.renderer)).toBe(renderer);
      const cabinet = page.locator('.ga-cabinet[data-area=vision]');
      const canvas = cabinet.locator('canvas');
      /** The screen's median luminance (0..255): the scene's page, whatever the boxes do. */
      const median = async () => {
        const png = await canvas.screenshot();
        return page.evaluate(async (b64) => {
          const img = new Image();
          img.src = `data:image/png;base64,${b64}`;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = img.width;
          c.height = img.height;
          const ctx = c.getContext('2d') as CanvasRenderingContext2D;
          ctx.drawImage(img, 0, 0);
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          const lum: number[] = [];
          for (let i = 0; i < d.length; i += 4) lum.push((d[i] + d[i + 1] + d[i + 2]) / 3);
          lum.sort((a, b) => a - b);
          return lum[lum.length >> 1];
        }, png.toString('base64'));
      };
      const seen = new Set<'dark' | 'light'>();
      await expect
        .poll(async () => {
          seen.add((await median()) < 128 ? 'dark' : 'light');
          return seen.size;
        }, SLOW)
        .toBe(2);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);

  it('on a 390x844 phone the cabinets stack and the first screen shows the first one', async () => {
    const { page, errors } = await openHome('/#/home', { width: 390, height: 844 });
    const boxes = await page
      .locator('.ga-cabinet')
      .evaluateAll((c) => c.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes[0].bottom).toBeLessThanOrEqual(boxes[1].top);
    expect(boxes[1].bottom).toBeLessThanOrEqual(boxes[2].top);
    const screen = await page.locator('.ga-cabinet-learn canvas').boundingBox();
    expect(screen!.y + screen!.height).toBeLessThanOrEqual(844);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: join(SHOTS, 'home-390.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('"try first" and PRESS START open their areas; the title comes back to a fresh Home', async () => {
    const { page, errors } = await openHome('/?backend=cpu#/');
    const home = page.locator('.ga-home');
    const back = async (): Promise<void> => {
      await page.locator('header h1 a').click();
      await expect.poll(() => home.getAttribute('data-screens'), SLOW).toBe('3');
    };
    await page.getByRole('link', { name: 'Watch a DQN agent learn Catch' }).click();
    const arena = page.locator('section.arena');
    await expect.poll(() => arena.getAttribute('data-env'), SLOW).toBe('catch');
    expect(await arena.getAttribute('data-mode')).toBe('learn');
    expect(await page.locator('nav[aria-label=areas] a[aria-current=page]').textContent()).toBe(
      'Arena',
    );
    expect(await home.count()).toBe(0);
    await back();
    await page.getByRole('link', { name: 'Train SimpleConvNet on MNIST to 99 %' }).click();
    await expect
      .poll(() => page.locator('.mnist-lab select[name=net]').inputValue(), SLOW)
      .toBe('simple-conv');
    await back();
    await page.getByRole('link', { name: 'Build XOR from two perceptrons' }).click();
    await expect
      .poll(
        () => page.locator('[data-lab=perceptron] table.truth td.muted').first().textContent(),
        SLOW,
      )
      .toBe('XOR');
    await back();
    await page.getByRole('link', { name: 'Point your webcam at handwritten digits' }).click();
    await expect.poll(() => page.locator('.vision-page').count(), SLOW).toBe(1);
    expect(page.url()).toMatch(/#\/vision$/);
    await back();
    await page.locator('.ga-cabinet-arena .ga-press-start').click();
    await expect.poll(() => arena.count(), SLOW).toBe(1);
    expect(page.url()).toMatch(/#\/?arena/);
    expect(errors.filter((e) => !/ERR_ABORTED/.test(e))).toEqual([]);
    await page.close();
  }, 240_000);

  it('leaving Home destroys its screens and stops their counters; a hidden page pauses them', async () => {
    const { page, errors } = await openHome();
    const picture = page.locator('.ga-cabinet-learn .ga-cabinet-picture');
    // Hidden (another tab): no ticks; shown again: ticking again.
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const hiddenAt = Number(await picture.getAttribute('data-frames'));
    await page.waitForTimeout(1500); // the Learn screen ticks every 60 ms when it runs
    expect(Number(await picture.getAttribute('data-frames'))).toBe(hiddenAt);
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect
      .poll(() => picture.getAttribute('data-frames').then(Number), SLOW)
      .toBeGreaterThan(hiddenAt + 3);

    // Keep the screens' hosts, leave, and read their counters after they are gone.
    await page.evaluate(() => {
      (window as unknown as { __homeHosts: HTMLElement[] }).__homeHosts = Array.from(
        document.querySelectorAll<HTMLElement>('.ga-cabinet-picture'),
      );
    });
    const counts = () =>
      page.evaluate(() =>
        (window as unknown as { __homeHosts: HTMLElement[] }).__homeHosts.map((h) => ({
          frames: Number(h.dataset.frames),
          connected: h.isConnected,
          canvases: h.querySelectorAll('canvas').length,
        })),
      );
    await page.locator('nav[aria-label=areas] a', { hasText: 'Learn' }).click();
    await expect.poll(() => page.locator('.ga-home').count(), SLOW).toBe(0);
    const left = await counts();
    expect(left.map((c) => [c.connected, c.canvases])).toEqual([
      [false, 0],
      [false, 0],
      [false, 0],
    ]);
    await page.waitForTimeout(3000); // longer than the slowest screen's interval (2.2 s)
    expect((await counts()).map((c) => c.frames)).toEqual(left.map((c) => c.frames));
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
