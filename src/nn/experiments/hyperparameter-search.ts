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
 * numbers. The trial pool (trial-pool.ts) hands trial indices to runners and gathers the
 * results; a pause holds it between trials (for the same reason, pausing changes no number).
 *
 * The page imports this module for the sampling and the ranking (its workers train): the
 * engine (nets, optimizers, Trainer, hence tfjs) is loaded only when `runTrial` first runs,
 * so the main thread's bundle stays free of tfjs.
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
 * (seed, trial): the same numbers in any worker.
 */
export async function runTrial(
  split: SearchSplit,
  seed: number,
  trial: number,
  settings: SearchSettings = BOOK_SEARCH,
  opts: { onEpoch?: (epoch: number, valAccuracy: number) => void } = {},
): Promise<TrialResult> {
  const [{ createNet }, { createOptimizer }, { Trainer }, { trainOrDiverge }] = await Promise.all([
    import('../nets'),
    import('../optimizers'),
    import('../trainer'),
    import('./train-or-diverge'),
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
    ({ diverged } = await trainOrDiverge(trainer));
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
