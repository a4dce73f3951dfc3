/**
 * End to end in Debian's Chromium: the built app, served by `vite preview` on 127.0.0.1.
 * WebGPU here is SwiftShader (a software adapter), so automatic mode must pick wasm and say
 * why; forcing webgpu must still train. Screenshots go to test-results/screenshots/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchErrors } from '../helpers/browser';
import { e2eSession } from '../helpers/e2e-session';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const session = e2eSession({ shots: SHOTS });

async function open(
  path: string,
  width = 1280,
  height = 800,
): Promise<{ page: Page; errors: string[] }> {
  const page = await session.browser.newPage({ viewport: { width, height } });
  const errors = watchErrors(page);
  await page.goto(new URL(path, session.base).href);
  return { page, errors };
}

describe('the app in Chromium', () => {
  it('loads with no console errors; automatic mode picks wasm because the adapter is a software fallback', async () => {
    const { page, errors } = await open('#learn/mnist');
    const status = page.locator('.mnist-lab .lab-status');
    await expect.poll(() => status.getAttribute('data-backend'), { timeout: 60_000 }).toBe('wasm');
    expect(await status.textContent()).toMatch(/software fallback/);
    await page.screenshot({ path: join(SHOTS, 'mnist-lab-start.png'), fullPage: true });
    for (const lab of ['perceptron', 'activations']) {
      await page.goto(new URL(`#learn/${lab}`, session.base).href);
      await page.waitForSelector(`[data-lab="${lab}"] canvas`);
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(SHOTS, `${lab}-lab.png`), fullPage: true });
    }
    // The experiments lab runs both chapter 6 experiments in the worker and draws them.
    await page.goto(new URL('#learn/experiments', session.base).href);
    await expect
      .poll(() => page.locator('.experiments-lab').getAttribute('data-ready'), { timeout: 60_000 })
      .toBe('true');
    const curves = page.locator('[data-experiment="weight-init-compare"]');
    await curves.locator('input[type=number]').fill('20');
    await curves.locator('button[data-action="weight-init-compare"]').click();
    await expect.poll(() => curves.getAttribute('data-done'), { timeout: 120_000 }).toBe('true');
    // A long one (6 x 2,000 steps) stops at a step boundary and says what it trained.
    const compare = page.locator('[data-experiment="optimizer-compare"]');
    const compareState = () => compare.locator('.ga-progress').getAttribute('data-state');
    await compare.locator('button[data-action="optimizer-compare"]').click();
    await expect.poll(compareState, { timeout: 60_000 }).toBe('running');
    await compare.locator('button[data-action="stop-optimizer-compare"]').click();
    await expect.poll(compareState, { timeout: 60_000 }).toBe('stopped');
    expect(await compare.locator('.ga-progress').textContent()).toMatch(
      /stopped after \d+ of 12000 steps: sgd/,
    );
    const filters = page.locator('[data-experiment="conv-filters"]');
    await filters.locator('button[data-action="conv-filters"]').click();
    await expect.poll(() => filters.getAttribute('data-done'), { timeout: 60_000 }).toBe('true');
    // Chapter 8: the shipped DeepConvNet's mistakes.
    const mistakes = page.locator('[data-experiment="misclassified"]');
    await mistakes.locator('button[data-action="misclassified"]').click();
    // Settled: done, or an error said in the status line; the value polled carries the status
    // text, so a failure (an error, or a timeout) says what the page said.
    const verdict = mistakes.locator('.status');
    const settled = async () => {
      const done = (await mistakes.getAttribute('data-done')) === 'true';
      const failed = /\berror\b/.test((await verdict.getAttribute('class')) ?? '');
      return `${done || failed ? '' : 'pending: '}${await verdict.textContent()}`;
    };
    await expect.poll(settled, { timeout: 300_000, interval: 1000 }).not.toMatch(/^pending/);
    expect(`${await verdict.textContent()} (console: ${errors.join(' | ')})`).toMatch(
      /^\d+ of 10,000 test images wrong/,
    );
    // (The float16 button runs two more passes over the test set; its function is covered by
    // test/unit/half-precision.test.ts and the CLI test, so the suite stays within its budget.)
    await page.screenshot({ path: join(SHOTS, 'experiments-lab.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
    // Up to 10 minutes: the chapter 8 panel runs a DeepConvNet over the test set three times
    // on wasm, and CI machines may be slower than ours.
  }, 600_000);

  it('with webgpu forced, the MNIST lab trains a TwoLayerNet in the worker and the loss chart falls', async () => {
    const { page, errors } = await open('?backend=webgpu#learn/mnist');
    const lab = page.locator('.mnist-lab');
    await expect
      .poll(() => lab.locator('.lab-status').getAttribute('data-backend'), { timeout: 60_000 })
      .toBe('webgpu');
    await lab.locator('select[name=net]').selectOption('two-layer');
    await lab.locator('input[name=trainSize]').fill('2000');
    await lab.locator('input[name=epochs]').fill('2');
    // Adam leaves the 2.3 plateau of a small-init net within a few dozen steps (SGD needs hundreds).
    await lab.locator('select[name=optimizer]').selectOption('adam');
    await lab.locator('input[name=lr]').fill('0.005');
    await lab.locator('button[data-action=train]').click();
    await expect
      .poll(() => lab.getAttribute('data-state'), { timeout: 240_000, interval: 1000 })
      .toBe('done');
    const steps = Number(await lab.getAttribute('data-steps'));
    const first = Number(await lab.getAttribute('data-first-loss'));
    const last = Number(await lab.getAttribute('data-last-loss'));
    expect(steps).toBe(40);
    expect(last).toBeLessThan(first * 0.8);
    expect(await lab.locator('.lab-status').textContent()).toMatch(/on webgpu/);
    await page.screenshot({ path: join(SHOTS, 'mnist-lab-trained-webgpu.png'), fullPage: true });
    // Save in IndexedDB, load it back; a corrupt upload is refused with its reason.
    const message = lab.locator('.model-message');
    await lab.locator('input[name=modelName]').fill('e2e-net');
    await lab.getByRole('button', { name: 'Save in browser' }).click();
    await expect.poll(() => message.textContent(), { timeout: 30_000 }).toMatch(/Saved "e2e-net"/);
    await lab.locator('select[name=saved]').selectOption('e2e-net');
    await lab.getByRole('button', { name: 'Load', exact: true }).click();
    await expect
      .poll(() => message.textContent(), { timeout: 60_000 })
      .toMatch(/Loaded "e2e-net": two-layer/);
    await lab.locator('input[type=file]').setInputFiles({
      name: 'broken.gam',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('not a model at all'),
    });
    await expect
      .poll(() => message.textContent(), { timeout: 30_000 })
      .toMatch(/broken\.gam was not loaded: .*model file: not a Gradient Arcade model/);
    expect(await message.getAttribute('class')).toMatch(/error/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the digit pad reads a drawn 1 and a drawn 7 with the shipped weights, and switches shipped nets', async () => {
    const { page, errors } = await open('#learn/pad');
    const lab = page.locator('.digit-pad-lab');
    await expect.poll(() => lab.getAttribute('data-model'), { timeout: 60_000 }).toBe('shipped');
    const pad = lab.locator('canvas.ga-digit-pad-surface');
    const box = (await pad.boundingBox())!;
    const stroke = async (points: Array<[number, number]>) => {
      await page.mouse.move(box.x + points[0][0] * box.width, box.y + points[0][1] * box.height);
      await page.mouse.down();
      for (const [x, y] of points.slice(1))
        await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 8 });
      await page.mouse.up();
    };
    await stroke([
      [0.52, 0.15],
      [0.5, 0.5],
      [0.48, 0.85],
    ]);
    await expect.poll(() => lab.getAttribute('data-prediction'), { timeout: 30_000 }).toBe('1');
    await page.screenshot({ path: join(SHOTS, 'digit-pad-1.png'), fullPage: true });
    await lab.locator('button[data-action=clear]').click();
    await stroke([
      [0.25, 0.2],
      [0.75, 0.2],
      [0.55, 0.5],
      [0.4, 0.85],
    ]);
    await expect.poll(() => lab.getAttribute('data-prediction'), { timeout: 30_000 }).toBe('7');
    await page.screenshot({ path: join(SHOTS, 'digit-pad-7.png'), fullPage: true });
    // The default is the augmented DeepConvNet; the SimpleConvNet reads the same drawing.
    expect(await lab.getAttribute('data-shipped')).toBe('deep-conv-augmented');
    await lab.locator('select[data-action=shipped-net]').selectOption('simple-conv');
    await expect
      .poll(() => lab.getAttribute('data-shipped'), { timeout: 30_000 })
      .toBe('simple-conv');
    await expect.poll(() => lab.getAttribute('data-prediction'), { timeout: 30_000 }).toBe('7');
    expect(await lab.locator('[role=status]').textContent()).toMatch(/SimpleConvNet/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works on a narrow screen', async () => {
    const { page, errors } = await open('#learn/mnist', 390, 844);
    await page.waitForSelector('.mnist-lab canvas');
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SHOTS, 'mnist-lab-narrow.png'), fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
