/**
 * Experiments read as accuracy per epoch (one function for the CLI's JSON and the Learn area):
 * - `batch-norm` (fig. 6-19): a 5-layer, 100-unit net on 1,000 MNIST images, SGD lr 0.01,
 *   20 epochs, with and without batch normalization, for 16 initial weight scales from 1 to
 *   1e-4. Batch norm learns from almost any scale; without it most scales never start.
 * - `overfit` (figs. 6-20 to 6-23): a 7-layer net on only 300 images for 200 epochs: train
 *   accuracy reaches 100% while test accuracy stalls; weight decay λ = 0.1 and dropout 0.2
 *   narrow the gap.
 * Both take a RunControl: a pause holds the training between steps, a stop ends it at a step
 * boundary with the curves so far.
 */
import { head, type LabeledData } from '../dataset';
import { createNet } from '../nets';
import type { MultiLayerNetExtendConfig } from '../nets/config';
import { createOptimizer } from '../optimizers';
import type { RunControl } from '../run-control';
import { Trainer } from '../trainer';
import { trainOrDiverge } from './train-or-diverge';

export interface AccuracyVariant {
  label: string;
  config: MultiLayerNetExtendConfig;
  /** For batch-norm: the initial weight std. */
  scale?: number;
}

export interface AccuracyCurvesResult {
  experiment: 'batch-norm' | 'overfit';
  trainImages: number;
  epochs: number;
  seed: number;
  /** Stopped by its control: the variants trained so far, the last one perhaps part-way. */
  stopped: boolean;
  variants: Array<{
    label: string;
    scale?: number;
    batchNorm: boolean;
    trainAccuracy: number[];
    testAccuracy: number[];
    /** The step whose loss was NaN/Inf when training blew up (the curves stop there), else null. */
    diverged: number | null;
  }>;
}

export interface AccuracyCurvesOptions {
  seed?: number;
  /** Pauses the training between steps; a stop ends it at a step boundary (`stopped: true`). */
  control?: RunControl;
  /** Override the book's epochs (tests use fewer). */
  epochs?: number;
  /** Scales for batch-norm (default 16, log-spaced from 1 to 1e-4). */
  scales?: number[];
  onProgress?: (p: AccuracyCurvesProgress) => void;
}

/**
 * One epoch of one variant; `done` of `total` epochs over all the variants. It carries the
 * epoch's accuracies so that a page can draw the curves as they train.
 */
export interface AccuracyCurvesProgress {
  variant: string;
  /** The variant's position in the experiment's list. */
  index: number;
  scale?: number;
  batchNorm: boolean;
  epoch: number;
  /** Epochs each variant trains. */
  epochs: number;
  trainAccuracy: number;
  testAccuracy: number;
  done: number;
  total: number;
}

const base = (hidden: number, layers: number): MultiLayerNetExtendConfig => ({
  kind: 'multi-layer-extend',
  inputSize: 784,
  hiddenSizes: new Array(layers).fill(hidden),
  outputSize: 10,
  activation: 'relu',
  init: 'he',
  weightDecay: 0,
  batchNorm: false,
  dropoutRatio: 0,
});

export function batchNormVariants(scales: number[]): AccuracyVariant[] {
  return scales.flatMap((scale) => [
    {
      label: `std ${scale.toExponential(1)} + batch norm`,
      scale,
      config: { ...base(100, 5), init: scale, batchNorm: true },
    },
    { label: `std ${scale.toExponential(1)}`, scale, config: { ...base(100, 5), init: scale } },
  ]);
}

export const OVERFIT_VARIANTS: AccuracyVariant[] = [
  { label: 'plain', config: base(100, 6) },
  { label: 'weight decay λ=0.1', config: { ...base(100, 6), weightDecay: 0.1 } },
  { label: 'dropout 0.2', config: { ...base(100, 6), dropoutRatio: 0.2 } },
];

/** numpy's logspace(0, -4, 16). */
export const BOOK_SCALES = Array.from({ length: 16 }, (_, i) => 10 ** (-4 * (i / 15)));

export async function accuracyCurves(
  experiment: AccuracyCurvesResult['experiment'],
  train: LabeledData,
  test: LabeledData,
  opts: AccuracyCurvesOptions = {},
): Promise<AccuracyCurvesResult> {
  const seed = opts.seed ?? 0;
  const bn = experiment === 'batch-norm';
  const trainImages = bn ? 1000 : 300;
  const epochs = opts.epochs ?? (bn ? 20 : 200);
  const variants = bn ? batchNormVariants(opts.scales ?? BOOK_SCALES) : OVERFIT_VARIANTS;
  const small = head(train, trainImages);
  // Per-epoch test accuracy on 1,000 images keeps 200-epoch runs affordable.
  const testSubset = head(test, 1000);
  const results: AccuracyCurvesResult['variants'] = [];
  const { control } = opts;
  let stopped = false;
  for (const [i, v] of variants.entries()) {
    if (control && !(await control.checkpoint())) {
      stopped = true;
      break;
    }
    const net = createNet(v.config, seed);
    const optimizer = createOptimizer('sgd', 0.01);
    const trainAccuracy: number[] = [];
    const testAccuracy: number[] = [];
    // A scale this far off can blow the loss up to NaN (the book's float64 run merely stalls):
    // the curves end there and the result says so.
    let diverged: number | null = null;
    try {
      const trainer = new Trainer(net, optimizer, small, testSubset, {
        batchSize: 100,
        epochs,
        seed,
        control,
        onProgress: (e) => {
          if (e.type !== 'epoch') return;
          trainAccuracy.push(e.train.accuracy);
          testAccuracy.push(e.test.accuracy);
          opts.onProgress?.({
            variant: v.label,
            index: i,
            scale: v.scale,
            batchNorm: v.config.batchNorm,
            epoch: e.epoch,
            epochs,
            trainAccuracy: e.train.accuracy,
            testAccuracy: e.test.accuracy,
            done: i * epochs + e.epoch,
            total: variants.length * epochs,
          });
        },
      });
      ({ stopped, diverged } = await trainOrDiverge(trainer));
    } finally {
      net.dispose();
      optimizer.dispose();
    }
    // A variant stopped before its first epoch ended has no point to draw yet.
    if (!stopped || trainAccuracy.length > 0)
      results.push({
        label: v.label,
        scale: v.scale,
        batchNorm: v.config.batchNorm,
        trainAccuracy,
        testAccuracy,
        diverged,
      });
    if (stopped) break;
  }
  return { experiment, trainImages, epochs, seed, stopped, variants: results };
}
