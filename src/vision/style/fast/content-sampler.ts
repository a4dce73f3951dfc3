/**
 * Content pictures for training a style transformer: seeded random crops of photographs (the
 * CLI's --content folder; in the browser, camera frames) mixed with our generated landscapes
 * (content-scenes.ts), each crop at a random scale and position, mirrored half the time, and
 * resized to the training side. Many different views of a few photographs: the net learns to
 * paint any layout, not the photographs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '../../../data/png';
import { Rng } from '../../../nn/rng';
import { contentScene, MAX_SCENE_INDEX } from '../content-scenes';
import { imageToTensor } from '../style-image';

export interface ContentSamplerOptions {
  /** Photographs (any sizes, at least 32 px a side). */
  photos: readonly RgbImage[];
  /** Share of the crops taken from generated scenes (all of them when there is no photo). */
  sceneShare: number;
  /** Smallest crop side as a share of the picture's shorter side. */
  minCrop: number;
  seed: number;
}

export const CONTENT_SAMPLER_DEFAULTS: Omit<ContentSamplerOptions, 'photos'> = {
  sceneShare: 0.25,
  minCrop: 0.35,
  seed: 0,
};

export class ContentSampler {
  private readonly rng: Rng;
  private readonly photos: tf.Tensor4D[] = [];
  private readonly options: ContentSamplerOptions;
  /** Photos added later (camera frames), kept to the newest `maxExtra`. */
  private readonly extra: tf.Tensor4D[] = [];

  constructor(
    options: Partial<ContentSamplerOptions> & Pick<ContentSamplerOptions, 'photos'>,
    private readonly maxExtra = 32,
  ) {
    this.options = { ...CONTENT_SAMPLER_DEFAULTS, ...options };
    const { sceneShare, minCrop } = this.options;
    if (!(sceneShare >= 0 && sceneShare <= 1))
      throw new Error(`content sampler: sceneShare must be in [0, 1], got ${sceneShare}`);
    if (!(minCrop > 0 && minCrop <= 1))
      throw new Error(`content sampler: minCrop must be in (0, 1], got ${minCrop}`);
    for (const [i, p] of options.photos.entries())
      this.photos.push(checkedTensor(p, `photo ${i + 1}`));
    this.rng = new Rng(this.options.seed);
  }

  /** How many photographs it draws from (shipped and added). */
  get photoCount(): number {
    return this.photos.length + this.extra.length;
  }

  /** Adds a picture (a camera frame); the oldest added one goes when there are too many. */
  add(image: RgbImage): void {
    this.extra.push(checkedTensor(image, 'added picture'));
    if (this.extra.length > this.maxExtra) this.extra.shift()?.dispose();
  }

  /** `count` crops [count, side, side, 3] in [0, 1]. */
  batch(count: number, side: number): tf.Tensor4D {
    const crops: tf.Tensor4D[] = [];
    try {
      for (let i = 0; i < count; i++) crops.push(this.crop(side));
      return tf.concat(crops, 0);
    } finally {
      for (const c of crops) c.dispose();
    }
  }

  private crop(side: number): tf.Tensor4D {
    const all = [...this.photos, ...this.extra];
    const fromScene = all.length === 0 || this.rng.next() < this.options.sceneShare;
    if (fromScene) {
      // A whole landscape at the side (they are drawn for any size), mirrored half the time.
      const scene = imageToTensor(contentScene(this.rng.int(MAX_SCENE_INDEX), side));
      if (this.rng.next() < 0.5) return tf.tidy(() => tf.reverse(scene, 2) as tf.Tensor4D);
      return scene;
    }
    const photo = all[this.rng.int(all.length)] as tf.Tensor4D;
    const [, h, w] = photo.shape;
    const short = Math.min(h, w);
    const cropSide = Math.round(short * this.rng.uniform(this.options.minCrop, 1));
    const y = this.rng.int(h - cropSide + 1);
    const x = this.rng.int(w - cropSide + 1);
    const flip = this.rng.next() < 0.5;
    return tf.tidy(() => {
      // cropAndResize takes the box in [0, 1] coordinates of the picture (y1, x1, y2, x2).
      const box = [
        y / (h - 1),
        x / (w - 1),
        (y + cropSide - 1) / (h - 1),
        (x + cropSide - 1) / (w - 1),
      ];
      const c = tf.image.cropAndResize(photo, [box], [0], [side, side], 'bilinear');
      return (flip ? tf.reverse(c, 2) : c) as tf.Tensor4D;
    });
  }

  dispose(): void {
    for (const t of [...this.photos, ...this.extra]) t.dispose();
    this.photos.length = 0;
    this.extra.length = 0;
  }
}

function checkedTensor(image: RgbImage, what: string): tf.Tensor4D {
  if (image.width < 32 || image.height < 32)
    throw new Error(
      `content sampler: ${what} is ${image.width}x${image.height}; sides must be at least 32`,
    );
  if (image.data.length !== image.width * image.height * 3)
    throw new Error(
      `content sampler: ${what} has ${image.data.length} bytes for ${image.width}x${image.height} RGB`,
    );
  return imageToTensor(image);
}
