/**
 * The Arena says what to expect and starts at speeds that show learning (issue 13 item 6):
 * GridWorld at 60 steps/s, the DQN games flat out, each game's status saying how long it needs
 * here; dense return series are binned (means of wider bins) so Catch's +-1 returns read as a
 * curve. The built app, served by `vite preview`.
 */
import { describe, expect, it } from 'vitest';
import { e2eSession } from '../helpers/e2e-session';

const SLOW = { timeout: 30_000 };
const session = e2eSession();

describe('what to expect in the Arena', () => {
  it('each game starts at a speed that shows learning and says how long it needs', async () => {
    const { page, errors } = await session.open('/?backend=cpu#arena?env=gridworld');
    const status = page.locator('.watch-learn .run-status');
    await expect.poll(() => page.locator('select[name=speed]').inputValue(), SLOW).toBe('60');
    await expect.poll(() => status.textContent(), SLOW).toMatch(/Q-table learns GridWorld/);
    for (const [env, text] of [
      ['breakout', /Breakout needs about 3 minutes/],
      ['snake', /Snake needs about 3 minutes/],
      ['catch', /Catch needs well under a minute/],
    ] as const) {
      await page.locator('select[name=env]').selectOption(env);
      await expect.poll(() => status.textContent(), SLOW).toMatch(text);
      expect(await page.locator('select[name=speed]').inputValue()).toBe('max');
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("Catch's returns are binned once they crowd the chart", async () => {
    const { page, errors } = await session.open('/?backend=cpu#arena?env=catch');
    const learn = page.locator('.watch-learn');
    await expect.poll(() => learn.getAttribute('data-state'), SLOW).toBe('idle');
    await page.locator('[data-action=train]').click();
    await expect
      .poll(() => learn.getAttribute('data-curve-points').then(Number), { timeout: 60_000 })
      .toBeGreaterThan(250);
    expect(Number(await learn.getAttribute('data-bin-size'))).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: 'test-results/catch-binned.png' });
    await page.locator('[data-action=stop]').click();
    await expect.poll(() => learn.getAttribute('data-state'), SLOW).toBe('stopped');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
