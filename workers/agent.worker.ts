/**
 * The agent worker: an AgentService exposed with comlink.
 *
 * - Browser (a module Worker, and @vitest/web-worker): exposes on `self` synchronously, so
 *   calls the page makes right after `new Worker(...)` are not lost; the wasm binaries' URLs
 *   (a browser-only module using Vite's `?url`) load lazily and `init` waits for them.
 * - Node worker_threads (started by agent-node-bootstrap.mjs): exposes on `parentPort` through
 *   comlink's node adapter. Node modules are imported dynamically, inside this branch only,
 *   and hidden from the bundler (node-only.ts).
 */
import * as Comlink from 'comlink';
import { AgentService } from './agent-service';
import { importNodeOnly } from './node-only';

const inBrowser =
  typeof self !== 'undefined' &&
  typeof (self as { postMessage?: unknown }).postMessage === 'function';

if (inBrowser) {
  const wasmPaths = import('./wasm-paths').then((m) => m.wasmPaths);
  Comlink.expose(new AgentService({ wasmPaths }), self as unknown as Comlink.Endpoint);
} else {
  void exposeInNode();
}

async function exposeInNode(): Promise<void> {
  const { parentPort } =
    await importNodeOnly<typeof import('node:worker_threads')>('node:worker_threads');
  if (!parentPort)
    throw new Error('agent.worker: run it in a Worker (see agent-node-bootstrap.mjs)');
  const { default: nodeEndpoint } = await importNodeOnly<
    typeof import('comlink/dist/esm/node-adapter.mjs')
  >('comlink/dist/esm/node-adapter.mjs');
  // Messages sent before this point wait in parentPort's queue until comlink listens.
  Comlink.expose(new AgentService(), nodeEndpoint(parentPort));
}
