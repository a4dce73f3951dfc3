/**
 * The typed API of the vision worker (workers/vision.worker.ts), shared by the page (through
 * comlink) and the Node tests. Models live in the worker under names the page chooses
 * ("detector", "fcn", "rcnn", "trained"...); frames go in as a transferable ImageBitmap or RGB
 * bytes, answers come back as transferred typed arrays. Never a tensor crosses.
 */
import type { BackendChoice, BackendRequest } from '../src/nn/backend';
import type { ShiftPasses } from '../src/vision/detector/shift-ensemble';
import type { VisionStep } from '../src/vision/train/vision-training';
import type { VisionConfig } from '../src/vision/vision-model';

export type { BackendChoice, BackendRequest };

export type VisionModelKind = 'grid-detector' | 'fcn' | 'rcnn';

export interface VisionModelInfo {
  name: string;
  kind: VisionModelKind;
  /** [height, width] the model looks at (frames are letterboxed into it). */
  inputSize: [number, number];
  parameterCount: number;
  /** The net's config (absent for the R-CNN flow, whose classifier is a book net). */
  config?: VisionConfig;
}

/** A camera frame: an ImageBitmap (browser; transferred, closed by the worker) or RGB bytes. */
export type VisionFrame =
  | { bitmap: ImageBitmap }
  | { rgb: Uint8Array; width: number; height: number };

export interface PredictOptions {
  /** Detections scoring below this are dropped (0.3). */
  scoreThreshold?: number;
  /** NMS: a box overlapping a better one by more than this IoU is dropped (0.5). */
  iouThreshold?: number;
  /** The grid detector's shift-ensemble passes (1; 2 or 4: steadier boxes, a forward each). */
  passes?: ShiftPasses;
}

/** Milliseconds spent in each stage of one prediction, in the worker. */
export interface StageTimings {
  /** Reading the frame, letterboxing and standardising it. */
  preprocess: number;
  /** The net's forward pass, up to the numbers being read back. */
  forward: number;
  /** Boxes from the head and NMS, or the mask cut to the frame. */
  decode: number;
}

/** What a model saw in a frame, in frame pixels. */
export interface VisionResult {
  model: string;
  kind: VisionModelKind;
  width: number;
  height: number;
  /** [x, y, width, height] per detection (COCO's box), frame pixels. */
  boxes: Float32Array;
  /** COCO category id per detection: digit + 1. */
  categories: Uint8Array;
  scores: Float32Array;
  /** The segmenter's class map over the frame (0 background, digit + 1), coarser than it. */
  mask: { labels: Uint8Array; width: number; height: number } | null;
  timings: StageTimings;
}

export type SceneStyle = 'clean' | 'paper';

export interface SceneRequest {
  count: number;
  seed: number;
  style: SceneStyle;
  /** Scene size (default 128 x 128). */
  width?: number;
  height?: number;
  /** Which MNIST split the digits come from (default test: digits no model trained on). */
  split?: 'train' | 'test';
}

/** A generated scene with its ground truth. */
export interface SceneSample {
  width: number;
  height: number;
  /** RGB, row-major. */
  image: Uint8Array;
  /** Class map: 0 background, digit + 1, 255 void. */
  labels: Uint8Array;
  objects: Array<{ bbox: [number, number, number, number]; categoryId: number }>;
}

export interface VisionTrainSettings {
  steps: number;
  batchSize: number;
  lr: number;
  lrDecay?: 'cosine' | 'none';
  seed: number;
  /** Held-out scenes scored at each evaluation (40). */
  evalScenes?: number;
  /** Steps between evaluations (0: only at the end). */
  evalEvery?: number;
  /** Share of paper-style training scenes (0.5). */
  paperShare?: number;
  /**
   * Digits a training scene holds, from minDigits to maxDigits (1 to 6, as the held-out
   * scenes): denser scenes give more digits to learn from for the same step.
   */
  minDigits?: number;
  maxDigits?: number;
  /** Held-out scenes shown with their predictions at each evaluation (6). */
  samples?: number;
}

/** An evaluation on held-out scenes, as plain data. */
export interface VisionScore {
  task: 'detect' | 'segment';
  step: number;
  /** mAP@0.5 (detector) or mean IoU (segmenter). */
  headline: number;
  /** Detector: mAP@[.5:.95]; segmenter: pixel accuracy. */
  second: number;
  /** Per class (digit 0..9 for the detector, background + digits for the segmenter). */
  perClass: (number | null)[];
  /** Detector: precision at recall 0, 0.01 ... 1 per digit, IoU 0.5. */
  prCurves: (number[] | null)[] | null;
  /** Segmenter: the confusion matrix, counts[truth * classes + predicted]. */
  confusion: number[] | null;
}

export type VisionProgress =
  | ({ type: 'step'; etaSeconds: number } & VisionStep)
  | {
      type: 'eval';
      score: VisionScore;
      samples: Array<{ scene: SceneSample; prediction: VisionResult }>;
    }
  /** Automatic mode timed the net on the competing backends before training: the choice. */
  | { type: 'backend'; choice: BackendChoice; message: string }
  | { type: 'paused' }
  | { type: 'resumed' };

export interface VisionTrainSummary {
  steps: number;
  reason: 'done' | 'stopped' | 'diverged';
  message?: string;
  seconds: number;
  imagesPerSecond: number;
  final: VisionScore | null;
}

export interface VisionApi {
  init(request: BackendRequest): Promise<BackendChoice>;
  /** Loads MNIST's digits for scenes: from `baseUrl` (browser) or the package (Node). */
  loadDigits(splits: Array<'train' | 'test'>, baseUrl?: string): Promise<Record<string, number>>;
  /** A vision model file (.gav) under `name`. */
  load(name: string, bytes: Uint8Array): Promise<VisionModelInfo>;
  /** The R-CNN flow under `name`, its crop classifier a book model file (.gam). */
  loadRcnn(name: string, bytes: Uint8Array): Promise<VisionModelInfo>;
  /** A fresh net under `name`. */
  create(name: string, config: VisionConfig, seed: number): Promise<VisionModelInfo>;
  models(): Promise<VisionModelInfo[]>;
  drop(name: string): Promise<void>;
  save(name: string): Promise<Uint8Array>;
  train(
    name: string,
    settings: VisionTrainSettings,
    onProgress: (p: VisionProgress) => void,
  ): Promise<VisionTrainSummary>;
  pause(): void;
  resume(): void;
  stop(): void;
  predict(name: string, frame: VisionFrame, opts?: PredictOptions): Promise<VisionResult>;
  scenes(request: SceneRequest): Promise<SceneSample[]>;
  numTensors(): number;
}
