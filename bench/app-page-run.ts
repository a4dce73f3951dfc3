/**
 * The frame of a bench that drives the app in headless Chromium: build and serve the app on
 * 127.0.0.1, open one page at `route` (1280 x 800), run `work` on it, then close the browser
 * and the server whatever happens. Returns what every such bench reports beside its figures:
 * the machine's 1-minute load average at the start and the end (the numbers' context), the
 * wall seconds and the page's errors.
 */
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { serveApp } from '../test/helpers/app-server';
import { launchChromium, watchErrors } from '../test/helpers/browser';

export interface AppPageRun {
  loadAverage: number[];
  wallSeconds: number;
  pageErrors: string[];
}

export async function runInAppPage(
  route: string,
  work: (page: Page) => Promise<void>,
): Promise<AppPageRun> {
  const server = await serveApp();
  const browser = await launchChromium();
  const started = Date.now();
  const loadAverage = [loadavg()[0]];
  let pageErrors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    pageErrors = watchErrors(page);
    await page.goto(new URL(route, server.base).href);
    await work(page);
  } finally {
    loadAverage.push(loadavg()[0]);
    await browser.close();
    await server.close();
  }
  return { loadAverage, wallSeconds: Math.round((Date.now() - started) / 1000), pageErrors };
}
