/**
 * The typed API of the style worker (workers/style.worker.ts), shared by the page (through
 * comlink) and the Node tests: Gatys-style transfer of a content picture into a style's
 * textures, with the random multi-scale feature net or the one trained here. Pictures cross
 * as 8-bit RGB (`RgbImage`, transferred); the losses come every step and the picture every
 * few steps while it optimises. Never a tensor crosses.
 */
import type { RgbImage } from '../src/data/png';
import type { BackendChoice, BackendRequest } from '../src/nn/backend';

export type { BackendChoice, BackendRequest, RgbImage };

/** Which feature net measures content and style: random filters, or the trained DeepConvNet. */
export type FeatureNetName = 'random' | 'trained';

/** A shipped style by name, or a picture of one's own. */
export type StyleSource = { shipped: string } | { picture: RgbImage };

export interface StyleRunSettings {
  features: FeatureNetName;
  /** Longer side of the picture worked on (sides rounded to multiples of 8), 16..1024. */
  size: number;
  /** Adam steps in all (the coarse pass included). */
  steps: number;
  contentWeight: number;
  styleWeight: number;
  tvWeight: number;
  /** Adam's learning rate in pixel units (pixels are in [0, 1]). */
  lr: number;
  /** 2: the first 60 % of the steps at half size (faster large shapes). */
  scales: 1 | 2;
  /** Start from the content (default) or from seeded noise. */
  init?: 'content' | 'noise';
  /** Seed of the random filters and the noise start (0). */
  seed?: number;
  /** Steps between two pictures sent while it runs (5); 0: only the final one. */
  imageEvery?: number;
}

/** The losses of one picture, unweighted, and the weighted total. */
export interface StyleLosses {
  content: number;
  style: number;
  tv: number;
  total: number;
}

export type StyleProgress =
  | {
      type: 'start';
      features: FeatureNetName;
      /** One line on the feature net. */
      description: string;
      width: number;
      height: number;
      steps: number;
      /** The content as it is worked on (the "before" picture), at the working size. */
      content: RgbImage;
    }
  | ({
      type: 'step';
      step: number;
      steps: number;
      /** The size the step ran at (half size in the coarse pass). */
      width: number;
      height: number;
      seconds: number;
    } & StyleLosses)
  | { type: 'image'; step: number; picture: RgbImage }
  | { type: 'paused' }
  | { type: 'resumed' };

export interface StyleRunSummary {
  features: FeatureNetName;
  steps: number;
  reason: 'done' | 'stopped' | 'diverged';
  /** Losses at the last step run (null when none ran). */
  last: StyleLosses | null;
  seconds: number;
  /** The result at the working size. */
  picture: RgbImage;
  /** The content at the working size. */
  content: RgbImage;
}

export interface ShippedStyleInfo {
  name: string;
  description: string;
  picture: RgbImage;
}

export interface StyleApi {
  init(request: BackendRequest): Promise<BackendChoice>;
  /**
   * The classifier (a DeepConvNet .gam) whose convolutions make the 'trained' feature net;
   * answers the net's one-line description.
   */
  loadTrainedNet(bytes: Uint8Array): Promise<string>;
  /** The shipped styles drawn at `size` (256). */
  shippedStyles(size?: number): Promise<ShippedStyleInfo[]>;
  /** Generated content picture number `index` (a landscape), `size` x `size`. */
  contentScene(index: number, size?: number): Promise<RgbImage>;
  /** Paints `content` in the style; one run at a time. */
  run(
    content: RgbImage,
    style: StyleSource,
    settings: StyleRunSettings,
    onProgress: (p: StyleProgress) => void,
  ): Promise<StyleRunSummary>;
  pause(): void;
  resume(): void;
  stop(): void;
  numTensors(): number;
}
