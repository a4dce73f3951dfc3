/**
 * What a user would share lives in the URL: a link with state opens that view, changing the
 * view writes the URL (without a new history entry), and a reload gives the same view back.
 * Covers the Arena (game, algorithm, mode, seed, speed), the perceptron (gate and weights),
 * the MNIST lab's form and the Experiments page (a panel's setting and the experiment named).
 * The built app (the e2e files' shared build), served by `vite preview`.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eSession } from '../helpers/e2e-session';

const SLOW = { timeout: 30_000 };
const session = e2eSession();

/** A reload cancels the requests in flight (a worker's script): not an error of the app. */
const unexpected = (errors: string[]): string[] => errors.filter((e) => !/ERR_ABORTED/.test(e));

const hashParams = (page: Page): Promise<Record<string, string>> =>
  page.evaluate(() => {
    const hash = location.hash;
    const cut = hash.indexOf('?');
    return Object.fromEntries(new URLSearchParams(cut < 0 ? '' : hash.slice(cut + 1)));
  });

describe('state in the URL', () => {
  it('a shared Arena link opens its game, algorithm, mode, seed and speed; changes are written back and survive a reload', async () => {
    const { page, errors } = await session.open(
      '/?backend=cpu#arena?env=gridworld&algo=sarsa&mode=learn&seed=17&speed=60',
    );
    const arena = page.locator('section.arena');
    await expect.poll(() => arena.getAttribute('data-env'), SLOW).toBe('gridworld');
    expect(await page.locator('select[name=algo]').inputValue()).toBe('sarsa');
    expect(await page.locator('input[name=seed]').inputValue()).toBe('17');
    await expect.poll(() => page.locator('select[name=speed]').inputValue(), SLOW).toBe('60');
    expect(await arena.getAttribute('data-mode')).toBe('learn');
    // The search part (the backend) is kept beside the state.
    expect(new URL(page.url()).search).toBe('?backend=cpu');

    const historyLength = await page.evaluate(() => history.length);
    await page.selectOption('select[name=env]', 'catch');
    await page.fill('input[name=seed]', '5');
    await page.locator('input[name=seed]').dispatchEvent('change');
    await page.locator('button[data-mode=play]').click();
    await expect.poll(() => arena.getAttribute('data-mode'), SLOW).toBe('play');
    await expect
      .poll(() => hashParams(page), SLOW)
      .toMatchObject({ env: 'catch', algo: 'dqn', mode: 'play', seed: '5', speed: '60' });
    expect(await page.evaluate(() => history.length)).toBe(historyLength);

    await page.reload();
    await expect.poll(() => arena.getAttribute('data-mode'), SLOW).toBe('play');
    expect(await arena.getAttribute('data-env')).toBe('catch');
    expect(await page.locator('input[name=seed]').inputValue()).toBe('5');

    // Junk in a link falls back to the defaults instead of breaking the page.
    await page.goto(new URL('/#arena?env=pong&seed=-3&mode=nope', session.base).href);
    await page.reload();
    await expect.poll(() => arena.getAttribute('data-env'), SLOW).toBe('cartpole');
    expect(await arena.getAttribute('data-mode')).toBe('learn');
    expect(await page.locator('input[name=seed]').inputValue()).toBe('0');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 120_000);

  it('the perceptron keeps its gate and weights, the MNIST lab its form, the Experiments page its panel', async () => {
    const { page, errors } = await session.open(
      '/#learn/perceptron?gate=custom&w1=0.5&w2=-0.25&b=0.1',
    );
    await expect.poll(() => page.locator('input[name=w1]').inputValue(), SLOW).toBe('0.5');
    expect(await page.locator('input[name=w2]').inputValue()).toBe('-0.25');
    expect(await page.locator('input[name=b]').inputValue()).toBe('0.1');
    expect(await page.locator('table.truth td.muted').first().textContent()).toBe('custom');
    await page.locator('[data-preset=NAND]').click();
    await expect.poll(() => hashParams(page), SLOW).toMatchObject({ gate: 'NAND', w1: '-0.5' });
    await page.reload();
    await expect
      .poll(() => page.locator('table.truth td.muted').first().textContent(), SLOW)
      .toBe('NAND');

    // The net's preset applies first, then the link's own values override it.
    await page.goto(
      new URL('/#learn/mnist?net=multi-layer&optimizer=adam&lr=0.003&epochs=7&seed=9', session.base)
        .href,
    );
    await page.reload();
    const form = page.locator('form.lab-form');
    await expect
      .poll(() => form.locator('select[name=net]').inputValue(), SLOW)
      .toBe('multi-layer');
    expect(await form.locator('select[name=optimizer]').inputValue()).toBe('adam');
    expect(await form.locator('input[name=lr]').inputValue()).toBe('0.003');
    expect(await form.locator('input[name=epochs]').inputValue()).toBe('7');
    expect(await form.locator('input[name=seed]').inputValue()).toBe('9');
    await form.locator('input[name=batch]').fill('50');
    await expect.poll(() => hashParams(page), SLOW).toMatchObject({ batch: '50', lr: '0.003' });

    await page.goto(
      new URL(
        '/#learn/experiments?exp=weight-init-compare&weight-init-compare-iterations=300',
        session.base,
      ).href,
    );
    await page.reload();
    const iterations = page.locator('input[name=weight-init-compare-iterations]');
    await expect.poll(() => iterations.inputValue(), SLOW).toBe('300');
    // The named experiment's panel is scrolled into the first screen.
    await expect
      .poll(
        () =>
          page
            .locator('[data-experiment=weight-init-compare]')
            .evaluate((e) => Math.round(e.getBoundingClientRect().top)),
        SLOW,
      )
      .toBeLessThan(400);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 120_000);

  it('a link into a page made already (Home\'s "try first") shows what it names', async () => {
    const { page, errors } = await session.open('/?backend=cpu#arena?env=cartpole&mode=play');
    const arena = page.locator('section.arena');
    await expect.poll(() => arena.getAttribute('data-env'), SLOW).toBe('cartpole');
    // Home, then its link into the Arena (in the same page: the Arena is made already).
    await page.evaluate(() => {
      location.hash = '#/';
    });
    await page.locator('a', { hasText: 'Watch a DQN agent learn Catch' }).click();
    await expect.poll(() => arena.getAttribute('data-env'), SLOW).toBe('catch');
    await expect.poll(() => arena.getAttribute('data-mode'), SLOW).toBe('learn');
    await expect.poll(() => hashParams(page), SLOW).toMatchObject({ env: 'catch', mode: 'learn' });
    // A plain nav link keeps what the page shows.
    await page.locator('nav[aria-label=areas] a', { hasText: 'Arena' }).click();
    await page.waitForTimeout(300);
    expect(await arena.getAttribute('data-env')).toBe('catch');

    // The MNIST lab, set to another net, then Home's link to SimpleConvNet.
    await page.evaluate(() => {
      location.hash = '#/learn/mnist';
    });
    const net = page.locator('[data-lab=mnist] select[name=net]');
    await expect.poll(() => net.count(), SLOW).toBe(1);
    const other = await net.evaluate((s) =>
      Array.from((s as HTMLSelectElement).options)
        .map((o) => o.value)
        .find((v) => v !== 'simple-conv'),
    );
    await net.selectOption(other as string);
    await page.evaluate(() => {
      location.hash = '#/';
    });
    await page.locator('a', { hasText: 'Train SimpleConvNet on MNIST' }).click();
    await expect.poll(() => net.inputValue(), SLOW).toBe('simple-conv');
    await expect.poll(() => hashParams(page), SLOW).toMatchObject({ net: 'simple-conv' });

    // The perceptron on NAND, then Home's link to XOR.
    await page.evaluate(() => {
      location.hash = '#/learn/perceptron';
    });
    await page.locator('[data-lab=perceptron] [data-preset=NAND]').click();
    await expect.poll(() => hashParams(page), SLOW).toMatchObject({ gate: 'NAND' });
    await page.evaluate(() => {
      location.hash = '#/';
    });
    await page.locator('a', { hasText: 'Build XOR from two perceptrons' }).click();
    await expect.poll(() => hashParams(page), SLOW).toMatchObject({ gate: 'XOR' });
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 120_000);
});
