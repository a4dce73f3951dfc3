/**
 * `sweep trial`: one trial of the hyperparameter search (fig. 6-24) as its own process, for
 * the lines of `sweep plan search`. It trains what a worker of the in-app or CLI search
 * trains for the same (seed, trial): the same split, sampled lr and weight decay, initial
 * weights and batch order (src/nn/experiments/hyperparameter-search.ts), and ends with one
 * JSON line that `sweep collect` merges.
 */
import { loadMnistNode } from '../../data/mnist-node';
import { chooseBackend } from '../../nn/backend';
import {
  BOOK_SEARCH,
  runTrial,
  type SearchSettings,
  splitForSearch,
} from '../../nn/experiments/hyperparameter-search';
import { UsageError } from '../errors';
import { flagUsage, parseCommandArgs, parseFlags } from '../flags';
import { backendOption } from '../options';
import { SEARCH_DEFAULTS, TRIAL_OPTIONS } from './sweep-lines';
import { SEARCH_FLAGS } from './sweep-plan';

const TRIAL_FLAG = [
  {
    name: 'trial',
    integer: true,
    min: 0,
    max: 9999,
    meaning: 'which trial of the search (required)',
  },
] as const;

export const sweepTrialUsage = `sweep trial --trial I [options]: trial I of the search seeded --seed, one JSON line
${flagUsage([...TRIAL_FLAG, ...SEARCH_FLAGS])}
    --backend wasm|cpu|webgpu|auto`;

/** What the trial's JSON line holds (sweep collect reads it back). */
export interface TrialLine {
  sweep: 'search-trial';
  seed: number;
  trial: number;
  epochs: number;
  trainSize: number;
  trainImages: number;
  validationImages: number;
  lr: number;
  weightDecay: number;
  finalValAccuracy: number;
  valAccuracy: number[];
  trainAccuracy: number[];
  diverged: number | null;
  seconds: number;
  backend: string;
}

export async function sweepTrial(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, TRIAL_OPTIONS);
  const flags = parseFlags([...TRIAL_FLAG, ...SEARCH_FLAGS], values);
  if (flags.trial === undefined) throw new UsageError('--trial is required');
  const trial = flags.trial;
  const seed = flags.seed ?? 0;
  const settings: SearchSettings = {
    ...BOOK_SEARCH,
    epochs: flags.epochs ?? SEARCH_DEFAULTS.epochs,
    trainSize: flags['train-size'] ?? SEARCH_DEFAULTS.trainSize,
  };
  const backend = await chooseBackend({ request: backendOption(values.backend) });
  const { train } = await loadMnistNode({ trainSize: settings.trainSize });
  // Flat, 784 values an image, as the search hands its workers the images.
  const split = splitForSearch(train, settings, seed);
  const started = performance.now();
  const r = await runTrial(split, seed, trial, settings, {
    onEpoch: (epoch, acc) =>
      console.error(`trial ${trial}: epoch ${epoch}/${settings.epochs}, val acc ${acc.toFixed(3)}`),
  });
  const result: TrialLine = {
    sweep: 'search-trial',
    seed,
    trial,
    epochs: settings.epochs,
    trainSize: settings.trainSize,
    trainImages: split.train.count,
    validationImages: split.validation.count,
    lr: r.lr,
    weightDecay: r.weightDecay,
    finalValAccuracy: r.finalValAccuracy,
    valAccuracy: r.valAccuracy,
    trainAccuracy: r.trainAccuracy,
    diverged: r.diverged,
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    backend: backend.backend,
  };
  console.log(JSON.stringify(result));
}
