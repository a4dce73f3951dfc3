/**
 * One in-browser training run of a style transformer, as the live style worker runs it: the
 * engine's trainFastStyle (Gatys loss through the random multi-scale feature net, Adam) on a
 * ContentSampler of generated landscapes and the frames the page adds while it runs (a
 * camera's, every few seconds), with a preview every N steps: a landscape and the newest
 * frame painted by the net, and the net itself as .gst bytes so the page can paint its live
 * view with the net as it learns. This module wires; the training is src/vision/style/fast.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '../src/data/png';
import { RunControl } from '../src/nn/run-control';
import { contentScene } from '../src/vision/style/content-scenes';
import { ContentSampler } from '../src/vision/style/fast/content-sampler';
import { type FastStyleResult, trainFastStyle } from '../src/vision/style/fast/fast-style-training';
import { StyleTransformer } from '../src/vision/style/fast/style-transformer';
import {
  loadStyleTransformer,
  type StyleFileMeta,
  saveStyleTransformer,
} from '../src/vision/style/fast/transformer-file';
import { DEFAULT_RANDOM_BANKS, randomFeatureNet } from '../src/vision/style/random-features';
import { fitSize, floatsToImage, resizedTensor } from '../src/vision/style/style-image';
import { shippedStyle } from '../src/vision/style/styles';
import type { StyleSource } from './style-api';
import type { FastPreviewPicture, FastTrainProgress } from './style-live-api';
import type { CheckedTrainSettings } from './style-live-requests';
import { checkPicture } from './style-requests';

/** Frames kept as content (the sampler's newest; the oldest go first). */
export const MAX_CONTENT_FRAMES = 32;
/** Longer side of the preview pictures. */
const PREVIEW_SIDE = 128;
/** The landscape every preview paints (sky, sun, ridges, a house: easy to judge). */
const PREVIEW_SCENE = 7;

/**
 * Builds a net inside a tidy: the engine's zero-γ instance norm leaves the tensor it fills
 * its variable from (one per residual block); the tidy frees it (variables outlive a tidy).
 */
export function built<T>(make: () => T): T {
  let out: T | undefined;
  tf.tidy(() => {
    out = make();
  });
  return out as T;
}

/** The net's painting of `picture` brought to `side` on its longer side (sides multiples of 8). */
export function paintPicture(net: StyleTransformer, picture: RgbImage, side: number) {
  const { width, height } = fitSize(picture.width, picture.height, side);
  const x = resizedTensor(picture, width, height);
  try {
    const y = net.stylise(x);
    try {
      return {
        content: floatsToImage(x.dataSync(), width, height),
        painted: floatsToImage(y.dataSync(), width, height),
      };
    } finally {
      y.dispose();
    }
  } finally {
    x.dispose();
  }
}

/** The style picture a run learns: a shipped one drawn at `size`, or the user's, checked. */
export function stylePicture(style: StyleSource, size: number): RgbImage {
  if (typeof style !== 'object' || style === null)
    throw new Error('style: expected { shipped: NAME } or { picture }');
  if ('shipped' in style) return shippedStyle(style.shipped, size);
  return checkPicture('style', style.picture);
}

export interface TrainRunOutcome {
  net: StyleTransformer;
  result: FastStyleResult;
  frames: number;
  /** The net's file and the meta written into it. */
  bytes: Uint8Array;
  meta: StyleFileMeta;
}

/**
 * A run: made with its settings and the frames kept so far, then `run` trains. Frames added
 * while it runs go to its sampler; pause/resume/stop through `control`.
 */
export class FastTrainRun {
  readonly control = new RunControl();
  private readonly sampler: ContentSampler;
  private newestFrame: RgbImage | null = null;
  private frameCount = 0;

  constructor(
    private readonly s: CheckedTrainSettings,
    frames: readonly RgbImage[],
  ) {
    this.sampler = new ContentSampler(
      { photos: [], sceneShare: s.sceneShare, seed: s.seed },
      MAX_CONTENT_FRAMES,
    );
    for (const f of frames) this.addFrame(f);
  }

  /** Frames the sampler draws from. */
  get frames(): number {
    return Math.min(this.frameCount, MAX_CONTENT_FRAMES);
  }

  addFrame(frame: RgbImage): void {
    this.sampler.add(frame);
    this.newestFrame = frame;
    this.frameCount++;
  }

  /** Trains `net` (disposed with the run on failure; the caller owns it after). */
  async run(
    style: RgbImage,
    from: StyleTransformer | null,
    meta: StyleFileMeta,
    send: (p: FastTrainProgress, transfer?: Transferable[]) => void,
  ): Promise<TrainRunOutcome> {
    const s = this.s;
    const fromBytes = from ? await saveStyleTransformer(from) : null;
    const net = built(() =>
      fromBytes ? loadStyleTransformer(fromBytes).net : new StyleTransformer(s.config, s.seed),
    );
    const features = randomFeatureNet({ banks: [...DEFAULT_RANDOM_BANKS], seed: s.seed });
    const fit = fitSize(style.width, style.height, s.styleSize);
    let styleT: tf.Tensor4D | null = null;
    const metaAt = (steps: number): StyleFileMeta => ({
      ...meta,
      steps,
      side: s.side,
      batch: s.batch,
      seed: s.seed,
      frames: this.frames,
    });
    try {
      styleT = resizedTensor(style, fit.width, fit.height);
      const styleShown = floatsToImage(styleT.dataSync(), fit.width, fit.height);
      send(
        {
          type: 'start',
          steps: s.steps,
          parameters: net.parameterCount,
          description: `a transformer of ${net.config.channels.join('/')} channels and ${net.config.residualBlocks} residual blocks (${net.parameterCount.toLocaleString('en')} weights); loss through ${features.description}`,
          style: styleShown,
        },
        [styleShown.data.buffer as ArrayBuffer],
      );
      const scene = contentScene(PREVIEW_SCENE, PREVIEW_SIDE);
      const preview = async (step: number) => {
        const pictures: FastPreviewPicture[] = [
          { label: 'landscape', ...paintPicture(net, scene, PREVIEW_SIDE) },
        ];
        if (this.newestFrame)
          pictures.unshift({
            label: 'your frame',
            ...paintPicture(net, this.newestFrame, PREVIEW_SIDE),
          });
        const bytes = await saveStyleTransformer(net, metaAt(step));
        send({ type: 'preview', step, pictures, net: bytes }, [
          bytes.buffer as ArrayBuffer,
          ...pictures.flatMap(
            (p) => [p.content.data.buffer, p.painted.data.buffer] as ArrayBuffer[],
          ),
        ]);
      };
      const result = await trainFastStyle(net, features, styleT, this.sampler, {
        steps: s.steps,
        batch: s.batch,
        side: s.side,
        lr: s.lr,
        contentWeight: s.contentWeight,
        styleWeight: s.styleWeight,
        tvWeight: s.tvWeight,
        control: this.control,
        onStep: async (r) => {
          send({ type: 'step', ...r, frames: this.frames });
          if (s.previewEvery > 0 && r.step % s.previewEvery === 0 && r.step < r.steps)
            await preview(r.step);
        },
      });
      if (result.steps > 0) await preview(result.steps);
      const finalMeta = metaAt(result.steps);
      const bytes = await saveStyleTransformer(net, finalMeta);
      return { net, result, frames: this.frames, bytes, meta: finalMeta };
    } catch (e) {
      net.dispose();
      throw e;
    } finally {
      styleT?.dispose();
      features.dispose();
    }
  }

  dispose(): void {
    this.sampler.dispose();
  }
}
