/**
 * The hyperparameter search (fig. 6-24) in Node: a pool of worker_threads, each a trainer
 * worker (node-bootstrap.mjs) running one trial at a time through `hyperparameterTrial`.
 * The CLI and the tests use it; the browser's pool is the same idea with Web Workers
 * (src/app/learn/experiments-lab.ts). Node only: never imported by the page.
 */
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { BackendChoice, BackendRequest } from '../src/nn/backend';
import {
  BOOK_SEARCH,
  type HyperparameterSearchResult,
  type RunSearchOptions,
  runSearch,
  type SearchSettings,
} from '../src/nn/experiments/hyperparameter-search';
import type { TrainerApi } from './trainer-api';

export interface NodeSearchOptions extends RunSearchOptions {
  /** worker_threads to run trials on (one trial each at a time). */
  workers: number;
  /** The images to search on (784 values each, at least settings.trainSize) and labels. */
  images: Float32Array;
  labels: Uint8Array;
  backend?: BackendRequest;
  /** Called once the workers are up, with the backend the first one chose. */
  onReady?: (choice: BackendChoice) => void;
}

/** Start `count` trainer workers on `backend`; their comlink proxies and a way to end them. */
export async function startTrainerThreads(
  count: number,
  backend: BackendRequest = 'auto',
): Promise<{
  apis: Array<Comlink.Remote<TrainerApi>>;
  choice: BackendChoice;
  terminate: () => Promise<void>;
}> {
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL('./node-bootstrap.mjs', import.meta.url)),
  );
  const apis = workers.map((w) => Comlink.wrap<TrainerApi>(nodeEndpoint(w)));
  const terminate = async () => {
    for (const api of apis) api[Comlink.releaseProxy]();
    await Promise.all(workers.map((w) => w.terminate()));
  };
  try {
    const choices = await Promise.all(apis.map((api) => api.init(backend)));
    return { apis, choice: choices[0], terminate };
  } catch (e) {
    await terminate();
    throw e;
  }
}

/** Run the search on a pool of worker_threads; the workers end when it resolves or stops. */
export async function searchWithThreads(
  opts: NodeSearchOptions,
): Promise<HyperparameterSearchResult> {
  if (!Number.isInteger(opts.workers) || opts.workers < 1)
    throw new Error(`workers must be a whole number >= 1, got ${opts.workers}`);
  const settings: SearchSettings = opts.settings ?? BOOK_SEARCH;
  const n = Math.min(settings.trainSize, opts.labels.length);
  // Only the images the search uses cross to the workers (copied once per trial: ~1.5 MB).
  const images = opts.images.subarray(0, n * 784).slice();
  const labels = opts.labels.subarray(0, n).slice();
  const pool = await startTrainerThreads(Math.min(opts.workers, opts.trials), opts.backend);
  try {
    opts.onReady?.(pool.choice);
    return await runSearch(
      pool.apis.map(
        (api) => (trial: number) =>
          api.hyperparameterTrial({ seed: opts.seed, trial, settings, images, labels }),
      ),
      { ...opts, settings },
    );
  } finally {
    await pool.terminate();
  }
}
