/**
 * MNIST in the browser: the same IDX files, served by Vite as static assets under
 * `/mnist/` (see vite.config.ts). No network beyond the page's own origin. The files (about
 * 55 MB) are kept in Cache Storage, so a second visit reads them from disk at once; bytes
 * read are reported as they arrive, for a progress bar.
 */
import { loadMnist, MNIST_FILES, type Mnist, type MnistOptions, type MnistReader } from './mnist';

/** Bytes of the MNIST files read so far, and their total once every file's size is known. */
export interface MnistLoadProgress {
  loaded: number;
  /** 0 until every file's size is known. */
  total: number;
  /** Whether every file read so far came from Cache Storage. */
  cached: boolean;
}

/** The Cache Storage cache that keeps the files (a new name when the files change). */
export const MNIST_CACHE = 'gradient-arcade-mnist-v1';

export function fetchMnistReader(
  baseUrl: string,
  onProgress?: (p: MnistLoadProgress) => void,
): MnistReader {
  const files = Object.keys(MNIST_FILES).length;
  const sizes = new Map<string, { loaded: number; total: number }>();
  let cached = true;
  const report = (): void => {
    if (!onProgress) return;
    let loaded = 0;
    let total = 0;
    // A file whose size the server did not say (no content-length) leaves the total unknown
    // until it is read: a partial sum would show "48 of 8 MB".
    let known = sizes.size === files;
    for (const s of sizes.values()) {
      loaded += s.loaded;
      total += s.total;
      if (s.total === 0) known = false;
    }
    onProgress({ loaded, total: known ? total : 0, cached });
  };
  return async (file) => {
    const url = `${baseUrl.replace(/\/$/, '')}/${MNIST_FILES[file]}`;
    const cache = await openCache();
    let res = await cache?.match(url);
    const hit = res !== undefined;
    if (!res) {
      cached = false;
      res = await fetch(url);
      if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
    }
    const size = { loaded: 0, total: Number(res.headers.get('content-length')) || 0 };
    sizes.set(file, size);
    const bytes = await readCounting(res, (n) => {
      size.loaded = n;
      report();
    });
    size.total = bytes.length;
    report();
    // Kept for the next visit; a full or refused cache only costs that visit's speed.
    if (cache && !hit) await cache.put(url, new Response(bytes)).catch(() => {});
    return bytes;
  };
}

/** The files' cache, or null where Cache Storage is missing or refused (private windows). */
async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(MNIST_CACHE);
  } catch {
    return null;
  }
}

/** The response's body, reporting the bytes read after each chunk. */
async function readCounting(
  res: Response,
  onBytes: (n: number) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let n = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    n += value.length;
    onBytes(n);
  }
  const bytes = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

export function loadMnistBrowser(baseUrl: string, opts: MnistOptions = {}): Promise<Mnist> {
  return loadMnist(fetchMnistReader(baseUrl), opts);
}
