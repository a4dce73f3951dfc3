/**
 * The Arena end to end in Debian's Chromium: the built app (the e2e files' shared build),
 * served by `vite preview` on 127.0.0.1. Trains a DQN on CartPole in the
 * agent worker and watches the return curve and the env view move, pauses and resumes, plays
 * a shipped Catch agent against a random policy, plays CartPole and GridWorld from the
 * keyboard, trains Q-learning on GridWorld with the values overlay, refuses a bad agent file,
 * and lays out on a phone. Screenshots go to test-results/screenshots/arena-*.png.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { variedShare, watchErrors } from '../helpers/browser';
import { e2eSession } from '../helpers/e2e-session';

/** The page and its worker share 2 loaded cores with other tests: poll generously. */
const SLOW = { timeout: 30_000 };

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const session = e2eSession({ shots: SHOTS });

async function open(
  path: string,
  options: { width?: number; height?: number; colorScheme?: 'dark' | 'light' } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await session.browser.newPage({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'dark',
  });
  const errors = watchErrors(page);
  await page.goto(new URL(path, session.base).href);
  return { page, errors };
}

/** The share of a canvas's pixels that differ from its most common colour (0: blank). */
async function canvasVariedShare(page: Page, canvas: Locator): Promise<number> {
  return variedShare(page, await canvas.screenshot());
}

const num = async (l: Locator, name: string): Promise<number> =>
  Number((await l.getAttribute(name)) ?? Number.NaN);

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('the Arena in Chromium', () => {
  it('trains CartPole live, plays a shipped agent, takes the keyboard, shows GridWorld values', async () => {
    const { page, errors } = await open('#arena');
    const arena = page.locator('.arena');
    // Automatic mode measures the small nets of RL on wasm and cpu and keeps the faster.
    await expect
      .poll(() => arena.locator('.backend-line').getAttribute('data-backend'), { timeout: 60_000 })
      .toMatch(/^(wasm|cpu)$/);
    expect(await arena.locator('.backend-line').textContent()).toMatch(
      /^Backend: (wasm|cpu)\. \S.{10,}/,
    );
    expect(await page.locator('main').textContent()).not.toMatch(/not built yet/);

    // 1. Watch it learn: DQN on CartPole, flat out.
    const learn = arena.locator('.watch-learn');
    await learn.locator('button[data-action=train]').click();
    await expect
      .poll(() => num(learn, 'data-curve-points'), { timeout: 90_000 })
      .toBeGreaterThanOrEqual(5);
    await expect.poll(() => num(learn, 'data-snapshots'), { timeout: 30_000 }).toBeGreaterThan(5);
    const view = learn.locator('[data-view=cartpole] canvas');
    expect(await canvasVariedShare(page, view)).toBeGreaterThan(0.01);
    await page.screenshot({ path: join(SHOTS, 'arena-learn-cartpole.png'), fullPage: true });

    await learn.locator('button[data-action=pause]').click();
    await expect.poll(() => learn.getAttribute('data-state'), SLOW).toBe('paused');
    await page.waitForTimeout(300); // a progress event already on its way may still land
    const pausedAt = await num(learn, 'data-steps');
    await page.waitForTimeout(800);
    expect(await num(learn, 'data-steps')).toBe(pausedAt);
    await learn.locator('button[data-action=pause]').click();
    await expect.poll(() => learn.getAttribute('data-state'), SLOW).toBe('running');
    await expect
      .poll(() => num(learn, 'data-steps'), { timeout: 30_000 })
      .toBeGreaterThan(pausedAt);
    await learn.locator('button[data-action=stop]').click();
    await expect.poll(() => learn.getAttribute('data-state'), { timeout: 30_000 }).toBe('stopped');

    // 2. Watch a trained agent: the shipped Catch agent beats a random policy.
    await arena.locator('select[name=env]').selectOption('catch');
    await arena.locator('.arena-tabs button[data-mode=trained]').click();
    const trained = arena.locator('.watch-trained');
    await trained.locator('button[data-action=play]').click();
    await expect
      .poll(() => trained.getAttribute('data-eval-mean'), { timeout: 60_000 })
      .not.toBeNull();
    expect(await num(trained, 'data-eval-mean')).toBeGreaterThan(
      await num(trained, 'data-random-mean'),
    );
    await expect.poll(() => num(trained, 'data-frames'), { timeout: 30_000 }).toBeGreaterThan(3);
    await page.screenshot({ path: join(SHOTS, 'arena-trained-catch.png'), fullPage: true });
    await trained.locator('button[data-action=stop-play]').click();

    // 3. Play it yourself: CartPole on a 50 Hz clock from the first key.
    await arena.locator('select[name=env]').selectOption('cartpole');
    await arena.locator('.arena-tabs button[data-mode=play]').click();
    const play = arena.locator('.play-yourself');
    const score = play.locator('.play-score');
    await expect.poll(() => score.getAttribute('data-step'), SLOW).toBe('0');
    await page.keyboard.down('ArrowLeft');
    await page.waitForTimeout(150);
    await page.keyboard.up('ArrowLeft');
    await page.keyboard.down('d');
    await page.waitForTimeout(150);
    await page.keyboard.up('d');
    await expect.poll(() => num(score, 'data-step'), SLOW).toBeGreaterThan(3);
    expect(
      await canvasVariedShare(page, play.locator('[data-view=cartpole] canvas')),
    ).toBeGreaterThan(0.01);
    await page.screenshot({ path: join(SHOTS, 'arena-play-cartpole.png'), fullPage: true });

    // GridWorld is turn-based: one key, one step.
    await arena.locator('select[name=env]').selectOption('gridworld');
    await expect.poll(() => play.locator('[data-view=gridworld] canvas').count(), SLOW).toBe(1);
    await expect.poll(() => score.getAttribute('data-step'), SLOW).toBe('0');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => score.getAttribute('data-step'), SLOW).toBe('3');
    expect(await num(score, 'data-return')).toBeLessThan(0);
    await page.screenshot({ path: join(SHOTS, 'arena-play-gridworld.png'), fullPage: true });

    // 4. Q-learning on GridWorld: the learned values and arrows on the grid.
    await arena.locator('.arena-tabs button[data-mode=learn]').click();
    expect(await arena.locator('select[name=algo]').inputValue()).toBe('q-learning');
    const grid = arena.locator('.watch-learn');
    await grid.locator('select[name=speed]').selectOption('max');
    await grid.locator('button[data-action=train]').click();
    await expect.poll(() => grid.getAttribute('data-table'), { timeout: 30_000 }).toBe('true');
    await expect
      .poll(() => num(grid, 'data-curve-points'), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(20);
    await page.waitForTimeout(600);
    expect(
      await canvasVariedShare(page, grid.locator('[data-view=gridworld] canvas')),
    ).toBeGreaterThan(0.05);
    await page.screenshot({ path: join(SHOTS, 'arena-learn-gridworld.png'), fullPage: true });
    await grid.locator('button[data-action=stop]').click();
    await expect.poll(() => grid.getAttribute('data-state'), { timeout: 30_000 }).toBe('stopped');

    // 5. Agent files: save in the browser; a bad upload is refused with its reason.
    const files = arena.locator('.agent-files');
    const message = files.locator('.model-message');
    await files.locator('input[name=agentName]').fill('e2e-grid');
    await files.locator('button[data-action=save-agent]').click();
    await expect.poll(() => message.textContent(), SLOW).toMatch(/Saved "e2e-grid": gridworld/);
    await files.locator('input[type=file]').setInputFiles({
      name: 'broken.gaa',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('not an agent at all'),
    });
    await expect
      .poll(() => message.textContent(), { timeout: 30_000 })
      .toMatch(/broken\.gaa was not loaded: agent file: /);
    expect(await message.getAttribute('class')).toMatch(/error/);
    await files.locator('select[name=savedAgents]').selectOption('e2e-grid');
    await files.locator('button[data-action=load-agent]').click();
    await expect
      .poll(() => message.textContent(), { timeout: 30_000 })
      .toMatch(/Loaded "e2e-grid": gridworld · Q-learning/);
    expect(await arena.getAttribute('data-mode')).toBe('trained');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('fits a phone screen in the light theme, with touch buttons for play', async () => {
    const { page, errors } = await open('#arena', {
      width: 390,
      height: 844,
      colorScheme: 'light',
    });
    const arena = page.locator('.arena');
    await page.waitForSelector('.watch-learn [data-view=cartpole] canvas');
    await page.waitForTimeout(300);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'arena-narrow-learn.png'), fullPage: true });
    await arena.locator('select[name=env]').selectOption('snake');
    await arena.locator('.arena-tabs button[data-mode=play]').click();
    const play = arena.locator('.play-yourself');
    await page.waitForSelector('.play-yourself [data-view=snake] canvas');
    await play.locator('.touch-pad button[aria-label=down]').click();
    await expect.poll(() => num(play.locator('.play-score'), 'data-step'), SLOW).toBeGreaterThan(0);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'arena-narrow-play.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
