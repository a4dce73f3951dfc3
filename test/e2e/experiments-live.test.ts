/**
 * The Experiments page's comparison charts stream while they train: after "Train and
 * compare" the optimizer chart changes before the run is done (it used to wait for the end),
 * and its loss axis is a log one so RMSProp's early spike leaves the other curves readable.
 * Screenshots (mid-run and done) go to test-results/screenshots/experiments-live-*.png.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchErrors } from '../helpers/browser';
import { e2eSession } from '../helpers/e2e-session';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const session = e2eSession({ shots: SHOTS });

describe('live experiment charts', () => {
  it('the optimizer comparison draws its curves while it trains', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(
      new URL(
        '/#learn/experiments?exp=optimizer-compare&optimizer-compare-iterations=150',
        session.base,
      ).href,
    );
    const panel = page.locator('[data-experiment=optimizer-compare]');
    const chart = panel.locator('.slot canvas').last();
    await expect
      .poll(() => page.locator('.experiments-lab').getAttribute('data-ready'), {
        timeout: 60_000,
      })
      .toBe('true');
    const empty = await chart.screenshot();
    await panel.locator('[data-action=optimizer-compare]').click();
    let changedMidRun = false;
    for (let i = 0; i < 400 && (await panel.getAttribute('data-done')) === null; i++) {
      const now = await chart.screenshot();
      if (!now.equals(empty) && (await panel.getAttribute('data-done')) === null) {
        changedMidRun = true;
        await page.screenshot({ path: join(SHOTS, 'experiments-live-midrun.png') });
        break;
      }
      await page.waitForTimeout(250);
    }
    expect(changedMidRun).toBe(true);
    await expect.poll(() => panel.getAttribute('data-done'), { timeout: 120_000 }).toBe('true');
    await panel.screenshot({ path: join(SHOTS, 'experiments-live-done.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
