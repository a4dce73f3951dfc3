/**
 * The typed API of the GAN worker (workers/gan.worker.ts), shared by the "Make digits" studio
 * (through comlink) and the Node tests. The worker holds one GAN at a time (made fresh, loaded
 * from a .gan file or a shipped one), MNIST, and the shipped digit classifier that scores the
 * samples. Images come back as transferred Float32Arrays with pixels in [0, 1] (white ink on
 * black, as MNIST's); never a tensor crosses.
 */
import type { MnistLoadProgress } from '../src/data/mnist-browser';
import type { BackendChoice, BackendRequest } from '../src/nn/backend';
import type { GanConfig } from '../src/vision/gan/gan-config';
import type { GanMeta } from '../src/vision/gan/gan-file';
import type { GanWarning } from '../src/vision/gan/gan-health';
import type { GanStepReport, GanStopReason } from '../src/vision/gan/gan-training';

export type { BackendChoice, BackendRequest, GanConfig, GanMeta, GanStepReport, GanWarning };

export interface GanModelInfo {
  config: GanConfig;
  conditional: boolean;
  generatorParameters: number;
  discriminatorParameters: number;
  /** Training steps behind the weights (a file's `stepsDone`, plus the runs made here). */
  stepsDone: number;
  /** Where the weights came from: "new", "file" or what the page said when loading. */
  source: string;
  /** What the file said about itself (the CLI keeps its settings and final scores there). */
  meta: GanMeta;
}

/** Images laid out as a grid: count = rows x columns, each size x size, pixels in [0, 1]. */
export interface GanImages {
  images: Float32Array;
  count: number;
  rows: number;
  columns: number;
  size: number;
  /** The digit asked of each image (conditional GAN), else null. */
  labels: Int32Array | null;
}

export interface GanTrainSettings {
  steps: number;
  batchSize: number;
  lr: number;
  beta1: number;
  beta2?: number;
  seed: number;
  /** Draw the fixed-noise grid every N steps (20). */
  sampleEvery?: number;
  /** Score with the classifier every N steps (0: never; a multiple of sampleEvery). */
  scoreEvery?: number;
  /** Samples read at each score (500). */
  scoreSamples?: number;
}

/** What the classifier says about generated samples (see src/vision/gan/scores.ts). */
export interface GanScoreReport {
  samples: number;
  /** Share read with confidence >= 0.9. */
  confidentShare: number;
  /** Entropy of the predicted-digit histogram / ln 10. */
  coverage: number;
  histogram: number[];
  /** Conditional GAN: share read as the digit asked for. */
  agreement: number | null;
  /** Squared Fréchet distance of the classifier's penultimate features to test digits'. */
  frechet: number;
  /** The same distance between as many training digits and the same test digits, for scale. */
  frechetRealVsReal: number;
  /** Test digits the Fréchet reference was read from. */
  referenceDigits: number;
}

export type GanProgress =
  | ({ type: 'step'; stepsDone: number } & GanStepReport)
  | ({
      type: 'samples';
      step: number;
      stepsDone: number;
      /** Mean pairwise distance of the samples (within each digit), and real digits'. */
      diversity: number;
      realDiversity: number;
    } & GanImages)
  | { type: 'warning'; warning: GanWarning }
  | {
      type: 'score';
      step: number;
      stepsDone: number;
      /** Seconds spent training so far, scoring left out. */
      trainingSeconds: number;
      scores: GanScoreReport;
    }
  | { type: 'paused' }
  | { type: 'resumed' };

export interface GanTrainSummary {
  steps: number;
  stepsDone: number;
  reason: GanStopReason;
  message?: string;
  seconds: number;
  imagesPerSecond: number;
  warnings: GanWarning[];
  last: GanStepReport | null;
}

export interface GanSampleRequest {
  count: number;
  seed: number;
  /** Conditional GAN: the digit asked of every sample (else one of each in turn). */
  digit?: number;
  /** Grid columns (8). */
  columns?: number;
}

export interface GanWalkRequest {
  /** Seeds of the noise vectors visited in turn (at least two). */
  seeds: number[];
  /** Frames from one noise vector to the next (24). */
  framesPerLeg?: number;
  /** Walk back from the last vector to the first too, so the frames loop (true). */
  loop?: boolean;
  /** Conditional GAN: the digit asked along the walk (7). */
  digit?: number;
}

export interface GanWalk extends GanImages {
  /** Index of the frame at each visited noise vector. */
  keyframes: number[];
}

export interface GanApi {
  init(request: BackendRequest): Promise<BackendChoice>;
  /** MNIST's digits: from `baseUrl` (browser) or the package (Node). */
  loadMnist(
    baseUrl?: string,
    onProgress?: (p: MnistLoadProgress) => void,
  ): Promise<{ train: number; test: number }>;
  /**
   * The digit classifier the scores read samples with (a .gam book model, 28x28 input), and
   * how many test digits the Fréchet distance's reference is read from (2,000).
   */
  loadClassifier(bytes: Uint8Array, referenceDigits?: number): Promise<{ parameterCount: number }>;
  /** A fresh GAN (its weights from `seed`). */
  create(config: GanConfig, seed: number): Promise<GanModelInfo>;
  /** A .gan file; `source` names it in the info ("shipped DCGAN", "file x.gan"). */
  load(bytes: Uint8Array, source?: string): Promise<GanModelInfo>;
  info(): Promise<GanModelInfo | null>;
  save(): Promise<Uint8Array>;
  train(settings: GanTrainSettings, onProgress: (p: GanProgress) => void): Promise<GanTrainSummary>;
  pause(): void;
  resume(): void;
  stop(): void;
  /** The fixed-noise grid (a row per digit for a conditional GAN) from `noiseSeed` (1). */
  grid(noiseSeed?: number): Promise<GanImages>;
  /** Fresh samples: `count` of one digit ("give me a 7") or of whatever the noise makes. */
  sample(request: GanSampleRequest): Promise<GanImages>;
  /** A walk through noise space between the seeds' vectors (slerp), one image per frame. */
  walk(request: GanWalkRequest): Promise<GanWalk>;
  /** Scores `count` samples now (needs MNIST and the classifier). */
  score(count: number, seed: number): Promise<GanScoreReport>;
  numTensors(): number;
}
