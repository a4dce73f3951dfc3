/**
 * Screenshot a page in Debian's headless Chromium, as a user would see it:
 *   npx tsx scripts/screenshot.ts URL OUT.png [WIDTHxHEIGHT]
 */
import { chromium } from 'playwright-core';

const [url, out, size = '1280x800'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: npx tsx scripts/screenshot.ts URL OUT.png [WIDTHxHEIGHT]');
  process.exit(2);
}
const [width, height] = size.split('x').map(Number);
// Playwright gives every launch a fresh temporary profile (the --user-data-dir of DEVELOPERS.md).
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--enable-unsafe-webgpu',
    '--enable-unsafe-swiftshader',
  ],
});
const page = await browser.newPage({ viewport: { width, height } });
const errors: string[] = [];
page.on('console', (m) => {
  if (m.type() === 'error') errors.push(m.text());
});
page.on('pageerror', (e) => errors.push(e.message));
await page.goto(url, { waitUntil: 'networkidle' });
await page.waitForTimeout(500);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
if (errors.length > 0) {
  console.error(`console errors:\n${errors.join('\n')}`);
  process.exit(1);
}
console.log(`saved ${out}`);
