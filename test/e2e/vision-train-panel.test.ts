/**
 * "Train it here" on the Vision page in Chromium: a new grid detector trains a short run in
 * its worker with the loss and the held-out curve growing live, pauses (the step counter
 * stands still), resumes and is stopped; the model is downloaded as a .gav, saved in the
 * browser, and loaded back from both, refusing a broken file in words; the live view then
 * looks through it as "Trained in this browser". The FCN trains a few steps and reports its
 * mean IoU with a confusion matrix. Screenshots go to test-results/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CurvePoint } from '../../src/app/vision/train-panel';
import { e2eSession } from '../helpers/e2e-session';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const SLOW = { timeout: 90_000 };
const session = e2eSession({ shots: SHOTS });

/** The Vision page on wasm with the live demo paused, so training has the cores. */
async function openPanel(): Promise<{ page: Page; errors: string[]; panel: Locator }> {
  const { page, errors } = await session.open('?backend=wasm#vision');
  const live = page.locator('.vision-live');
  // No camera in this browser: the demo falls back to generated scenes; pause it.
  await expect.poll(() => live.getAttribute('data-camera'), SLOW).not.toMatch(/^(starting|on)$/);
  await page.click('[data-action="pause-live"]');
  await expect.poll(() => live.getAttribute('data-paused')).toBe('true');
  const panel = page.locator('.vision-train');
  await expect.poll(() => panel.getAttribute('data-state'), SLOW).toBe('idle');
  return { page, errors, panel };
}

async function settings(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values))
    await page.locator(`.vision-train input[name="${name}"]`).fill(value);
}

const steps = async (panel: Locator) => Number((await panel.getAttribute('data-steps')) ?? 0);
const curve = async (panel: Locator): Promise<CurvePoint[]> =>
  JSON.parse((await panel.getAttribute('data-curve')) ?? '[]') as CurvePoint[];

describe('Train it here', () => {
  it('trains a grid detector live, pauses, resumes and stops; saves, loads and uses it', async () => {
    const { page, errors, panel } = await openPanel();
    const status = panel.locator('.lab-status');
    const buttons = {
      train: panel.locator('[data-action="train-vision"]'),
      pause: panel.locator('[data-action="pause-vision"]'),
      stop: panel.locator('[data-action="stop-vision"]'),
    };
    expect(await buttons.pause.isDisabled()).toBe(true);
    expect(await buttons.stop.isDisabled()).toBe(true);
    const trainedOption = page.locator('.vision-live select[name="model"] option[value="trained"]');
    expect(await trainedOption.isDisabled()).toBe(true);
    // Nothing to save before a model exists.
    await panel.locator('[data-action="download-model"]').click();
    await expect
      .poll(() => panel.locator('.model-message').textContent(), SLOW)
      .toMatch(/Nothing to save yet/);
    const lossChart = panel.locator('.ga-line-chart').first();
    const emptyChart = await lossChart.screenshot();

    // More steps than the test waits for: it is stopped by hand. Scored every 10 steps.
    await settings(page, { steps: '1000', evalEvery: '10', batch: '4' });
    await buttons.train.click();
    expect(await panel.getAttribute('data-state')).toBe('running');
    await expect.poll(() => steps(panel), SLOW).toBeGreaterThan(2);
    await expect.poll(() => status.textContent(), SLOW).toMatch(/^Step \d+\/1000: loss [\d.]+/);
    const loss = Number(await panel.getAttribute('data-last-loss'));
    expect(Number.isFinite(loss) && loss > 0).toBe(true);
    // The held-out curve gains a point every 10 steps.
    await expect.poll(async () => (await curve(panel)).length, SLOW).toBeGreaterThan(0);
    const [first] = await curve(panel);
    expect(first.step).toBe(10);
    expect(first.headline).toBeGreaterThanOrEqual(0);
    expect(first.headline).toBeLessThanOrEqual(1);
    expect(first.loss).not.toBeNull();
    // The loss chart is drawn: no longer the empty one.
    expect((await lossChart.screenshot()).equals(emptyChart)).toBe(false);
    expect(await panel.locator('.ga-scene-grid').getAttribute('aria-label')).toMatch(
      /6 scenes, \d+ predicted boxes/,
    );

    // Pause: the worker says so and the step counter stands still.
    await buttons.pause.click();
    expect(await buttons.pause.textContent()).toBe('Resume');
    await expect.poll(() => status.textContent(), SLOW).toBe('Paused');
    const held = await steps(panel);
    await page.waitForTimeout(3000);
    expect(await steps(panel)).toBe(held);
    expect(await status.textContent()).toBe('Paused');
    // Resume: it counts on and the curve grows.
    await buttons.pause.click();
    expect(await buttons.pause.textContent()).toBe('Pause');
    await expect.poll(() => steps(panel), SLOW).toBeGreaterThan(held);
    const points = (await curve(panel)).length;
    await expect.poll(async () => (await curve(panel)).length, SLOW).toBeGreaterThan(points);
    await page.screenshot({ path: join(SHOTS, 'vision-train-running.png'), fullPage: true });

    // Stop: the run ends early and says so; its model becomes the live view's choice.
    await buttons.stop.click();
    await expect.poll(() => panel.getAttribute('data-state'), SLOW).toBe('stopped');
    const ran = await steps(panel);
    expect(ran).toBeLessThan(1000);
    expect(await status.textContent()).toMatch(/^Stopped after \d+ steps \([\d.]+ scenes\/s\)/);
    // The buttons come back once the model has gone to the live view.
    await expect.poll(() => buttons.train.isDisabled(), SLOW).toBe(false);
    expect(await buttons.pause.isDisabled()).toBe(true);
    expect(await buttons.stop.isDisabled()).toBe(true);
    await expect.poll(() => trainedOption.isDisabled(), SLOW).toBe(false);

    // Download the .gav, then load it back through the file input.
    const message = panel.locator('.model-message');
    const [download] = await Promise.all([
      page.waitForEvent('download', SLOW),
      panel.locator('[data-action="download-model"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('my-vision-model.gav');
    const path = join(process.cwd(), 'test-results', 'vision-train-e2e.gav');
    await download.saveAs(path);
    const bytes = readFileSync(path);
    expect(bytes.length).toBeGreaterThan(10_000);
    await expect
      .poll(() => message.textContent(), SLOW)
      .toBe(`Downloaded my-vision-model.gav (${bytes.length.toLocaleString('en-US')} bytes).`);
    const file = panel.locator('.model-panel input[type="file"]');
    await file.setInputFiles({
      name: 'my-vision-model.gav',
      mimeType: 'application/octet-stream',
      buffer: bytes,
    });
    await expect
      .poll(() => message.textContent(), SLOW)
      .toMatch(/^Loaded my-vision-model\.gav: grid-detector, [\d,]+ parameters\.$/);
    // A file that is not a model is refused in words.
    await file.setInputFiles({
      name: 'broken.gav',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('not a vision model'),
    });
    await expect.poll(() => message.textContent(), SLOW).toMatch(/^broken\.gav was not loaded: /);
    expect(await message.getAttribute('class')).toMatch(/error/);
    // Saved in the browser under a name, listed, and loaded from the list.
    await panel.locator('input[name="visionModelName"]').fill('e2e-detector');
    await panel.locator('[data-action="save-model"]').click();
    await expect
      .poll(() => message.textContent(), SLOW)
      .toMatch(/^Saved "e2e-detector": grid-detector, \d+ KB\.$/);
    expect(await panel.locator('select[name="visionSaved"]').inputValue()).toBe('e2e-detector');
    await panel.locator('[data-action="load-model"]').click();
    await expect
      .poll(() => message.textContent(), SLOW)
      .toMatch(/^Loaded "e2e-detector": grid-detector, [\d,]+ parameters\.$/);

    // The live view looks through the model trained here.
    const live = page.locator('.vision-live');
    await page.selectOption('.vision-live select[name="model"]', 'trained');
    await page.click('[data-action="pause-live"]');
    const from = Number(await live.getAttribute('data-frames'));
    await expect
      .poll(async () => Number(await live.getAttribute('data-frames')), SLOW)
      .toBeGreaterThan(from + 2);
    expect(await live.getAttribute('data-paused')).toBe('false');
    expect(await live.locator('.vision-message').textContent()).not.toMatch(/could not look/);
    await page.screenshot({ path: join(SHOTS, 'vision-train-stopped.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 240_000);

  it('trains the FCN a few steps and reports its mean IoU and confusion matrix', async () => {
    const { page, errors, panel } = await openPanel();
    await page.selectOption('.vision-train select[name="task"]', 'segment');
    await settings(page, { steps: '6', evalEvery: '3', batch: '4' });
    await panel.locator('[data-action="train-vision"]').click();
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 180_000 }).toBe('done');
    const status = await panel.locator('.lab-status').textContent();
    expect(status).toMatch(/^Done after 6 steps \([\d.]+ scenes\/s\), held-out mean IoU 0\.\d{3}/);
    const score = Number(await panel.getAttribute('data-score'));
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(1);
    const points = await curve(panel);
    expect(points.map((p) => p.step)).toEqual([3, 6]);
    expect(points[1].headline).toBeCloseTo(score, 6);
    // The segmenter shows a confusion matrix where the detector shows PR curves.
    const matrix = panel.locator('.ga-confusion-matrix');
    expect(await matrix.isVisible()).toBe(true);
    expect(await matrix.getAttribute('aria-label')).toMatch(/11 classes, mean of the diagonal/);
    const charts = panel.locator('.ga-line-chart');
    expect(await charts.nth(2).isVisible()).toBe(false);
    await expect
      .poll(
        () =>
          page.locator('.vision-live select[name="model"] option[value="trained"]').isDisabled(),
        SLOW,
      )
      .toBe(false);
    // Saved in the browser, it is listed as the FCN it is, whatever the form shows now.
    await page.selectOption('.vision-train select[name="task"]', 'detect');
    await panel.locator('input[name="visionModelName"]').fill('e2e-fcn');
    await panel.locator('[data-action="save-model"]').click();
    await expect
      .poll(() => panel.locator('.model-message').textContent(), SLOW)
      .toMatch(/^Saved "e2e-fcn": fcn, \d+ KB\.$/);
    await page.screenshot({ path: join(SHOTS, 'vision-train-fcn.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 240_000);
});
