/**
 * Book figs. 6-9 and 6-15: train the same 5-layer, 100-unit ReLU net on MNIST several ways
 * and compare the loss curves. `optimizer-compare` varies the update rule (SGD, Momentum,
 * Nesterov, AdaGrad, RMSProp, Adam); `weight-init-compare` varies the initial weight scale
 * (std 0.01, Xavier, He). One function for the CLI's JSON and the Learn area's chart; a
 * RunControl pauses it or stops it at a step boundary with the curves trained so far.
 */
import { movingAverage } from '../../math/array-math';
import type { LabeledData } from '../dataset';
import { evaluate } from '../evaluate';
import type { InitScheme } from '../init';
import { createNet } from '../nets';
import { defaultConfig } from '../nets/config';
import { createOptimizer } from '../optimizers';
import { DEFAULT_LR, type OptimizerName } from '../optimizers/optimizer';
import type { RunControl } from '../run-control';
import { Trainer } from '../trainer';

export interface CurveVariant {
  label: string;
  optimizer: OptimizerName;
  lr: number;
  init: InitScheme;
}

export interface TrainingCurvesOptions {
  iterations?: number;
  batchSize?: number;
  seed?: number;
  /** Pauses the training between steps; a stop ends it at a step boundary (`stopped: true`). */
  control?: RunControl;
  /** Called after each step of each variant. */
  onProgress?: (p: TrainingCurvesProgress) => void;
}

/** One step of one variant; `done` of `total` steps over all the variants. */
export interface TrainingCurvesProgress {
  variant: string;
  iteration: number;
  loss: number;
  done: number;
  total: number;
}

export interface TrainingCurvesResult {
  experiment: 'optimizer-compare' | 'weight-init-compare';
  iterations: number;
  batchSize: number;
  seed: number;
  /** Stopped by its control: the variants trained so far, the last one perhaps part-way. */
  stopped: boolean;
  /** Per variant: the loss of every step, its moving average (the book's smooth_curve), test accuracy. */
  variants: Array<CurveVariant & { losses: number[]; smoothed: number[]; testAccuracy: number }>;
}

/** The book's net for these figures (its MultiLayerNet): 784 - 100 x4 - 10, ReLU. */
const NET = defaultConfig('multi-layer');

export const OPTIMIZER_COMPARE: CurveVariant[] = (
  ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as OptimizerName[]
).map((optimizer) => ({ label: optimizer, optimizer, lr: DEFAULT_LR[optimizer], init: 'he' }));

/** Fig. 6-15 trains with SGD lr 0.01. */
export const WEIGHT_INIT_COMPARE: CurveVariant[] = [
  { label: 'std 0.01', optimizer: 'sgd', lr: 0.01, init: 0.01 },
  { label: 'Xavier', optimizer: 'sgd', lr: 0.01, init: 'xavier' },
  { label: 'He', optimizer: 'sgd', lr: 0.01, init: 'he' },
];

export async function trainingCurves(
  experiment: TrainingCurvesResult['experiment'],
  train: LabeledData,
  test: LabeledData,
  opts: TrainingCurvesOptions = {},
): Promise<TrainingCurvesResult> {
  const { iterations = 2000, batchSize = 128, seed = 0, control } = opts;
  const variants = experiment === 'optimizer-compare' ? OPTIMIZER_COMPARE : WEIGHT_INIT_COMPARE;
  const results: TrainingCurvesResult['variants'] = [];
  let stopped = false;
  for (const [i, v] of variants.entries()) {
    if (control && !(await control.checkpoint())) {
      stopped = true;
      break;
    }
    // Same seed for every variant: same initial weights (per scheme) and batch order.
    const net = createNet({ ...NET, init: v.init }, seed);
    const optimizer = createOptimizer(v.optimizer, v.lr);
    try {
      const trainer = new Trainer(net, optimizer, train, test, {
        batchSize,
        iterations,
        seed,
        evalSamples: 1,
        control,
        onProgress: (e) => {
          if (e.type === 'step') {
            opts.onProgress?.({
              variant: v.label,
              iteration: e.iteration,
              loss: e.loss,
              done: i * iterations + e.iteration,
              total: variants.length * iterations,
            });
          }
        },
      });
      const run = await trainer.run();
      stopped = run.stopped;
      // A variant stopped part-way keeps the steps it took (and is scored where it stopped).
      if (run.losses.length > 0) {
        const { accuracy } = await evaluate(net, test);
        results.push({
          ...v,
          losses: run.losses,
          smoothed: movingAverage(run.losses, 20),
          testAccuracy: accuracy,
        });
      }
    } finally {
      net.dispose();
      optimizer.dispose();
    }
    if (stopped) break;
  }
  return { experiment, iterations, batchSize, seed, stopped, variants: results };
}
