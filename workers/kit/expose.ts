/**
 * The one way a worker exposes its service with comlink; a worker entry is one call:
 * `exposeService((host) => new TrainerService(host))`.
 *
 * - Browser (a module Worker, and @vitest/web-worker): exposes on `self` synchronously, so
 *   calls the page makes right after `new Worker(...)` are not lost; the wasm binaries' URLs
 *   (a browser-only module using Vite's `?url`) load lazily and the service awaits them.
 * - Node worker_threads (started by node-bootstrap.mjs): exposes on `parentPort` through
 *   comlink's node adapter. Node modules are imported dynamically, inside this branch only,
 *   and hidden from the bundler (node-only.ts). Messages sent before comlink listens wait in
 *   parentPort's queue.
 */
import * as Comlink from 'comlink';
import type { ChooseBackendOptions } from '../../src/nn/backend';
import { HEARTBEAT, HEARTBEAT_MS } from './client';
import { workerMemory } from './memory';
import { importNodeOnly } from './node-only';

export type WasmPaths = NonNullable<ChooseBackendOptions['wasmPaths']>;

/** What the host gives a service. */
export interface ServiceHost {
  /** Browser: URLs of the tfjs wasm binaries (a promise: known after the worker exposes). */
  wasmPaths?: Promise<WasmPaths>;
}

/** The service with the kit's own diagnostics beside its methods (see memory.ts). */
function withDiagnostics(service: object): object {
  Object.defineProperty(service, 'kitMemory', { value: workerMemory });
  return service;
}

export function exposeService(create: (host: ServiceHost) => object): void {
  const inBrowser =
    typeof self !== 'undefined' &&
    typeof (self as { postMessage?: unknown }).postMessage === 'function';
  if (inBrowser) {
    const wasmPaths = import('./wasm-paths').then((m) => m.wasmPaths);
    Comlink.expose(withDiagnostics(create({ wasmPaths })), self as unknown as Comlink.Endpoint);
    // The page has no event for a worker that dies (out of memory, ended from outside): it
    // watches for this beat instead (client.ts, startWorker).
    setInterval(() => self.postMessage({ [HEARTBEAT]: true }), HEARTBEAT_MS);
  } else {
    void exposeInNode(create);
  }
}

async function exposeInNode(create: (host: ServiceHost) => object): Promise<void> {
  const { parentPort } =
    await importNodeOnly<typeof import('node:worker_threads')>('node:worker_threads');
  if (!parentPort) throw new Error('a worker entry runs in a Worker (see kit/node-bootstrap.mjs)');
  const { default: nodeEndpoint } = await importNodeOnly<
    typeof import('comlink/dist/esm/node-adapter.mjs')
  >('comlink/dist/esm/node-adapter.mjs');
  Comlink.expose(withDiagnostics(create({})), nodeEndpoint(parentPort));
}
