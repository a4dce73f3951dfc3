/**
 * Errors and empty states speak to the user (issue 13 items 8 and 9): a wrong value is marked
 * at its field and keeps Train from running; the digit pad asked for the MNIST lab's net before
 * there is one says what to do, in words. The built app, served by `vite preview`.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eSession } from '../helpers/e2e-session';

const SLOW = { timeout: 30_000 };
const session = e2eSession();

describe('errors at the field', () => {
  it('a negative learning rate is marked at its field, said in words, and Train does not run', async () => {
    const { page, errors } = await session.open('/?backend=cpu#learn/mnist');
    const lab = page.locator('section.mnist-lab');
    await expect.poll(() => lab.getAttribute('data-state'), SLOW).toBe('idle');
    // The backend's line comes first; the field's message must not be overwritten by it.
    await expect
      .poll(() => lab.locator('.lab-status').getAttribute('data-backend'), SLOW)
      .not.toBeNull();
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
    const { page, errors } = await session.open('/?backend=cpu#learn/pad');
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

/** Selects whose longest option is wider than the box shows (the arrow takes ~22 px). */
const cutSelects = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return ['no canvas'];
    const cut: string[] = [];
    for (const s of Array.from(document.querySelectorAll('select'))) {
      if (s.offsetParent === null) continue;
      const style = getComputedStyle(s);
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = s.clientWidth - parseFloat(style.paddingLeft) - 22;
      for (const o of Array.from(s.options)) {
        if (ctx.measureText(o.text).width > room) cut.push(`${s.name}: ${o.text}`);
      }
    }
    return cut;
  });

describe('no dead ends', () => {
  it('GridWorld with no agent to watch says why and offers training it or another game', async () => {
    const { page, errors } = await session.open('/?backend=cpu#arena?env=gridworld&mode=trained');
    const mode = page.locator('.watch-trained');
    await expect.poll(() => mode.getAttribute('data-empty'), SLOW).toBe('true');
    expect(await mode.textContent()).toMatch(/No trained GridWorld agent ships with the app/);
    // No game or Q-value panel waiting for an agent that cannot come.
    expect(await mode.locator('[data-view], [data-panel]').count()).toBe(0);
    await page.screenshot({ path: 'test-results/gridworld-empty.png' });
    await mode.locator('[data-action=watch-other][data-env=catch]').click();
    const arena = page.locator('section.arena');
    await expect.poll(() => arena.getAttribute('data-env'), SLOW).toBe('catch');
    expect(await arena.getAttribute('data-mode')).toBe('trained');
    await expect.poll(() => page.locator('[data-action=play]').isEnabled(), SLOW).toBe(true);
    await page.locator('select[name=env]').selectOption('gridworld');
    await page.locator('.watch-trained [data-action=train-here]').click();
    await expect.poll(() => arena.getAttribute('data-mode'), SLOW).toBe('learn');
    expect(await arena.getAttribute('data-env')).toBe('gridworld');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('coming back to "Watch it learn" after training shows the panels as the run left them', async () => {
    const { page, errors } = await session.open(
      '/?backend=cpu#arena?env=catch&mode=learn&speed=max',
    );
    const learn = page.locator('.watch-learn');
    await expect.poll(() => learn.getAttribute('data-state'), SLOW).toBe('idle');
    // Before any run the game shows its first state rather than waiting.
    expect(await learn.getAttribute('data-panels')).toBe('first-state');
    await page.locator('[data-action=train]').click();
    await expect
      .poll(() => learn.getAttribute('data-snapshots').then(Number), SLOW)
      .toBeGreaterThan(5);
    await page.locator('[data-action=stop]').click();
    await expect.poll(() => learn.getAttribute('data-state'), SLOW).toBe('stopped');
    await page.locator('.arena-tabs [data-mode=trained]').click();
    await expect.poll(() => page.locator('.watch-trained').count(), SLOW).toBe(1);
    await page.locator('.arena-tabs [data-mode=learn]').click();
    const back = page.locator('.watch-learn');
    await expect.poll(() => back.getAttribute('data-panels'), SLOW).toBe('last-run');
    expect(await back.getAttribute('data-q-values')).toBe('true');
    expect(await back.getAttribute('data-stats')).toBe('true');
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'test-results/learn-return.png' });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('every select shows its options whole (Arena modes, MNIST lab)', async () => {
    for (const [path, ready] of [
      ['/?backend=cpu#arena?env=cartpole&mode=learn', '.watch-learn'],
      ['/?backend=cpu#arena?env=cartpole&mode=trained', '.watch-trained [data-action=play]'],
      ['/?backend=cpu#learn/mnist', '.mnist-lab[data-state=idle]'],
    ] as const) {
      for (const width of [1280, 390]) {
        const page = await session.browser.newPage({ viewport: { width, height: 844 } });
        await page.goto(new URL(path, session.base).href);
        await page.locator(ready).first().waitFor(SLOW);
        expect(await cutSelects(page), `${path} at ${width} px`).toEqual([]);
        await page.close();
      }
    }
  }, 120_000);
});
