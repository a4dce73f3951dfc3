/**
 * The typed API of the live style worker (workers/style-live.worker.ts): fast style transfer
 * (Johnson et al.), a feed-forward net that paints a frame in one pass. Nets come in as .gst
 * bytes (a shipped file the page fetched, an upload, or one trained here) under ids the page
 * chooses; frames come in as a transferred ImageBitmap or bytes and go back as transferred
 * RGBA with the worker's time per stage. The same worker trains a new net on generated
 * landscapes and the frames the page adds while it runs, streaming losses and previews.
 *
 * The page runs two of these workers: one only paints the live frames, the other trains,
 * so a training step (seconds) never holds a frame up. Never a tensor crosses.
 */
import type { RgbImage } from '../src/data/png';
import type { BackendChoice, BackendRequest } from '../src/nn/backend';
import type { StyleTransformerConfig } from '../src/vision/style/fast/transformer-config';
import type { ShippedStyleInfo, StyleLosses, StyleSource } from './style-api';

export type {
  BackendChoice,
  BackendRequest,
  RgbImage,
  ShippedStyleInfo,
  StyleLosses,
  StyleSource,
  StyleTransformerConfig,
};

/**
 * A frame: an ImageBitmap (browser; transferred, closed by the worker), RGBA bytes (a
 * canvas's ImageData) or RGB bytes.
 */
export type LiveFrame =
  | { bitmap: ImageBitmap }
  | { rgba: Uint8Array | Uint8ClampedArray; width: number; height: number }
  | { rgb: Uint8Array; width: number; height: number };

/** A net held by the worker. */
export interface LiveNetInfo {
  id: string;
  /** The style its file names ('' when it does not say). */
  style: string;
  /** Training steps its file records (null when it does not say). */
  steps: number | null;
  parameters: number;
  config: StyleTransformerConfig;
  /** The size of its .gst file. */
  bytes: number;
}

/** The size a frame is painted at: sides multiples of 4 (the net halves twice). */
export interface LiveSize {
  width: number;
  height: number;
}

/** Milliseconds in the worker for one frame, and when (page clock) it came and went. */
export interface LiveWorkerTimings {
  /** performance.timeOrigin + performance.now() when the call began in the worker. */
  receivedAt: number;
  /** Reading the frame's pixels, resizing them if needed, into a float tensor. */
  preprocess: number;
  /** The net's forward pass (on wasm and cpu it runs here; on a GPU it is queued). */
  forward: number;
  /** Reading the painted frame back and packing it as RGBA. */
  readback: number;
  /** performance.timeOrigin + performance.now() as the answer left. */
  sentAt: number;
}

export interface LiveResult {
  net: string;
  width: number;
  height: number;
  /** The painted frame, RGBA with opaque alpha (ready for ImageData), transferred. */
  rgba: Uint8ClampedArray;
  timings: LiveWorkerTimings;
}

export interface FastTrainSettings {
  steps: number;
  /** Content crops a step. */
  batch: number;
  /** Side of the square training crops (a multiple of 8). */
  side: number;
  lr: number;
  contentWeight: number;
  styleWeight: number;
  tvWeight: number;
  /** Longer side the style picture is brought to (256, as the CLI). */
  styleSize?: number;
  /** The net's shape (default: the shipped nets' DEFAULT_STYLE_TRANSFORMER). */
  config?: StyleTransformerConfig;
  /** Go on from this loaded net's weights (its id) instead of fresh ones. */
  from?: string;
  /** Steps between two previews (and snapshots of the net); 0: only the final one (10). */
  previewEvery?: number;
  /** Share of crops from generated landscapes once there are frames (0.5). */
  sceneShare?: number;
  /** Seed of the fresh weights, the crops and the random feature filters (0). */
  seed?: number;
}

/** A preview: a content picture and the net's painting of it at that step. */
export interface FastPreviewPicture {
  label: string;
  content: RgbImage;
  painted: RgbImage;
}

export type FastTrainProgress =
  | {
      type: 'start';
      steps: number;
      parameters: number;
      /** One line on the net and the loss's feature net. */
      description: string;
      /** The style as it is learnt, at its working size. */
      style: RgbImage;
    }
  | ({
      type: 'step';
      step: number;
      steps: number;
      seconds: number;
      /** Frames the content sampler draws from (added by the page). */
      frames: number;
    } & StyleLosses)
  | {
      type: 'preview';
      step: number;
      pictures: FastPreviewPicture[];
      /** The net at this step as a .gst file (the page can paint live frames with it). */
      net: Uint8Array;
    }
  | { type: 'paused' }
  | { type: 'resumed' };

export interface FastTrainSummary {
  steps: number;
  reason: 'done' | 'stopped' | 'diverged';
  last: StyleLosses | null;
  seconds: number;
  /** Frames the sampler held at the end. */
  frames: number;
  /** The trained net (the last good weights) as a .gst file. */
  net: Uint8Array;
  /** It is also held by this worker under the id 'trained'. */
  info: LiveNetInfo;
}

export interface StyleLiveApi {
  init(request: BackendRequest): Promise<BackendChoice>;
  /** Builds a net from .gst bytes under `id` (replacing a net of that id). */
  loadNet(id: string, bytes: Uint8Array): Promise<LiveNetInfo>;
  /** Lets a net go (its tensors freed); unknown ids are ignored. */
  dropNet(id: string): void;
  /** The net's .gst bytes (its meta kept). */
  saveNet(id: string): Promise<Uint8Array>;
  /** Paints one frame with net `id` at `size` (the frame is resized when it is not at it). */
  stylise(id: string, frame: LiveFrame, size: LiveSize): Promise<LiveResult>;
  /** Net `id`'s painting of generated landscape `scene`, side x side (thumbnails). */
  paintScene(id: string, scene: number, side: number): Promise<RgbImage>;
  /** The shipped style pictures drawn at `size` (what a net can be trained for). */
  shippedStyles(size?: number): Promise<ShippedStyleInfo[]>;
  /** Generated landscape `index`, size x size. */
  contentScene(index: number, size?: number): Promise<RgbImage>;
  /**
   * Keeps a frame as training content (at least 32 px a side): for the run going, or for the
   * next one. Answers how many frames are kept.
   */
  addContent(frame: LiveFrame): Promise<number>;
  /** Forgets the frames kept for the next run. */
  clearContent(): void;
  /** Trains a net for `style`; one run at a time. */
  train(
    style: StyleSource,
    settings: FastTrainSettings,
    onProgress: (p: FastTrainProgress) => void,
  ): Promise<FastTrainSummary>;
  pause(): void;
  resume(): void;
  stop(): void;
  numTensors(): number;
}
