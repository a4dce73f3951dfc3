/** Debian's Chromium under playwright-core, with the flags the project's machines need. */
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
];

/**
 * The Chromium the tests, the screenshots and the browser benchmarks drive: $CHROMIUM_PATH,
 * else Debian's /usr/bin/chromium (what .ci/run installs).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Every launch gets a fresh temporary profile from Playwright. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Collects console errors, page errors and failed requests of a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('crash', () => errors.push('the page crashed'));
  page.on('requestfailed', (r) =>
    errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`),
  );
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return errors;
}
