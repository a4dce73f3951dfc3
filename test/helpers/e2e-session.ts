/**
 * The hooks every end-to-end file shares: the app's shared build served on 127.0.0.1 and one
 * Chromium for the file, both ended after its last test. Read `session.base` and
 * `session.browser` inside tests (they exist once beforeAll has run).
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type AppServer, serveApp } from './app-server';
import { launchChromium, watchErrors } from './browser';

export interface E2eSession {
  /** The app's URL, ending in "/". */
  readonly base: string;
  readonly browser: Browser;
  /** A 1280x800 page at `path` (relative to the app), and the errors it collects. */
  open(path: string): Promise<{ page: Page; errors: string[] }>;
}

export function e2eSession(opts: { shots?: string } = {}): E2eSession {
  let app: AppServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (opts.shots) mkdirSync(opts.shots, { recursive: true });
    app = await serveApp();
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`e2e session: no ${what} yet (read it inside a test)`);
    return value;
  };
  return {
    get base() {
      return started(app, 'app').base;
    },
    get browser() {
      return started(browser, 'browser');
    },
    async open(path) {
      const page = await started(browser, 'browser').newPage({
        viewport: { width: 1280, height: 800 },
      });
      const errors = watchErrors(page);
      await page.goto(new URL(path, started(app, 'app').base).href);
      return { page, errors };
    },
  };
}
