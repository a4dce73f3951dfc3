/**
 * Book fig. 6-24 (ch. 6.5): random search for the learning rate and the weight decay.
 *
 * As the book's hyperparameter_optimization.py: take the first 500 training images, shuffle
 * them, keep 20% as a validation set (never the test set), and train MultiLayerNet
 * 784-100x6-10 (ReLU, He) with SGD, batch 100, for 50 epochs, once per trial, with
 * weight decay = 10^uniform(-8, -4) and lr = 10^uniform(-6, -2). Trials are ranked by their
 * final validation accuracy and the best five printed as the book does.
 *
 * Every trial is a pure function of (seed, trial index): its settings, initial weights and
 * batch order come from a generator seeded by both, so trials can run in any order, on any
 * number of workers (worker_threads in Node, Web Workers in the browser), with the same
 * numbers. `runSearch` hands trial indices to a pool of runners and gathers the results; a
 * `SearchPause` holds it between trials (for the same reason, pausing changes no number).
 *
 * The page imports this module for the sampling, the ranking and `runSearch` (its workers
 * train): the engine (nets, optimizers, Trainer, hence tfjs) is loaded only when `runTrial`
 * first runs, so the main thread's bundle stays free of tfjs.
 */
import { type LabeledData, sampleSize } from '../dataset';
import type { MultiLayerNetConfig } from '../nets/config';
import { Rng } from '../rng';

/** What a search trains and samples; BOOK_SEARCH holds the book's values. */
export interface SearchSettings {
  /** Images taken from the start of the training set (book: 500). */
  trainSize: number;
  /** Fraction of them held out for validation after a shuffle (book: 0.2). */
  validationRate: number;
  epochs: number;
  batchSize: number;
  hiddenSizes: number[];
  /** log10 range of the learning rate (book: -6..-2). */
  lrExponents: [number, number];
  /** log10 range of the weight decay λ (book: -8..-4). */
  weightDecayExponents: [number, number];
}

export const BOOK_SEARCH: SearchSettings = {
  trainSize: 500,
  validationRate: 0.2,
  epochs: 50,
  batchSize: 100,
  hiddenSizes: [100, 100, 100, 100, 100, 100],
  lrExponents: [-6, -2],
  weightDecayExponents: [-8, -4],
};

/** The book runs 100 trials. */
export const BOOK_TRIALS = 100;

/** One trial's sampled hyperparameters. */
export interface TrialSettings {
  trial: number;
  lr: number;
  weightDecay: number;
}

export interface TrialResult extends TrialSettings {
  /** Validation accuracy after each epoch. */
  valAccuracy: number[];
  /** Training accuracy after each epoch. */
  trainAccuracy: number[];
  /** The last validation accuracy (0 when no epoch finished). */
  finalValAccuracy: number;
  /** The step whose loss became NaN/Inf (the curves stop there), else null. */
  diverged: number | null;
}

/** A seed for trial `trial` of a search seeded `seed` (a 32-bit mix of both). */
export function trialSeed(seed: number, trial: number): number {
  let h = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = (h + Math.imul(Math.floor(trial) + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The settings of trial `trial`: log-uniform draws, weight decay first, as the book's
 * `10 ** np.random.uniform(-8, -4)` then `10 ** np.random.uniform(-6, -2)`.
 */
export function sampleTrial(
  seed: number,
  trial: number,
  settings: Pick<SearchSettings, 'lrExponents' | 'weightDecayExponents'> = BOOK_SEARCH,
): TrialSettings {
  if (!Number.isInteger(trial) || trial < 0)
    throw new Error(`trial must be a whole number >= 0, got ${trial}`);
  const rng = new Rng(trialSeed(seed, trial));
  const uniform = ([lo, hi]: [number, number]) => lo + (hi - lo) * rng.next();
  const weightDecay = 10 ** uniform(settings.weightDecayExponents);
  const lr = 10 ** uniform(settings.lrExponents);
  return { trial, lr, weightDecay };
}

/** The training and validation sets of a search: the first `trainSize` images, shuffled, split. */
export interface SearchSplit {
  train: LabeledData;
  validation: LabeledData;
}

/** The book's split: first `trainSize` images, shuffled (seeded), the first 20% for validation. */
export function splitForSearch(
  data: LabeledData,
  settings: Pick<SearchSettings, 'trainSize' | 'validationRate'>,
  seed: number,
): SearchSplit {
  const n = Math.min(settings.trainSize, data.count);
  const validationCount = Math.floor(n * settings.validationRate);
  if (validationCount < 1 || validationCount >= n)
    throw new Error(
      `a validation rate of ${settings.validationRate} on ${n} images leaves no validation or no training images`,
    );
  const order = new Rng(trialSeed(seed, 0x7fffffff)).permutation(n);
  const size = sampleSize(data);
  const pick = (from: number, to: number): LabeledData => {
    const count = to - from;
    const x = new Float32Array(count * size);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const j = order[from + i];
      x.set(data.x.subarray(j * size, (j + 1) * size), i * size);
      labels[i] = data.labels[j];
    }
    return { ...data, x, labels, count };
  };
  return { validation: pick(0, validationCount), train: pick(validationCount, n) };
}

/** The book's net for the search: 784-100x6-10, ReLU, He, with the trial's weight decay. */
export function searchNetConfig(
  settings: Pick<SearchSettings, 'hiddenSizes'>,
  weightDecay: number,
): MultiLayerNetConfig {
  return {
    kind: 'multi-layer',
    inputSize: 784,
    hiddenSizes: [...settings.hiddenSizes],
    outputSize: 10,
    activation: 'relu',
    init: 'he',
    weightDecay,
  };
}

/**
 * Train one trial on `split` and return its accuracy curves. Deterministic for
 * (seed, trial): the same numbers in any worker. `shouldStop` is polled after each epoch.
 */
export async function runTrial(
  split: SearchSplit,
  seed: number,
  trial: number,
  settings: SearchSettings = BOOK_SEARCH,
  opts: { onEpoch?: (epoch: number, valAccuracy: number) => void } = {},
): Promise<TrialResult> {
  const [{ createNet }, { createOptimizer }, { Trainer, TrainingDiverged }] = await Promise.all([
    import('../nets'),
    import('../optimizers'),
    import('../trainer'),
  ]);
  const sampled = sampleTrial(seed, trial, settings);
  const runSeed = trialSeed(seed, trial);
  const net = createNet(searchNetConfig(settings, sampled.weightDecay), runSeed);
  const optimizer = createOptimizer('sgd', sampled.lr);
  const valAccuracy: number[] = [];
  const trainAccuracy: number[] = [];
  let diverged: number | null = null;
  try {
    const trainer = new Trainer(net, optimizer, split.train, split.validation, {
      batchSize: settings.batchSize,
      epochs: settings.epochs,
      seed: runSeed,
      onProgress: (e) => {
        if (e.type !== 'epoch') return;
        trainAccuracy.push(e.train.accuracy);
        valAccuracy.push(e.test.accuracy);
        opts.onEpoch?.(e.epoch, e.test.accuracy);
      },
    });
    try {
      await trainer.run();
    } catch (e) {
      if (!(e instanceof TrainingDiverged)) throw e;
      diverged = e.iteration;
    }
  } finally {
    net.dispose();
    optimizer.dispose();
  }
  return {
    ...sampled,
    valAccuracy,
    trainAccuracy,
    finalValAccuracy: valAccuracy[valAccuracy.length - 1] ?? 0,
    diverged,
  };
}

/** The best `n` trials by final validation accuracy (ties: the earlier trial first). */
export function bestTrials(trials: readonly TrialResult[], n = 5): TrialResult[] {
  return [...trials]
    .sort((a, b) => b.finalValAccuracy - a.finalValAccuracy || a.trial - b.trial)
    .slice(0, n);
}

/** Python's `'%.3g' % x`: 0.0092, 3.86e-07, 0.83. */
export function formatG3(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(3)))));
  if (exp < -4 || exp >= 3) {
    const [m, e] = x.toExponential(2).split('e');
    const mantissa = m.replace(/\.?0+$/, '');
    const sign = e.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${e.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  return String(Number(x.toPrecision(3)));
}

/** The book's line: "Best-1 (val acc:0.83) | lr:0.0092, weight decay:3.86e-07". */
export function bestLine(t: TrialResult, rank: number): string {
  return `Best-${rank} (val acc:${formatG3(t.finalValAccuracy)}) | lr:${formatG3(t.lr)}, weight decay:${formatG3(t.weightDecay)}`;
}

export interface HyperparameterSearchResult {
  experiment: 'hyperparameter-search';
  seed: number;
  settings: SearchSettings;
  trainImages: number;
  validationImages: number;
  /** Trials asked for; `trials` holds those that finished (fewer when stopped). */
  trialsRequested: number;
  stopped: boolean;
  /** Every finished trial, by trial index. */
  trials: TrialResult[];
  /** The best five, as the book prints them. */
  best: Array<{ rank: number; trial: number; line: string }>;
}

export function searchResult(
  seed: number,
  settings: SearchSettings,
  trialsRequested: number,
  trials: readonly TrialResult[],
  stopped: boolean,
): HyperparameterSearchResult {
  const validationImages = Math.floor(settings.trainSize * settings.validationRate);
  return {
    experiment: 'hyperparameter-search',
    seed,
    settings,
    trainImages: settings.trainSize - validationImages,
    validationImages,
    trialsRequested,
    stopped,
    trials: [...trials].sort((a, b) => a.trial - b.trial),
    best: bestTrials(trials, 5).map((t, i) => ({
      rank: i + 1,
      trial: t.trial,
      line: bestLine(t, i + 1),
    })),
  };
}

/** Runs one trial somewhere (a worker, or in-process). */
export type TrialRunner = (trial: number) => Promise<TrialResult>;

/**
 * Holds a search between trials. While paused no trial starts; trials already running finish
 * and are reported (a trial is short, and a worker cannot be frozen mid-call). Each trial is
 * a pure function of (seed, trial), so a paused and resumed search gives the same results.
 */
export class SearchPause {
  /** Pending while paused; resolved by resume(). */
  private held: Promise<void> | null = null;
  private release: (() => void) | null = null;
  private readonly listeners = new Set<() => void>();

  get paused(): boolean {
    return this.held !== null;
  }

  pause(): void {
    if (this.held) return;
    this.held = new Promise((resolve) => {
      this.release = resolve;
    });
    this.changed();
  }

  resume(): void {
    if (!this.held) return;
    this.release?.();
    this.held = null;
    this.release = null;
    this.changed();
  }

  /** Resolves once not paused (at once when not paused); a pause again before it wakes holds on. */
  async untilResumed(): Promise<void> {
    while (this.held) await this.held;
  }

  /** Calls `listener` after each pause() and resume() that changes the state; returns an unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export interface RunSearchOptions {
  seed: number;
  trials: number;
  settings?: SearchSettings;
  /** After each finished trial (in completion order). */
  onTrial?: (result: TrialResult, done: number, total: number) => void;
  /**
   * Stops the search: no new trial starts and the search resolves at once with the finished
   * trials (`stopped: true`); trials still running are abandoned (end their workers). Works
   * while paused too.
   */
  signal?: AbortSignal;
  /** Holds the search between trials while paused (see SearchPause). */
  pause?: SearchPause;
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
  if (!Number.isInteger(opts.trials) || opts.trials < 1)
    throw new Error(`trials must be a whole number >= 1, got ${opts.trials}`);
  const { pause } = opts;
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
    // Runners held at a pause wait on this too, so that a stop lets them go.
    let wake = () => {};
    const ended = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const announce = () => {
      if (settled || announced || !pause?.paused || running > 0 || next >= opts.trials) return;
      announced = true;
      opts.onPaused?.(finished.length, opts.trials);
    };
    const unsubscribe =
      pause?.subscribe(() => {
        announced = false;
        announce();
      }) ?? (() => {});
    const settle = () => {
      settled = true;
      opts.signal?.removeEventListener('abort', stop);
      unsubscribe();
      wake();
    };
    const stop = () => {
      if (settled) return;
      settle();
      resolve(finish(true));
    };
    if (opts.signal?.aborted) return stop();
    opts.signal?.addEventListener('abort', stop, { once: true });
    const loop = async (run: TrialRunner) => {
      while (!settled && next < opts.trials) {
        if (pause?.paused) {
          announce();
          await Promise.race([pause.untilResumed(), ended]);
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
