/**
 * MNIST in the browser: the same IDX files, served by Vite as static assets under
 * `/mnist/` (see vite.config.ts). No network beyond the page's own origin.
 */
import { loadMnist, MNIST_FILES, type Mnist, type MnistOptions, type MnistReader } from './mnist';

export function fetchMnistReader(baseUrl: string): MnistReader {
  return async (file) => {
    const url = `${baseUrl.replace(/\/$/, '')}/${MNIST_FILES[file]}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

export function loadMnistBrowser(baseUrl: string, opts: MnistOptions = {}): Promise<Mnist> {
  return loadMnist(fetchMnistReader(baseUrl), opts);
}
