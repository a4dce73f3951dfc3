/**
 * Every story and docs page of the built Storybook, in headless Chromium.
 *
 * The file builds Storybook (`storybook build`, into a temporary folder), serves it on
 * 127.0.0.1 with a tiny static server, lists every entry of index.json (so stories added
 * later are tested without touching this file), and opens each one. A story fails on a
 * console error, a page error, a failed request (HTTP >= 400 or a network failure), a
 * story error, a blank story, a blank canvas, or an error while it is torn down and mounted
 * again. Docs pages fail on errors too. Screenshots go to test-results/storybook/.
 *
 * STORYBOOK_STATIC=<dir> skips the build and tests that folder (for quick local reruns);
 * STORYBOOK_COLOR_SCHEME=light checks the light theme.
 */
import { spawn } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser';

const ROOT = resolve(import.meta.dirname, '../..');
/** STORYBOOK_COLOR_SCHEME=light renders the light theme (default dark). */
const SCHEME = process.env.STORYBOOK_COLOR_SCHEME === 'light' ? 'light' : 'dark';
const SHOTS = join(ROOT, 'test-results', SCHEME === 'dark' ? 'storybook' : 'storybook-light');

interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
  title: string;
  name: string;
  importPath: string;
}

// --- build (at collection time, so that the stories are known when tests are declared) ---

function buildStorybook(outDir: string): Promise<void> {
  // The CLI the package declares (storybook 10: dist/bin/dispatcher.js), run with this Node.
  const pkgDir = join(ROOT, 'node_modules', 'storybook');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
    bin: string | Record<string, string>;
  };
  const bin = join(pkgDir, typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.storybook);
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [bin, 'build', '-o', outDir, '--quiet', '--disable-telemetry'],
      {
        cwd: ROOT,
        env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    child.stdout.on('data', (d) => {
      log += d;
    });
    child.stderr.on('data', (d) => {
      log += d;
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code === 0) done();
      else fail(new Error(`storybook build failed (exit ${code}):\n${log.slice(-6000)}`));
    });
  });
}

const reuse = process.env.STORYBOOK_STATIC;
const staticDir = reuse ? resolve(reuse) : mkdtempSync(join(tmpdir(), 'ga-storybook-'));
const buildStart = performance.now();
if (!reuse) await buildStorybook(staticDir);
const buildSeconds = (performance.now() - buildStart) / 1000;
const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as {
  entries: Record<string, IndexEntry>;
};
const entries = Object.values(index.entries);
const stories = entries.filter((e) => e.type === 'story');
const docs = entries.filter((e) => e.type === 'docs');

// --- a static file server for storybook-static ---

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

function serve(dir: string): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep) && file !== dir) {
      res.writeHead(403).end();
      return;
    }
    if (path === '/favicon.ico') {
      // Chromium asks every page for one; Storybook's iframe.html declares none.
      res.writeHead(204).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'max-age=3600',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      done({ server, base: `http://127.0.0.1:${port}/` });
    });
  });
}

// --- browser helpers ---

let server: Server;
let base: string;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ server, base } = await serve(staticDir));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  // One context: pages share the HTTP cache, so each story loads only its own chunks.
  context = await browser.newContext({
    viewport: { width: 1000, height: 760 },
    colorScheme: SCHEME,
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (!reuse) rmSync(staticDir, { recursive: true, force: true });
  console.info(
    `storybook: ${stories.length} stories, ${docs.length} docs pages` +
      (reuse ? ` (reused ${reuse})` : `, built in ${buildSeconds.toFixed(1)} s`),
  );
});

/** Everything that goes wrong on a page: console errors, page errors, failed requests. */
function watch(page: Page, problems: string[]): void {
  page.on('console', (m) => {
    const where = m.location().url ? ` (${m.location().url})` : '';
    if (m.type() === 'error') problems.push(`console error: ${m.text()}${where}`);
    // Components that never release their WebGL context show up as this warning.
    if (/too many active webgl contexts/i.test(m.text())) problems.push(`WebGL leak: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) =>
    problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? 'unknown'})`),
  );
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
}

interface Target {
  id: string;
  viewMode: 'story' | 'docs';
  /** For docs: the component title whose stories the page renders. */
  title: string;
}

/**
 * Waits until Storybook shows `target` and has finished (or failed) rendering every story on
 * it, stable over two polls (docs pages mount their story blocks one after another).
 */
async function settled(page: Page, target: Target, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (t) => {
      type Render = { id?: string; phase?: string; story?: { title?: string } };
      const w = window as {
        __STORYBOOK_PREVIEW__?: { storyRenders?: Render[] };
        __gaSettle?: string;
      };
      if (document.body.classList.contains('sb-show-errordisplay')) return true;
      const renders = w.__STORYBOOK_PREVIEW__?.storyRenders ?? [];
      const mine =
        t.viewMode === 'story'
          ? renders.length === 1 && renders[0].id === t.id
          : renders.length > 0 &&
            renders.every((r) => r.story?.title === t.title) &&
            document.querySelector('.sbdocs') !== null;
      const done =
        mine && renders.every((r) => ['finished', 'errored', 'aborted'].includes(r.phase ?? ''));
      const key = done ? `${t.id}:${renders.length}` : '';
      const stable = done && w.__gaSettle === key;
      w.__gaSettle = key;
      return stable;
    },
    target,
    { timeout, polling: 120 },
  );
  // Two animation frames: canvases that redraw on the next frame have drawn.
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

/** Storybook's own error screen, if it is showing. */
async function storyError(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    if (!document.body.classList.contains('sb-show-errordisplay')) return null;
    const message = document.querySelector('#error-message')?.textContent ?? '';
    const stack = document.querySelector('#error-stack')?.textContent ?? '';
    return `${message}\n${stack}`.trim() || 'Storybook shows its error display';
  });
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Decodes a PNG screenshot in the page and, for each rectangle of it, measures the share of
 * pixels that differ from the rectangle's most common colour.
 */
async function variedShares(page: Page, png: Buffer, rects: Rect[]): Promise<number[]> {
  return page.evaluate(
    async ({ b64, rects }) => {
      const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context to decode the screenshot');
      ctx.drawImage(bitmap, 0, 0);
      return rects.map((r) => {
        const x = Math.max(0, Math.round(r.x));
        const y = Math.max(0, Math.round(r.y));
        const w = Math.min(bitmap.width - x, Math.round(r.width));
        const h = Math.min(bitmap.height - y, Math.round(r.height));
        if (w <= 0 || h <= 0) return 0;
        const { data } = ctx.getImageData(x, y, w, h);
        const counts = new Map<number, number>();
        for (let i = 0; i < data.length; i += 4) {
          const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        const total = data.length / 4;
        return (total - Math.max(...counts.values())) / total;
      });
    },
    { b64: png.toString('base64'), rects },
  );
}

/** At least this share of a story's or canvas's pixels must differ from its background. */
const MIN_VARIED = 0.002;

/**
 * One page for all visits: stories are switched in place, as the Storybook UI does, so each
 * visit also tears down the previous story (its cleanup must not throw) and the bundle is
 * parsed once. After a failed visit the next one starts on a fresh page.
 */
class Session {
  private page: Page | null = null;
  private problems: string[] = [];
  private previous = '';

  private async open(target: Target): Promise<Page> {
    await this.page?.close();
    const page = await context.newPage();
    watch(page, this.problems);
    this.page = page;
    this.previous = '';
    await page.goto(
      `${base}iframe.html?id=${encodeURIComponent(target.id)}&viewMode=${target.viewMode}`,
    );
    return page;
  }

  /** Shows `target` and returns the page and the problems seen on the way. */
  async show(target: Target): Promise<{ page: Page; problems: string[]; after: string }> {
    this.problems.length = 0;
    const after = this.previous;
    let page = this.page;
    if (!page) page = await this.open(target);
    else {
      await page.evaluate((t) => {
        const channel = (
          window as { __STORYBOOK_ADDONS_CHANNEL__?: { emit(e: string, p: unknown): void } }
        ).__STORYBOOK_ADDONS_CHANNEL__;
        if (!channel) throw new Error('no Storybook channel in the page');
        channel.emit('setCurrentStory', { storyId: t.id, viewMode: t.viewMode });
      }, target);
    }
    await settled(page, target);
    this.previous = target.id;
    return { page, problems: this.problems, after };
  }

  /** Drops the page after a failure, so one broken story cannot fail the ones after it. */
  async reset(): Promise<void> {
    await this.page?.close();
    this.page = null;
    this.previous = '';
  }

  async close(): Promise<void> {
    await this.reset();
  }
}

const session = new Session();

async function checkStory(entry: IndexEntry): Promise<string[]> {
  const target: Target = { id: entry.id, viewMode: 'story', title: entry.title };
  let problems: string[] = [];
  let after = '';
  try {
    const shown = await session.show(target);
    const { page } = shown;
    problems = shown.problems;
    after = shown.after;
    const error = await storyError(page);
    if (error) problems.push(`story error: ${error}`);
    else {
      // Let short transitions (eased bars, CSS) finish before judging the pixels.
      await page.waitForTimeout(150);
      const root = page.locator('#storybook-root');
      const box = await root.boundingBox();
      if (!box || box.width < 1 || box.height < 1)
        problems.push('story shows nothing (empty root)');
      else {
        // One screenshot of the story; every visible canvas is judged on its part of it
        // (WebGL canvases: what is on screen, not the possibly cleared drawing buffer).
        const canvases = await root.locator('canvas').evaluateAll((els) =>
          els
            .map((el) => el.getBoundingClientRect())
            .filter((r) => r.width > 0 && r.height > 0)
            .map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })),
        );
        const png = await root.screenshot({ path: join(SHOTS, `${entry.id}.png`) });
        const rects = [
          { x: 0, y: 0, width: box.width, height: box.height },
          ...canvases.map((c) => ({ ...c, x: c.x - box.x, y: c.y - box.y })),
        ];
        const shares = await variedShares(page, png, rects);
        shares.forEach((share, i) => {
          if (share < MIN_VARIED) {
            const what = i === 0 ? 'the story' : `canvas ${i} of ${canvases.length}`;
            const r = rects[i];
            problems.push(
              `${what} is blank (${Math.round(r.width)}x${Math.round(r.height)}, ` +
                `${(share * 100).toFixed(3)}% non-background pixels)`,
            );
          }
        });
      }
    }
  } catch (err) {
    problems = [...problems, `visit failed: ${(err as Error).message}`];
  }
  if (problems.length > 0) {
    await session.reset();
    if (after)
      problems.push(`(the page had just torn down ${after}: its cleanup may be the cause)`);
  }
  return [...problems];
}

async function checkDocs(entry: IndexEntry): Promise<string[]> {
  const target: Target = { id: entry.id, viewMode: 'docs', title: entry.title };
  let problems: string[] = [];
  let after = '';
  try {
    const shown = await session.show(target);
    const { page } = shown;
    problems = shown.problems;
    after = shown.after;
    const error = await storyError(page);
    if (error) problems.push(`docs error: ${error}`);
    if ((await page.locator('.docs-story').count()) === 0)
      problems.push('docs page shows no stories');
    await page.screenshot({ path: join(SHOTS, `${entry.id}.png`), fullPage: true });
  } catch (err) {
    problems = [...problems, `visit failed: ${(err as Error).message}`];
  }
  if (problems.length > 0) {
    await session.reset();
    if (after)
      problems.push(`(the page had just torn down ${after}: its cleanup may be the cause)`);
  }
  return [...problems];
}

describe('storybook', () => {
  it('has stories and a docs page per component', () => {
    expect(stories.length).toBeGreaterThan(0);
    const titles = new Set(stories.map((s) => s.title));
    for (const title of titles) {
      expect(
        docs.map((d) => d.title),
        `docs page for ${title}`,
      ).toContain(title);
    }
  });

  describe.each(stories.map((s) => [`${s.title} / ${s.name}`, s] as const))(
    '%s',
    (_label, entry) => {
      it('renders without errors and with visible pixels', async () => {
        const problems = await checkStory(entry);
        expect(problems, `${entry.id} (${entry.importPath})`).toEqual([]);
      }, 60_000);
    },
  );

  describe.each(docs.map((d) => [`${d.title} / ${d.name}`, d] as const))('%s', (_label, entry) => {
    it('renders the docs page without errors', async () => {
      const problems = await checkDocs(entry);
      expect(problems, `${entry.id} (${entry.importPath})`).toEqual([]);
    }, 60_000);
  });
});
