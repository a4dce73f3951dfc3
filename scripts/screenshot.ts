/**
 * Look at the app as a user does: a full-page screenshot in Debian's headless Chromium.
 *   npm run screenshot -- PAGE OUT.png [--size 1280x800] [--wait 1500]
 * PAGE is a route of the app (`learn/mnist`, `learn/experiments`, `arena`...), served by a
 * Vite dev server this script starts and stops, or a full http(s) URL of a server already up.
 * Exits 1 when the page logs an error, 2 on wrong arguments.
 */
import { parseArgs } from 'node:util';
import { createServer, type ViteDevServer } from 'vite';
import { launchChromium, watchErrors } from '../test/helpers/browser';

const USAGE = 'usage: npm run screenshot -- PAGE|URL OUT.png [--size 1280x800] [--wait 1500]';

function fail(message: string): never {
  console.error(`error: ${message}\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  options: {
    size: { type: 'string', default: '1280x800' },
    wait: { type: 'string', default: '1500' },
  },
  allowPositionals: true,
});
const [target, out] = positionals;
if (!target || !out || positionals.length > 2) fail('give a page (or URL) and an output file');
const [width, height] = values.size.split('x').map(Number);
if (!(width > 0 && height > 0)) fail(`--size must be WIDTHxHEIGHT, got "${values.size}"`);
const wait = Number(values.wait);
if (!(wait >= 0)) fail(`--wait must be a number of milliseconds, got "${values.wait}"`);

let server: ViteDevServer | null = null;
let url = target;
if (!/^https?:\/\//.test(target)) {
  server = await createServer({
    server: { port: 0, host: '127.0.0.1', hmr: false, watch: null },
    logLevel: 'warn',
  });
  await server.listen();
  url = `${server.resolvedUrls?.local[0] ?? ''}#${target.replace(/^#/, '')}`;
}
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors = watchErrors(page);
  await page.goto(url, { waitUntil: 'networkidle' });
  // Let the workers start and the canvases draw their first frames.
  await page.waitForTimeout(wait);
  await page.screenshot({ path: out, fullPage: true });
  if (errors.length > 0) {
    console.error(`the page reported errors:\n${errors.join('\n')}`);
    process.exitCode = 1;
  }
  console.log(`saved ${out} (${url})`);
} finally {
  await browser.close();
  await server?.close();
}
