/**
 * MNIST loading says how far it is and is kept for the next visit: the first Train reports
 * the bytes read (about 55 MB) on the status line and the progress bar, the four files land
 * in Cache Storage, and after a reload the second load reads them from there.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchErrors } from '../helpers/browser';
import { e2eSession } from '../helpers/e2e-session';

const session = e2eSession();

/** Clicks Train and waits for MNIST to load; the seconds it took and the lab's last report. */
async function trainOnce(page: Page): Promise<{ seconds: number; bytes: number; cached: string }> {
  const lab = page.locator('section.mnist-lab');
  const start = Date.now();
  await page.locator('form.lab-form button.primary').click();
  await expect.poll(() => lab.getAttribute('data-net'), { timeout: 90_000 }).toBe('two-layer');
  return {
    seconds: (Date.now() - start) / 1000,
    bytes: Number(await lab.getAttribute('data-mnist-bytes')),
    cached: (await lab.getAttribute('data-mnist-cached')) ?? '',
  };
}

describe('MNIST loading', () => {
  it('shows the bytes as they come and is read from Cache Storage on the next visit', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(new URL('/?backend=cpu#learn/mnist?epochs=1&trainSize=100', session.base).href);
    await page.locator('form.lab-form button.primary').waitFor();
    const first = await trainOnce(page);
    expect(first.bytes).toBeGreaterThan(50e6);
    expect(first.cached).toBe('false');
    const keys = await page.evaluate(async () =>
      (await (await caches.open('gradient-arcade-mnist-v1')).keys()).map((r) => r.url),
    );
    expect(keys).toHaveLength(4);

    await page.locator('[data-action=stop], form.lab-form button:has-text("Stop")').first().click();
    await page.reload();
    await page.locator('form.lab-form button.primary').waitFor();
    const second = await trainOnce(page);
    expect(second.cached).toBe('true');
    expect(second.bytes).toBe(first.bytes);
    console.log(
      `MNIST load: first ${first.seconds.toFixed(1)} s, cached ${second.seconds.toFixed(1)} s`,
    );
    expect(errors.filter((e) => !/ERR_ABORTED/.test(e))).toEqual([]);
    await context.close();
  }, 240_000);
});
