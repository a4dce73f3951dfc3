/**
 * The hyperparameter search (fig. 6-24) in Node: the trial pool (src/nn/experiments/
 * trial-pool.ts) on worker_threads, each a trainer worker (node-bootstrap.mjs). The CLI and
 * the tests use it; the page runs the same pool on Web Workers. Node only: never imported by
 * the page.
 */
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { HyperparameterSearchResult } from '../src/nn/experiments/hyperparameter-search';
import {
  searchOnWorkers,
  type TrialWorker,
  type WorkerSearchOptions,
} from '../src/nn/experiments/trial-pool';
import type { TrainerApi } from './trainer-api';

/** A trainer worker on a worker_thread: its comlink proxy and a way to end it. */
export function startTrainerThread(): TrialWorker {
  const worker = new Worker(new URL('./node-bootstrap.mjs', import.meta.url));
  const api = Comlink.wrap<TrainerApi>(nodeEndpoint(worker));
  return {
    api,
    terminate: async () => {
      api[Comlink.releaseProxy]();
      await worker.terminate();
    },
  };
}

/** Run the search on a pool of worker_threads; the workers end when it resolves or stops. */
export function searchWithThreads(opts: WorkerSearchOptions): Promise<HyperparameterSearchResult> {
  return searchOnWorkers(startTrainerThread, opts);
}
