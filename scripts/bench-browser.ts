/**
 * Runs bench/browser in headless Chromium (WebGPU on whatever adapter Chromium has: SwiftShader
 * here) through a Vite dev server on 127.0.0.1, and prints its JSON lines.
 *   npm run bench:browser [-- --backends webgpu,wasm,cpu --nets two-layer,simple-conv --steps 20]
 */
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { launchChromium } from '../test/helpers/browser';

const { values } = parseArgs({
  options: { backends: { type: 'string' }, steps: { type: 'string' }, nets: { type: 'string' } },
});
const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
await server.listen();
const base = server.resolvedUrls?.local[0] ?? '';
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  const q = new URLSearchParams();
  if (values.backends) q.set('backends', values.backends);
  if (values.steps) q.set('steps', values.steps);
  if (values.nets) q.set('nets', values.nets);
  await page.goto(`${base}bench/browser/?${q}`);
  // Print each result as it lands: SwiftShader's WebGPU can take minutes per configuration.
  let printed = 0;
  const deadline = Date.now() + 30 * 60_000;
  let bench = await page.evaluate(() => window.__bench);
  while (!bench?.done && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2000));
    bench = await page.evaluate(() => window.__bench);
    for (const line of bench?.lines.slice(printed) ?? []) console.log(JSON.stringify(line));
    printed = bench?.lines.length ?? printed;
  }
  for (const line of bench?.lines.slice(printed) ?? []) console.log(JSON.stringify(line));
  if (!bench?.done) {
    console.error('error: the benchmark did not finish within 30 minutes');
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
