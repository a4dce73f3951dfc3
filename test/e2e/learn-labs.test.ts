/**
 * The Learn area's small labs as a user sees them (issue 13 item 10):
 * - the perceptron's XOR mode: the sliders shown are the weights of the lines drawn (one
 *   group per perceptron: s1, s2 and the output y), moving one moves its line, and the nine
 *   weights survive a reload through the URL;
 * - the activation lab's slopes (derivatives) plot draws curves, and its toggle hides it;
 * - the Experiments page's overfitting panel draws its accuracy curves while it trains.
 * Screenshots go to test-results/screenshots/learn-labs-*.png.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { variedShare } from '../helpers/browser';
import { e2eSession } from '../helpers/e2e-session';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const SLOW = { timeout: 30_000 };
const session = e2eSession({ shots: SHOTS });

/** A reload cancels the requests in flight (a worker's script): not an error of the app. */
const unexpected = (errors: string[]): string[] => errors.filter((e) => !/ERR_ABORTED/.test(e));

/** The lines the perceptron plot drew, as [w1, w2, b] each (its data-lines). */
async function drawnLines(page: Page): Promise<number[][]> {
  const text = await page.locator('.ga-perceptron-plot').getAttribute('data-lines');
  return text ? (JSON.parse(text) as number[][]) : [];
}

/** The values of the named range inputs, as numbers. */
async function sliders(page: Page, names: string[]): Promise<number[]> {
  return Promise.all(
    names.map(async (n) => Number(await page.locator(`input[name=${n}]`).inputValue())),
  );
}

/** Moves a range input as a user would: a new value and an input event. */
async function slide(input: Locator, value: number): Promise<void> {
  await input.evaluate((el, v) => {
    (el as HTMLInputElement).value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

const hashParams = (page: Page): Promise<Record<string, string>> =>
  page.evaluate(() => {
    const cut = location.hash.indexOf('?');
    return Object.fromEntries(new URLSearchParams(cut < 0 ? '' : location.hash.slice(cut + 1)));
  });

const S1 = ['s1w1', 's1w2', 's1b'];
const S2 = ['s2w1', 's2w2', 's2b'];

describe('Learn labs', () => {
  it("the perceptron's XOR mode shows the sliders of the lines it draws, and moving one moves its line", async () => {
    const { page, errors } = await session.open('/#learn/perceptron');
    await page.locator('[data-preset=XOR]').click();
    await expect.poll(() => drawnLines(page), SLOW).toHaveLength(2);
    // The one-perceptron sliders are gone; three groups (s1, s2, y) show instead.
    expect(await page.locator('input[name=w1]').isVisible()).toBe(false);
    for (const n of [...S1, ...S2, 'yw1', 'yw2', 'yb'])
      expect(await page.locator(`input[name=${n}]`).isVisible(), n).toBe(true);
    // The book's XOR: s1 = NAND, s2 = OR, drawn with exactly the sliders' weights.
    expect(await sliders(page, S1)).toEqual([-0.5, -0.5, 0.7]);
    expect(await sliders(page, S2)).toEqual([0.5, 0.5, -0.2]);
    expect(await drawnLines(page)).toEqual([await sliders(page, S1), await sliders(page, S2)]);
    expect(await page.locator('.ga-perceptron-plot').getAttribute('aria-label')).toMatch(
      /s1 = NAND: .*; s2 = OR: /,
    );
    expect(await page.locator('table.truth tbody td.out').allTextContents()).toEqual([
      '0',
      '1',
      '1',
      '0',
    ]);
    await page.screenshot({ path: join(SHOTS, 'learn-labs-xor-1280.png'), fullPage: true });

    // Moving s2's bias moves the OR line (and nothing else); the heading stops calling it OR.
    await slide(page.locator('input[name=s2b]'), -0.6);
    await expect
      .poll(() => drawnLines(page))
      .toEqual([
        [-0.5, -0.5, 0.7],
        [0.5, 0.5, -0.6],
      ]);
    expect(await page.locator('.ga-two-layer h4').allTextContents()).toEqual([
      'Line s1 = NAND',
      'Line s2 = AND',
      'Output y = AND(s1, s2)',
    ]);
    // OR became AND: (1,0) and (0,1) now give 0, and the table marks them wrong for XOR.
    expect(await page.locator('table.truth tbody td.wrong').count()).toBe(2);
    await expect.poll(() => hashParams(page)).toMatchObject({ gate: 'XOR', s2b: '-0.6' });

    // A reload (or a shared link) opens the same nine weights.
    await page.reload();
    await expect
      .poll(() => drawnLines(page), SLOW)
      .toEqual([
        [-0.5, -0.5, 0.7],
        [0.5, 0.5, -0.6],
      ]);
    expect(await sliders(page, S2)).toEqual([0.5, 0.5, -0.6]);

    // Back to one perceptron: one group of sliders, one line, the same weights.
    await page.locator('[data-preset=AND]').click();
    await expect.poll(() => drawnLines(page)).toHaveLength(1);
    expect(await page.locator('input[name=s1w1]').isVisible()).toBe(false);
    expect(await drawnLines(page)).toEqual([await sliders(page, ['w1', 'w2', 'b'])]);
    expect(await hashParams(page)).not.toHaveProperty('s2b');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 120_000);

  it('the perceptron in XOR mode on a phone', async () => {
    const page = await session.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(new URL('/#learn/perceptron?gate=XOR', session.base).href);
    await expect.poll(() => drawnLines(page), SLOW).toHaveLength(2);
    // Every slider fits the screen's width.
    for (const n of [...S1, ...S2]) {
      const box = await page.locator(`input[name=${n}]`).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, n).toBe(true);
    }
    await page.screenshot({ path: join(SHOTS, 'learn-labs-xor-390.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it("the activation lab's slopes plot draws the derivatives, and its toggle hides it", async () => {
    const { page, errors } = await session.open('/#learn/activations');
    const slopes = page.locator('.ga-slope-plot canvas');
    const toggle = page.locator('input[name=slopes]');
    await expect.poll(() => slopes.isVisible(), SLOW).toBe(true);
    expect(await toggle.isChecked()).toBe(true);
    await page.waitForTimeout(500);
    const withCurves = await variedShare(page, await slopes.screenshot());
    await page.screenshot({ path: join(SHOTS, 'learn-labs-activations-1280.png'), fullPage: true });
    // With every function unticked only the axes remain: the curves made the difference.
    for (const f of ['step', 'sigmoid', 'tanh', 'relu'])
      await page.locator(`input[name=${f}]`).uncheck();
    await page.waitForTimeout(500);
    const axesOnly = await variedShare(page, await slopes.screenshot());
    expect(withCurves).toBeGreaterThan(axesOnly + 0.02);
    await page.locator('input[name=sigmoid]').check();

    await toggle.uncheck();
    expect(await slopes.isVisible()).toBe(false);
    await expect.poll(() => hashParams(page)).toMatchObject({ slopes: '0' });
    await page.reload();
    await expect.poll(() => page.locator('input[name=slopes]').isChecked(), SLOW).toBe(false);
    expect(await page.locator('.ga-slope-plot').isHidden()).toBe(true);
    await page.locator('input[name=slopes]').check();
    await expect.poll(() => slopes.isVisible()).toBe(true);
    await page.waitForTimeout(500);
    expect(await variedShare(page, await slopes.screenshot())).toBeGreaterThan(axesOnly + 0.01);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 60_000);

  it('the overfitting panel draws its accuracy curves while it trains', async () => {
    const { page, errors } = await session.open('/#learn/experiments?exp=overfit');
    const panel = page.locator('[data-experiment=overfit]');
    const chart = panel.locator('.slot canvas').last();
    await expect
      .poll(() => page.locator('.experiments-lab').getAttribute('data-ready'), { timeout: 60_000 })
      .toBe('true');
    const empty = await chart.screenshot();
    await panel.locator('[data-action=overfit]').click();
    let changedMidRun = false;
    for (let i = 0; i < 480 && (await panel.getAttribute('data-done')) === null; i++) {
      const now = await chart.screenshot();
      if (!now.equals(empty) && (await panel.getAttribute('data-done')) === null) {
        changedMidRun = true;
        break;
      }
      await page.waitForTimeout(250);
    }
    expect(changedMidRun).toBe(true);
    // A few more epochs, then look at it and stop: the run takes minutes.
    await page.waitForTimeout(4000);
    await panel.screenshot({ path: join(SHOTS, 'learn-labs-overfit-live.png') });
    await panel.locator('[data-action=stop-overfit]').click();
    await expect.poll(() => panel.getAttribute('data-done'), { timeout: 60_000 }).toBe('true');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 240_000);
});
