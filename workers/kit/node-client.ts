/**
 * Node's side of a worker (tests, the CLI's pools): a worker_threads Worker started through the
 * one bootstrap, with the same guarded proxy as the page's (client.ts): a worker that throws
 * outside a call or exits makes pending calls reject with the reason. Node only.
 */
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { guardedRemote } from './client';

export interface NodeWorkerHandle<Api> {
  api: Comlink.Remote<Api>;
  terminate(): Promise<void>;
}

/** Start workers/<entry>.worker.ts on a worker_thread. */
export function startNodeWorker<Api>(entry: string): NodeWorkerHandle<Api> {
  const worker = new Worker(new URL('./node-bootstrap.mjs', import.meta.url), {
    workerData: { entry },
  });
  const { api, fail } = guardedRemote<Api>(nodeEndpoint(worker));
  worker.on('error', (e: Error) => fail(new Error(`the ${entry} worker failed: ${e.message}`)));
  worker.on('exit', (code: number) =>
    fail(new Error(`the ${entry} worker exited (code ${code}) before answering`)),
  );
  return {
    api,
    terminate: async () => {
      fail(new Error(`the ${entry} worker was ended`));
      api[Comlink.releaseProxy]();
      await worker.terminate();
    },
  };
}
