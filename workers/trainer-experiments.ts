/**
 * The book's experiments (src/nn/experiments) as trainer-worker calls: the same functions as
 * the CLI's `experiment`, run on the worker's MNIST and current net. Typed arrays in results
 * are marked for transfer.
 */
import * as Comlink from 'comlink';
import type { LabeledData } from '../src/nn/dataset';
import {
  type AccuracyCurvesProgress,
  type AccuracyCurvesResult,
  accuracyCurves,
} from '../src/nn/experiments/accuracy-curves';
import { type ConvFiltersResult, convFiltersExperiment } from '../src/nn/experiments/conv-filters';
import { type HalfPrecisionResult, halfPrecision } from '../src/nn/experiments/half-precision';
import {
  runTrial,
  splitForSearch,
  type TrialResult,
} from '../src/nn/experiments/hyperparameter-search';
import { type MisclassifiedResult, misclassified } from '../src/nn/experiments/misclassified';
import { type OptimizerPathsResult, optimizerPaths } from '../src/nn/experiments/optimizer-paths';
import { type TrainingCurvesResult, trainingCurves } from '../src/nn/experiments/training-curves';
import {
  type WeightInitActivationsResult,
  weightInitActivations,
} from '../src/nn/experiments/weight-init-activations';
import { createNet } from '../src/nn/nets';
import { RunControl } from '../src/nn/run-control';
import type { HyperparameterTrialRequest, TrainingCurvesUpdate } from './trainer-api';
import { TrainerState } from './trainer-state';

export class TrainerExperiments extends TrainerState {
  /** The running long experiment's control: the worker's pause, resume and stop reach it. */
  protected experiment: RunControl | null = null;

  /** Runs a long experiment under a fresh control, set before the first await. */
  private async controlled<T>(job: (control: RunControl) => Promise<T>): Promise<T> {
    const control = new RunControl();
    this.experiment = control;
    try {
      return await job(control);
    } finally {
      if (this.experiment === control) this.experiment = null;
    }
  }

  /** Fig. 7-24 for the current net: its first filters beside a fresh net's, and one test image's maps. */
  async convFiltersExperiment(testIndex: number): Promise<ConvFiltersResult> {
    const net = this.requireNet();
    if (!this.data) throw new Error('call loadMnist() first');
    const test = this.data.test;
    const i = Math.min(Math.max(0, Math.floor(testIndex)), test.count - 1);
    const fresh = createNet(net.config, 1);
    try {
      return await convFiltersExperiment(fresh, net, test.x.slice(i * 784, (i + 1) * 784));
    } finally {
      fresh.dispose();
    }
  }

  async misclassified(
    imageLimit: number,
    onProgress?: (done: number, total: number) => void,
  ): Promise<MisclassifiedResult> {
    const net = this.requireNet();
    if (!this.data) throw new Error('call loadMnist() first');
    const test = this.data.test;
    const r = await this.controlled((control) =>
      misclassified(net, test, {
        imageLimit,
        control,
        // A proxied callback: not awaited, the pass does not wait for the page.
        onProgress: onProgress && ((done, total) => void onProgress(done, total)),
      }),
    );
    return Comlink.transfer(r, [r.images.buffer]);
  }

  async halfPrecision(): Promise<HalfPrecisionResult> {
    const net = this.requireNet();
    if (!this.data) throw new Error('call loadMnist() first');
    return halfPrecision(net, this.data.test);
  }

  async optimizerPaths(): Promise<OptimizerPathsResult> {
    this.requireBackend();
    return optimizerPaths();
  }

  async weightInitActivations(seed: number): Promise<WeightInitActivationsResult> {
    this.requireBackend();
    return weightInitActivations({ seed });
  }

  async trainingCurves(
    name: TrainingCurvesResult['experiment'],
    iterations: number,
    seed: number,
    onProgress: (p: TrainingCurvesUpdate) => void,
  ): Promise<TrainingCurvesResult> {
    this.requireBackend();
    if (!this.data) throw new Error('call loadMnist() first');
    // Throttle like training progress: a message per step would flood the page; the losses
    // in between travel in the next message, so the page's live curves miss no step.
    let last = 0;
    let recent: TrainingCurvesUpdate['recent'] = [];
    const { train, test } = this.data;
    return this.controlled((control) =>
      trainingCurves(name, train, test, {
        iterations,
        seed,
        control,
        onProgress: (p) => {
          recent.push([p.variant, p.iteration, p.loss]);
          const now = performance.now();
          if (now - last > 100 || p.done === p.total) {
            last = now;
            void onProgress({ ...p, recent });
            recent = [];
          }
        },
      }),
    );
  }

  async accuracyCurves(
    name: AccuracyCurvesResult['experiment'],
    seed: number,
    onProgress: (p: AccuracyCurvesProgress) => void,
  ): Promise<AccuracyCurvesResult> {
    this.requireBackend();
    if (!this.data) throw new Error('call loadMnist() first');
    const { train, test } = this.data;
    return this.controlled((control) =>
      accuracyCurves(name, train, test, { seed, control, onProgress: (p) => void onProgress(p) }),
    );
  }

  async hyperparameterTrial(request: HyperparameterTrialRequest): Promise<TrialResult> {
    this.requireBackend();
    const { seed, trial, settings, images, labels } = request;
    let data: LabeledData;
    if (images || labels) {
      if (!(images instanceof Float32Array) || !(labels instanceof Uint8Array))
        throw new Error(
          'hyperparameterTrial: give images as a Float32Array and labels as a Uint8Array',
        );
      if (images.length !== labels.length * 784)
        throw new Error(
          `hyperparameterTrial: ${images.length} values is not ${labels.length} images of 784`,
        );
      data = { x: images, labels, sampleShape: [784], count: labels.length, classes: 10 };
    } else {
      data = this.requireData().train;
      if (data.sampleShape.length !== 1)
        throw new Error('hyperparameterTrial: load MNIST flattened (784 values an image)');
    }
    return runTrial(splitForSearch(data, settings, seed), seed, trial, settings);
  }
}
