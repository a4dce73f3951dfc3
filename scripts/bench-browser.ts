/**
 * Runs bench/browser in headless Chromium (WebGPU on whatever adapter Chromium has: SwiftShader
 * here) through a Vite dev server on 127.0.0.1, and prints its JSON lines: the train bench
 * (ours vs tfjs-layers vs ConvNetJS, interleaved rounds) per backend, in one page run.
 *   npm run bench:browser [-- --nets mlp,cnn --backends webgpu,wasm,cpu --steps N --rounds 3
 *                            --warmup N --threads N]
 * --threads N runs wasm on N threads (the dev server is cross-origin isolated); default 1.
 */
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { launchChromium } from '../test/helpers/browser';

const { values } = parseArgs({
  options: {
    nets: { type: 'string' },
    backends: { type: 'string' },
    steps: { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
    threads: { type: 'string' },
    timeout: { type: 'string', default: '1800' },
  },
});
// No HMR and no watcher: an edit anywhere in the bench's module graph (src/nn, ...) would
// otherwise reload the page and restart the run.
const server = await createServer({
  server: { port: 0, host: '127.0.0.1', hmr: false, watch: null },
  logLevel: 'warn',
});
await server.listen();
const base = server.resolvedUrls?.local[0] ?? '';
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`console: ${m.text()}`);
  });
  const q = new URLSearchParams();
  for (const k of ['nets', 'backends', 'steps', 'rounds', 'warmup', 'threads'] as const) {
    const v = values[k];
    if (v !== undefined) q.set(k, v);
  }
  await page.goto(`${base}bench/browser/?${q}`);
  // Print each result as it lands: SwiftShader's WebGPU can take minutes per configuration.
  let printed = 0;
  const flush = (lines: unknown[] | undefined) => {
    for (const line of lines?.slice(printed) ?? []) console.log(JSON.stringify(line));
    printed = lines?.length ?? printed;
  };
  const deadline = Date.now() + Number(values.timeout) * 1000;
  let bench = await page.evaluate(() => window.__bench);
  while (!bench?.done && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    bench = await page.evaluate(() => window.__bench);
    flush(bench?.lines);
  }
  flush(bench?.lines);
  for (const w of bench?.warnings ?? []) console.error(`warning: ${w}`);
  if (!bench?.done) {
    console.error(`error: the benchmark did not finish within ${values.timeout} s`);
    process.exitCode = 1;
  }
  if (bench?.error) {
    console.error(`error: ${bench.error}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}
