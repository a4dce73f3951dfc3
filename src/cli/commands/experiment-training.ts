/**
 * The experiments of `experiment` that train for minutes (optimizer-compare,
 * weight-init-compare, batch-norm, overfit, hyperparameter-search). Ctrl-C stops each at a
 * step boundary (the search: starts no new trial); the result so far is still written, with
 * `stopped: true`, as `train` keeps its last epoch.
 */
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import { searchWithThreads } from '../../../workers/hyperparameter-pool-node';
import { loadMnistNode } from '../../data/mnist-node';
import type { BackendRequest } from '../../nn/backend';
import { accuracyCurves } from '../../nn/experiments/accuracy-curves';
import {
  BOOK_SEARCH,
  BOOK_TRIALS,
  formatG3,
  type SearchSettings,
} from '../../nn/experiments/hyperparameter-search';
import { trainingCurves } from '../../nn/experiments/training-curves';
import { RunControl } from '../../nn/run-control';
import { stopOnCtrlC } from '../interrupt';
import { type ProgressBar, trainingBar } from '../progress';

export interface TrainingRunOptions {
  seed: number;
  /** Training steps per variant (optimizer-compare, weight-init-compare; 2000 by default). */
  iterations?: number;
  /** Overrides an experiment's epochs (the book's by default). */
  epochs?: number;
  backend: BackendRequest;
  /** hyperparameter-search: trials, worker_threads, and training images (split in two). */
  trials?: number;
  workers?: number;
  trainSize?: number;
}

// The one Ctrl-C handling of the CLI; also exported here, where its test imports it.
export { stopOnCtrlC } from '../interrupt';

/** Runs `work` under a RunControl that Ctrl-C stops. */
async function stoppable<T>(keeping: string, work: (control: RunControl) => Promise<T>) {
  const control = new RunControl();
  const undo = stopOnCtrlC(control, keeping);
  try {
    return await work(control);
  } finally {
    undo();
  }
}

/**
 * Runs a curve experiment under a control that Ctrl-C stops, with a progress bar started at
 * its first report (when the total is known); says so when it was stopped.
 */
async function curveRun<R extends { stopped: boolean; variants: unknown[] }>(
  work: (
    control: RunControl,
    report: (done: number, total: number, label: string) => void,
  ) => Promise<R>,
): Promise<R> {
  let bar = null as ProgressBar | null;
  const report = (done: number, total: number, label: string) => {
    bar ??= trainingBar(total);
    bar.update(done, { loss: label, acc: '-', sps: '-' });
  };
  let r: R;
  try {
    r = await stoppable('the curves so far', (control) => work(control, report));
  } finally {
    bar?.stop();
  }
  if (r.stopped)
    console.error(`stopped: ${r.variants.length} variants trained (the last part-way)`);
  return r;
}

/** Figs. 6-9 and 6-15: the loss curves of several nets trained the same way. */
export async function curves(
  name: 'optimizer-compare' | 'weight-init-compare',
  { seed, iterations = 2000 }: TrainingRunOptions,
) {
  const { train, test } = await loadMnistNode();
  const r = await curveRun((control, report) =>
    trainingCurves(name, train, test, {
      seed,
      iterations,
      control,
      onProgress: (p) => report(p.done, p.total, `${p.variant} ${p.loss.toFixed(3)}`),
    }),
  );
  for (const v of r.variants) {
    const tail = v.losses.slice(-100);
    const mean = tail.reduce((a, b) => a + b, 0) / tail.length;
    console.error(
      `${v.label.padEnd(9)} loss (last 100 steps) ${mean.toFixed(4)}  test accuracy ${(v.testAccuracy * 100).toFixed(2)}%`,
    );
  }
  return r;
}

/** Figs. 6-19 to 6-23: accuracy per epoch of several nets. */
export async function accuracy(
  name: 'batch-norm' | 'overfit',
  { seed, epochs }: TrainingRunOptions,
) {
  const { train, test } = await loadMnistNode();
  const r = await curveRun((control, report) =>
    accuracyCurves(name, train, test, {
      seed,
      epochs,
      control,
      onProgress: (p) => report(p.done, p.total, p.variant),
    }),
  );
  const last = (a: number[]) => `${((a[a.length - 1] ?? 0) * 100).toFixed(1)}%`;
  for (const v of r.variants) {
    const blewUp = v.diverged === null ? '' : `  (loss became NaN at step ${v.diverged})`;
    console.error(
      `${v.label.padEnd(26)} final train ${last(v.trainAccuracy)}  test ${last(v.testAccuracy)}${blewUp}`,
    );
  }
  return r;
}

/** Fig. 6-24: trials fanned out over worker_threads; Ctrl-C keeps the finished trials. */
export async function hyperparameterSearch(o: TrainingRunOptions) {
  const settings: SearchSettings = {
    ...BOOK_SEARCH,
    epochs: o.epochs ?? BOOK_SEARCH.epochs,
    trainSize: o.trainSize ?? BOOK_SEARCH.trainSize,
  };
  const trials = o.trials ?? BOOK_TRIALS;
  const workers = o.workers ?? availableParallelism();
  const { train } = await loadMnistNode({ trainSize: settings.trainSize });
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        'search |{bar}| {value}/{total} trials | best val acc {best} | {workers} workers | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let best = 0;
  let started = false;
  try {
    const r = await stoppable('the finished trials', (control) =>
      searchWithThreads({
        seed: o.seed,
        trials,
        settings,
        workers,
        backend: o.backend,
        images: train.x,
        labels: train.labels,
        control,
        onReady: () => {
          started = true;
          bar.start(trials, 0, { best: '-', workers: Math.min(workers, trials) });
        },
        onTrial: (t, done) => {
          best = Math.max(best, t.finalValAccuracy);
          bar.update(done, { best: formatG3(best) });
        },
      }),
    );
    if (started) bar.stop();
    const how = r.stopped ? `stopped after ${r.trials.length} of ${trials}` : `${trials}`;
    console.error(
      `=========== Hyper-Parameter Optimization Result (${how} trials, ${r.trainImages} train / ${r.validationImages} validation images) ===========`,
    );
    for (const b of r.best) console.error(b.line);
    return r;
  } finally {
    if (started) bar.stop();
  }
}
