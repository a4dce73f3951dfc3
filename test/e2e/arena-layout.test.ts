/**
 * The Arena's game, its controls and its return curve share the first screen: at 1280x800
 * the env view, the Train button and the return chart lie inside the viewport without
 * scrolling; on a 390x844 phone the game and its controls do. The explanations are folded
 * into a "What is this?" that opens on a click. Screenshots: test-results/screenshots/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchErrors } from '../helpers/browser';
import { e2eSession } from '../helpers/e2e-session';

const SLOW = { timeout: 30_000 };
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const session = e2eSession({ shots: SHOTS });

/** The element's box in page pixels at scroll 0, or null when it is not laid out. */
async function box(page: Page, selector: string): Promise<{ top: number; bottom: number } | null> {
  return page
    .locator(selector)
    .first()
    .evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.height > 0 ? { top: r.top + scrollY, bottom: r.bottom + scrollY } : null;
    });
}

async function openArena(width: number, height: number, env: string): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width, height } });
  const errors = watchErrors(page);
  page.on('close', () => expect(errors).toEqual([]));
  await page.goto(new URL(`/?backend=cpu#arena?env=${env}`, session.base).href);
  await expect.poll(() => page.locator('.watch-learn canvas').count(), SLOW).toBeGreaterThan(1);
  return page;
}

describe('the Arena in one view', () => {
  for (const env of ['cartpole', 'catch', 'gridworld']) {
    it(`at 1280x800 the ${env} game, its Train button and its return curve are in the first screen`, async () => {
      const page = await openArena(1280, 800, env);
      for (const part of [
        '.arena-view canvas',
        '[data-action=train]',
        '[data-chart=return] canvas',
      ]) {
        const b = await box(page, `.watch-learn ${part}`);
        expect(b, part).not.toBeNull();
        expect(b!.bottom, `${part} bottom`).toBeLessThanOrEqual(800);
      }
      // The explanations are folded: one click shows them, with the backend's reason.
      const why = page.locator('.arena details.why');
      expect(await why.getAttribute('open')).toBeNull();
      expect(await page.locator('.arena .backend-line').isVisible()).toBe(false);
      await why.locator('summary').click();
      expect(await page.locator('.arena .backend-line').isVisible()).toBe(true);
      await page.screenshot({ path: join(SHOTS, `arena-layout-1280-${env}.png`) });
      await page.close();
    }, 60_000);
  }

  it('on a 390x844 phone the game and its controls are in the first screen', async () => {
    const page = await openArena(390, 844, 'cartpole');
    for (const part of ['.arena-view canvas', '[data-action=train]', 'select[name=speed]']) {
      const b = await box(page, `.watch-learn ${part}`);
      expect(b, part).not.toBeNull();
      expect(b!.bottom, `${part} bottom`).toBeLessThanOrEqual(844);
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'arena-layout-390.png') });
    await page.close();
  }, 60_000);
});
