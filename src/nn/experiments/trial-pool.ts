/**
 * The trial pool of the hyperparameter search (fig. 6-24), one for the browser and Node:
 * trials fanned out over workers, one trial each at a time, gathered by trial index.
 *
 * `runSearch` schedules trials over any runners (in-process functions in tests, workers
 * otherwise); `searchOnWorkers` starts the workers with the `spawn` it is given (the page: a
 * Web Worker, workers/hyperparameter-pool-node.ts: a worker_thread), runs the search on them
 * and ends them, whether the search finished, failed or was stopped.
 *
 * A RunControl drives both: a pause holds the search between trials (the running ones finish
 * and are reported: a worker cannot be frozen mid-call); a stop starts no new trial and
 * resolves at once with the finished ones, abandoning those still running. Each trial is a
 * pure function of (seed, trial), so neither the pool size nor a pause changes a number.
 */
import type { BackendChoice, BackendRequest } from '../backend';
import type { RunControl } from '../run-control';
import {
  BOOK_SEARCH,
  type HyperparameterSearchResult,
  type SearchSettings,
  searchResult,
  type TrialResult,
} from './hyperparameter-search';

/** Runs one trial somewhere (a worker, or in-process). */
export type TrialRunner = (trial: number) => Promise<TrialResult>;

export interface RunSearchOptions {
  seed: number;
  trials: number;
  settings?: SearchSettings;
  /** After each finished trial (in completion order). */
  onTrial?: (result: TrialResult, done: number, total: number) => void;
  /** Pauses the search between trials; stops it (`stopped: true`), paused or not. */
  control?: RunControl;
  /**
   * A pause has taken hold: no trial is running and none starts until resume; `done` trials
   * have finished. Called once a pause, when its last running trial is back (at once when
   * none runs); not called when no trial is left to start.
   */
  onPaused?: (done: number, total: number) => void;
}

/**
 * Fan the trials out over `runners` (one trial at a time each) and gather them. The result
 * does not depend on the number of runners, on the order trials finish in, nor on pauses.
 */
export function runSearch(
  runners: readonly TrialRunner[],
  opts: RunSearchOptions,
): Promise<HyperparameterSearchResult> {
  const settings = opts.settings ?? BOOK_SEARCH;
  if (runners.length < 1) throw new Error('runSearch: give at least one trial runner');
  checkTrials(opts.trials);
  const { control } = opts;
  const finished: TrialResult[] = [];
  const finish = (stopped: boolean) =>
    searchResult(opts.seed, settings, opts.trials, finished, stopped);
  return new Promise((resolve, reject) => {
    let next = 0;
    let active = runners.length;
    /** Trials handed to a runner and not back yet. */
    let running = 0;
    /** Whether onPaused was called for the current pause. */
    let announced = false;
    let settled = false;
    // Runners held at a pause wait on this too, so that a failure elsewhere lets them go.
    let wake = () => {};
    const ended = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const announce = () => {
      if (settled || announced || !control?.paused || running > 0 || next >= opts.trials) return;
      announced = true;
      opts.onPaused?.(finished.length, opts.trials);
    };
    const unsubscribe =
      control?.subscribe((state) => {
        if (state === 'stopped') return stop();
        announced = false;
        announce();
      }) ?? (() => {});
    const settle = () => {
      settled = true;
      unsubscribe();
      wake();
    };
    const stop = () => {
      if (settled) return;
      settle();
      resolve(finish(true));
    };
    if (control?.stopped) return stop();
    const loop = async (run: TrialRunner) => {
      while (!settled && next < opts.trials) {
        if (control?.paused) {
          announce();
          await Promise.race([control.checkpoint(), ended]);
          continue;
        }
        const trial = next++;
        running++;
        let result: TrialResult;
        try {
          result = await run(trial);
        } finally {
          running--;
        }
        if (settled) return;
        finished.push(result);
        opts.onTrial?.(result, finished.length, opts.trials);
      }
    };
    for (const run of runners) {
      loop(run).then(
        () => {
          active--;
          if (active === 0 && !settled) {
            settle();
            resolve(finish(false));
          }
        },
        (e: unknown) => {
          if (settled) return;
          settle();
          reject(e);
        },
      );
    }
  });
}

/** One trial's request to a worker (TrainerApi.hyperparameterTrial). */
export interface TrialRequest {
  seed: number;
  trial: number;
  settings: SearchSettings;
  images: Float32Array;
  labels: Uint8Array;
}

/** What the pool needs of a worker: a trainer worker's handle (the page's or a thread's). */
export interface TrialWorker {
  api: {
    init(backend: BackendRequest): Promise<BackendChoice>;
    hyperparameterTrial(request: TrialRequest): Promise<TrialResult>;
  };
  terminate(): void | Promise<void>;
}

export interface WorkerSearchOptions extends RunSearchOptions {
  /** Workers to run trials on (one trial each at a time); no more than there are trials. */
  workers: number;
  /** The images to search on (784 values each, at least settings.trainSize) and labels. */
  images: Float32Array;
  labels: Uint8Array;
  backend?: BackendRequest;
  /** Called once the workers are up, with the backend the first one chose. */
  onReady?: (choice: BackendChoice) => void;
}

/**
 * Run the search on `opts.workers` workers started by `spawn`. They end when the search
 * resolves, fails or is stopped (a stop while they start ends them too, with no trial).
 */
export async function searchOnWorkers(
  spawn: () => TrialWorker,
  opts: WorkerSearchOptions,
): Promise<HyperparameterSearchResult> {
  if (!Number.isInteger(opts.workers) || opts.workers < 1)
    throw new Error(`workers must be a whole number >= 1, got ${opts.workers}`);
  checkTrials(opts.trials);
  const settings = opts.settings ?? BOOK_SEARCH;
  if (opts.control?.stopped) return searchResult(opts.seed, settings, opts.trials, [], true);
  const n = Math.min(settings.trainSize, opts.labels.length);
  // Only the images the search uses cross to the workers (copied once per trial: ~1.5 MB).
  const images = opts.images.subarray(0, n * 784).slice();
  const labels = opts.labels.subarray(0, n).slice();
  const workers = Array.from({ length: Math.min(opts.workers, opts.trials) }, spawn);
  try {
    const ready = Promise.all(workers.map((w) => w.api.init(opts.backend ?? 'auto')));
    const choices = await untilStopped(ready, opts.control);
    if (!choices) return searchResult(opts.seed, settings, opts.trials, [], true);
    opts.onReady?.(choices[0]);
    return await runSearch(
      workers.map(
        (w) => (trial: number) =>
          w.api.hyperparameterTrial({ seed: opts.seed, trial, settings, images, labels }),
      ),
      { ...opts, settings },
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** `work`'s value, or null as soon as `control` stops (a terminated worker never answers). */
function untilStopped<T>(work: Promise<T>, control: RunControl | undefined): Promise<T | null> {
  if (!control) return work;
  if (control.stopped) return Promise.resolve(null);
  return new Promise<T | null>((resolve, reject) => {
    const unsubscribe = control.subscribe((state) => {
      if (state === 'stopped') resolve(null);
    });
    work.then(resolve, reject).finally(unsubscribe);
  });
}

function checkTrials(trials: number): void {
  if (!Number.isInteger(trials) || trials < 1)
    throw new Error(`trials must be a whole number >= 1, got ${trials}`);
}
