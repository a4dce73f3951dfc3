/**
 * Every canvas of the app stays drawn, however many there are. One page session walks every
 * Learn lab (Experiments included), every Arena game in every mode (watch learn, watch
 * trained, play yourself), Home, every Vision studio and mode, and back to the first labs; then every visible canvas must show a
 * picture, and the console must never have said "Too many active WebGL contexts" or
 * "CONTEXT_LOST". A canvas is judged on a screenshot of it (what the user sees, whatever kind
 * of canvas it is). Then the theme switch must repaint every canvas in the new colours, and a
 * WebGL context lost on purpose must be survived: the canvases are drawn again afterwards.
 *
 * An init script counts the WebGL contexts the page creates (workers aside: the math runs
 * there on its own backends). Served by `vite preview` from the e2e files' shared build.
 * Screenshots go to test-results/screenshots/canvases-*.png.
 */
import { join } from 'node:path';
import type { ElementHandle, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { variedShare, watchErrors } from '../helpers/browser';
import { e2eSession } from '../helpers/e2e-session';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
/** Under test-results/ (ignored by git), apart from the other e2e files' builds. */
const SLOW = { timeout: 30_000 };
/** At least this share of a canvas's pixels must differ from its most common colour. */
const MIN_VARIED = 0.002;
const CONTEXT_TROUBLE = /too many active webgl contexts|context_lost/i;

const session = e2eSession({ shots: SHOTS });

/** Runs in the page before its scripts: counts WebGL contexts and keeps them for the test. */
function countWebglContexts(): void {
  const contexts: WebGLRenderingContext[] = [];
  const wrap = (proto: { getContext: (...args: never[]) => unknown }): void => {
    const original = proto.getContext;
    proto.getContext = function (this: unknown, ...args: never[]) {
      const ctx = original.apply(this, args);
      const type = String(args[0]);
      if (ctx && type.startsWith('webgl') && !contexts.includes(ctx as WebGLRenderingContext)) {
        contexts.push(ctx as WebGLRenderingContext);
      }
      return ctx;
    };
  };
  wrap(HTMLCanvasElement.prototype as never);
  wrap(OffscreenCanvas.prototype as never);
  (window as unknown as { __gaWebgl: WebGLRenderingContext[] }).__gaWebgl = contexts;
}

/** WebGL contexts the page made so far, and how many of them are still alive. */
function contextCounts(page: Page): Promise<{ created: number; live: number }> {
  return page.evaluate(() => {
    const all = (window as unknown as { __gaWebgl: WebGLRenderingContext[] }).__gaWebgl;
    return { created: all.length, live: all.filter((c) => !c.isContextLost()).length };
  });
}

/** A readable name for a canvas: its component's classes and accessible name. */
async function describeCanvas(canvas: ElementHandle<HTMLCanvasElement>): Promise<string> {
  return canvas.evaluate((el) => {
    const host = el.closest('[class*="ga-"]') ?? el.parentElement;
    const label = host?.getAttribute('aria-label') ?? el.getAttribute('aria-label') ?? '';
    return `${host?.className ?? el.className} "${label.slice(0, 60)}"`;
  });
}

/** Every visible canvas of the page, with the share of its pixels that are not background. */
async function visibleCanvases(page: Page): Promise<Array<{ name: string; share: number }>> {
  const found: Array<{ name: string; share: number }> = [];
  for (const canvas of await page.$$('canvas')) {
    if (!(await canvas.isVisible())) continue;
    const box = await canvas.boundingBox();
    if (!box || box.width < 2 || box.height < 2) continue;
    let png: Buffer;
    try {
      png = await canvas.screenshot({ timeout: 5000 });
    } catch (err) {
      // A view replaced while the list was read (the Arena swaps its env views) is gone.
      if (!(await canvas.evaluate((el) => el.isConnected))) continue;
      throw err;
    }
    found.push({ name: await describeCanvas(canvas), share: await variedShare(page, png) });
  }
  return found;
}

/** How many canvases blankCanvases has judged (so a walk that saw none cannot pass). */
let judged = 0;

/** The visible canvases that show nothing, as "where: name" lines. */
async function blankCanvases(page: Page, where: string): Promise<string[]> {
  const canvases = await visibleCanvases(page);
  expect(canvases.length, `${where}: no visible canvas`).toBeGreaterThan(0);
  judged += canvases.length;
  return canvases
    .filter((c) => c.share < MIN_VARIED)
    .map((c) => `${where}: ${c.name} is blank (${(c.share * 100).toFixed(3)}% varied)`);
}

/** The colour most of a canvas shows (its background). */
async function backgroundOf(page: Page, canvas: Locator): Promise<number> {
  const png = await canvas.screenshot();
  return page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(
      await (await fetch(`data:image/png;base64,${b64}`)).blob(),
    );
    const c = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = c.getContext('2d') as OffscreenCanvasRenderingContext2D;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  }, png.toString('base64'));
}

async function showLab(page: Page, lab: string, search = ''): Promise<void> {
  await page.goto(new URL(`${search}#learn/${lab}`, session.base).href);
  const holder = page.locator(`[data-lab="${lab}"]`);
  await expect.poll(() => holder.locator('canvas').count(), SLOW).toBeGreaterThan(0);
  await page.waitForTimeout(400);
}

/** Draws a stroke on the digit pad, so that its surface and preview show something. */
async function drawOnPad(page: Page): Promise<void> {
  const pad = page.locator('canvas.ga-digit-pad-surface');
  const box = await pad.boundingBox();
  if (!box) throw new Error('the digit pad is not on screen');
  await page.mouse.move(box.x + 0.3 * box.width, box.y + 0.2 * box.height);
  await page.mouse.down();
  await page.mouse.move(box.x + 0.6 * box.width, box.y + 0.8 * box.height, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(400);
}

const LABS = ['perceptron', 'activations', 'mnist', 'pad', 'experiments'];
const ENVS = ['cartpole', 'catch', 'breakout', 'snake', 'gridworld'];
const MODES = ['learn', 'trained', 'play'];

describe('canvases in one long session', () => {
  it('every page and mode visited, every visible canvas is still drawn, no lost context', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(countWebglContexts);
    const errors = watchErrors(page);
    const trouble: string[] = [];
    page.on('console', (m) => {
      if (CONTEXT_TROUBLE.test(m.text())) trouble.push(m.text());
    });
    const blank: string[] = [];

    for (const lab of LABS) {
      await showLab(page, lab);
      if (lab === 'pad') await drawOnPad(page);
      blank.push(...(await blankCanvases(page, `#learn/${lab}`)));
    }
    await page.goto(new URL('#arena', session.base).href);
    const arena = page.locator('.arena');
    await expect.poll(() => arena.locator('canvas').count(), SLOW).toBeGreaterThan(0);
    for (const env of ENVS) {
      await arena.locator('select[name=env]').selectOption(env);
      for (const mode of MODES) {
        await arena.locator(`.arena-tabs button[data-mode=${mode}]`).click();
        const view = arena.locator(`[data-mode=${mode}] [data-view=${env}] canvas`);
        // A game that ships no trained agent shows why and what to do instead of a view.
        const empty = arena.locator(`[data-mode=${mode}] .empty-state`);
        await expect
          .poll(async () => (await view.count()) + (await empty.count()), SLOW)
          .toBeGreaterThan(0);
        if ((await view.count()) === 0) {
          expect(await empty.locator('h3').textContent(), `${env} ${mode}`).toBe(
            'Nothing to watch yet',
          );
          continue;
        }
        // Under load the view's card can still be laying out: wait until it shows.
        await expect.poll(() => view.first().isVisible(), SLOW).toBe(true);
        // ...and its canvases with it (the full suite's load once left the card empty here).
        await expect
          .poll(async () => (await visibleCanvases(page)).length, SLOW)
          .toBeGreaterThan(0);
        await page.waitForTimeout(300);
        blank.push(...(await blankCanvases(page, `#arena ${env} ${mode}`)));
      }
    }
    // Home, then every Vision studio and mode. This browser has no camera: each says so
    // and shows its fallback (generated scenes, a panning landscape).
    for (const [hash, ready] of [
      ['#/', 'main canvas'],
      ['#vision', '.vision-page[data-models="ready"] canvas'],
      ['#vision/gan', '.gan-studio[data-model-state="ready"] canvas'],
      ['#vision/style', '.style-studio canvas'],
    ] as const) {
      await page.goto(new URL(hash, session.base).href);
      await expect.poll(() => page.locator(ready).count(), SLOW).toBeGreaterThan(0);
      await page.waitForTimeout(1500);
      blank.push(...(await blankCanvases(page, hash)));
    }
    await page.click('[role="tab"][data-mode="fast"]');
    await expect
      .poll(() => page.locator('.style-mode[data-mode="fast"] canvas').count(), SLOW)
      .toBeGreaterThan(0);
    await page.waitForTimeout(3000);
    blank.push(...(await blankCanvases(page, '#vision/style fast')));
    // Back to the labs visited first: their canvases were made before all the others.
    for (const lab of ['perceptron', 'activations', 'mnist', 'experiments']) {
      await showLab(page, lab);
      blank.push(...(await blankCanvases(page, `back to #learn/${lab}`)));
    }
    await page.screenshot({ path: join(SHOTS, 'canvases-after-walk.png'), fullPage: true });
    const counts = await contextCounts(page);
    console.info(
      `${judged} canvas views judged; WebGL contexts: ${counts.created} created, ${counts.live} live`,
    );

    expect(trouble).toEqual([]);
    expect(blank).toEqual([]);
    // The shared renderer, and the small test context Pixi keeps to probe GPU limits.
    expect(counts.live).toBeLessThanOrEqual(2);
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);

  it('the theme switch repaints every canvas, and a lost WebGL context is survived', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(countWebglContexts);
    const errors = watchErrors(page);
    // WebGL asked for by name: on a machine without a GPU the page would pick the canvas
    // renderer, which has no context to lose.
    await showLab(page, 'mnist', '?renderer=webgl');
    expect(await page.evaluate(() => document.documentElement.dataset.renderer)).toBe('webgl');
    const first = page.locator('[data-lab="mnist"] canvas').first();
    const toggle = page.locator('button.ga-theme-toggle');
    const startTheme = await toggle.getAttribute('data-theme');
    const otherTheme = startTheme === 'dark' ? 'light' : 'dark';
    const startBackground = await backgroundOf(page, first);

    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(otherTheme);
    await page.waitForTimeout(300);
    expect(await backgroundOf(page, first)).not.toBe(startBackground);
    expect(await blankCanvases(page, `${otherTheme} theme`)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `canvases-${otherTheme}.png`), fullPage: true });

    // Lose every live context, as a GPU reset would; then ask for a repaint (theme switched back).
    const lost = await page.evaluate(() => {
      const all = (window as unknown as { __gaWebgl: WebGLRenderingContext[] }).__gaWebgl;
      const live = all.filter((c) => !c.isContextLost());
      for (const c of live) c.getExtension('WEBGL_lose_context')?.loseContext();
      return live.length;
    });
    expect(lost).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await toggle.click();
    await page.waitForTimeout(500);
    expect(await backgroundOf(page, first)).toBe(startBackground);
    expect(await blankCanvases(page, 'after a lost context')).toEqual([]);
    const counts = await contextCounts(page);
    expect(counts.live).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
