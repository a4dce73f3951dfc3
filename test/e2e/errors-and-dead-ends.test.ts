/**
 * Errors and empty states speak to the user (issue 13 items 8 and 9): a wrong value is marked
 * at its field and keeps Train from running; the digit pad asked for the MNIST lab's net before
 * there is one says what to do, in words. The built app, served by `vite preview`.
 */
import type { Browser, Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchErrors } from '../helpers/browser';

const SLOW = { timeout: 30_000 };
const OUT_DIR = 'test-results/dist-dead-ends';
let server: PreviewServer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  await build({ logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
  server = await preview({
    build: { outDir: OUT_DIR },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  base = server.resolvedUrls?.local[0] ?? '';
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => server?.httpServer.close(() => r()));
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(new URL(path, base).href);
  return { page, errors };
}

describe('errors at the field', () => {
  it('a negative learning rate is marked at its field, said in words, and Train does not run', async () => {
    const { page, errors } = await open('/?backend=cpu#learn/mnist');
    const lab = page.locator('section.mnist-lab');
    await expect.poll(() => lab.getAttribute('data-state'), SLOW).toBe('idle');
    const lr = page.locator('input[name=lr]');
    await lr.fill('-0.1');
    const message = page.locator('input[name=lr] + .field-error');
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await message.textContent()).toBe(
      'Learning rate -0.1 is out of range: use a number more than 0 to 10.',
    );
    expect(await lr.getAttribute('aria-invalid')).not.toBeNull();
    await page.locator('button[data-action=train]').click();
    expect(await lab.getAttribute('data-state')).toBe('idle');
    expect(await lab.locator('.lab-status').textContent()).toMatch(/^Fix the marked field first/);
    // Nothing stale or empty stands in for results before a run.
    expect(await lab.locator('.samples-panel').isVisible()).toBe(false);
    await page.screenshot({ path: 'test-results/mnist-lr-error.png' });
    await lr.fill('0.1');
    await expect.poll(() => message.isVisible()).toBe(false);
    expect(await lr.getAttribute('aria-invalid')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("the digit pad asked for the lab's net before one exists says what to do and keeps reading", async () => {
    const { page, errors } = await open('/?backend=cpu#learn/pad');
    const pad = page.locator('section.digit-pad-lab');
    await expect.poll(() => pad.getAttribute('data-model'), SLOW).toBe('shipped');
    // One net picker: no buttons doing what the select does.
    expect(await pad.locator('[data-action=use-shipped], [data-action=use-lab]').count()).toBe(0);
    await pad.locator('select[data-action=shipped-net]').selectOption('lab');
    await expect.poll(() => pad.getAttribute('data-lab-net'), SLOW).toBe('missing');
    const text = (await pad.locator('p[role=status]').textContent()) ?? '';
    expect(text).toMatch(/The MNIST lab has no net yet\. Open Learn → MNIST lab, train a net/);
    expect(text).not.toMatch(/createNet|load\(\)/);
    expect(await pad.locator('select[data-action=shipped-net]').inputValue()).toBe(
      'deep-conv-augmented',
    );
    await page.screenshot({ path: 'test-results/pad-no-lab-net.png' });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
