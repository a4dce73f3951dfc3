/**
 * The hyperparameter search (fig. 6-24) in Node: the trial pool (src/nn/experiments/
 * trial-pool.ts) on worker_threads, each a trainer worker started through the worker kit's
 * one bootstrap. The CLI and the tests use it; the page runs the same pool on Web Workers.
 * Node only: never imported by the page.
 */
import type { HyperparameterSearchResult } from '../src/nn/experiments/hyperparameter-search';
import { searchOnWorkers, type WorkerSearchOptions } from '../src/nn/experiments/trial-pool';
import { startNodeWorker } from './kit/node-client';
import type { TrainerApi } from './trainer-api';

/** Run the search on a pool of worker_threads; the workers end when it resolves or stops. */
export function searchWithThreads(opts: WorkerSearchOptions): Promise<HyperparameterSearchResult> {
  return searchOnWorkers(() => startNodeWorker<TrainerApi>('trainer'), opts);
}
