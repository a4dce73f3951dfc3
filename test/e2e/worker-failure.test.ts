/**
 * A worker that dies must not leave the page waiting: in Debian's Chromium, the Arena's agent
 * worker is ended from outside (it closes itself, as an out-of-memory kill would end it,
 * without any event to the page) while it trains. The page must say what happened, offer a
 * restart, and train again on a fresh worker after it.
 */
import { describe, expect, it } from 'vitest';
import { e2eSession } from '../helpers/e2e-session';

const session = e2eSession();

describe('a worker that dies', () => {
  it('the Arena says so, offers a restart, and trains again after it', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(new URL('#arena', session.base).href);
    const arena = page.locator('.arena');
    await expect
      .poll(() => arena.locator('.backend-line').getAttribute('data-backend'), { timeout: 60_000 })
      .toMatch(/^(wasm|cpu)$/);
    const learn = arena.locator('.watch-learn');
    const steps = async () => Number((await learn.getAttribute('data-steps')) ?? 0);
    await learn.locator('button[data-action=train]').click();
    await expect.poll(steps, { timeout: 60_000 }).toBeGreaterThan(0);

    const agentWorker = page.workers().find((w) => /agent/.test(w.url()));
    expect(
      agentWorker,
      page
        .workers()
        .map((w) => w.url())
        .join(', '),
    ).toBeDefined();
    await agentWorker!.evaluate(() => (self as unknown as { close(): void }).close());

    const banner = page.locator('.worker-failure[role=alert]');
    await expect.poll(() => banner.count(), { timeout: 40_000 }).toBe(1);
    expect(await banner.textContent()).toMatch(
      /the agent worker stopped answering .*The agent trained or loaded last and the agents saved in this browser are kept/,
    );
    // The run that was going ends with the reason instead of waiting for ever.
    await expect.poll(() => learn.getAttribute('data-state'), { timeout: 10_000 }).toBe('error');
    expect(await learn.locator('.run-status').textContent()).toMatch(/stopped answering/);

    const stepsWhenKilled = await steps();
    await banner.locator('button[data-action=restart-worker]').click();
    await expect.poll(() => banner.count(), { timeout: 60_000 }).toBe(0);
    await learn.locator('button[data-action=train]').click();
    await expect.poll(() => learn.getAttribute('data-state'), { timeout: 60_000 }).toBe('running');
    // A fresh agent on the fresh worker: its step count starts again and moves.
    await expect
      .poll(async () => (await steps()) !== stepsWhenKilled, { timeout: 60_000 })
      .toBe(true);
    await page.close();
  }, 240_000);
});
