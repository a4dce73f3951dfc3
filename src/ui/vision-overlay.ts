/**
 * The Pixi layers every vision component draws with: a picture (RGB bytes, or a canvas that
 * changes, as a video's frames), the class map as a translucent coloured layer stretched over
 * it, boxes with "digit score" tags, and the digit legend. Not a component itself: the box and
 * mask overlay, the scene grid and the webcam view place one or more of these.
 */
import { BufferImageSource, CanvasSource, Container, Graphics, Sprite, Texture } from 'pixi.js';
import { pixelsChanged } from './pixel-upload';
import { FONT, TextPool } from './pixi-text';
import type { Theme } from './theme';
import {
  boxLabel,
  categoryColor,
  DIGIT_COLORS,
  fitInside,
  maskRgba,
  rgbToRgba,
} from './vision-palette';

/** Boxes as the worker sends them: [x, y, w, h] per box in picture pixels. */
export interface BoxSet {
  boxes: ArrayLike<number>;
  /** COCO category ids: digit + 1. */
  categories: ArrayLike<number>;
  scores?: ArrayLike<number>;
}

export interface RgbImage {
  rgb: ArrayLike<number>;
  width: number;
  height: number;
}

/** A class map lying over the whole picture (coarser or finer than it). */
export interface ClassMap {
  labels: ArrayLike<number>;
  width: number;
  height: number;
}

/** A texture over RGBA bytes, rebuilt only when the size changes. */
class PixelTexture {
  pixels: Uint8ClampedArray<ArrayBuffer>;
  readonly source: BufferImageSource;
  readonly texture: Texture;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8ClampedArray(width * height * 4);
    this.source = new BufferImageSource({
      resource: this.pixels,
      width,
      height,
      format: 'rgba8unorm',
      scaleMode: 'nearest',
      alphaMode: 'no-premultiply-alpha',
    });
    this.texture = new Texture({ source: this.source });
  }
  destroy(): void {
    this.texture.destroy();
    this.source.destroy();
  }
}

export class OverlayLayer {
  readonly container = new Container();
  private readonly picture = new Sprite();
  private readonly maskSprite = new Sprite();
  private readonly graphics = new Graphics();
  private readonly tags: TextPool;
  private image: PixelTexture | null = null;
  private canvasSource: CanvasSource | null = null;
  private canvasTexture: Texture | null = null;
  private mask: PixelTexture | null = null;
  /** The picture's size in its own pixels and where it was placed. */
  private size = { width: 0, height: 0 };
  private placed = { x: 0, y: 0, scale: 1 };

  constructor(theme: Theme) {
    this.tags = new TextPool(theme, { size: FONT.small, color: 0x111111, weight: '600' });
    this.maskSprite.visible = false;
    this.container.addChild(this.picture, this.maskSprite, this.graphics, this.tags.container);
  }

  /** Shows RGB bytes as the picture. */
  setRgb(image: RgbImage): void {
    if (!this.image || this.image.width !== image.width || this.image.height !== image.height) {
      this.image?.destroy();
      this.image = new PixelTexture(image.width, image.height);
    }
    rgbToRgba(image.rgb, this.image.pixels);
    pixelsChanged(this.image.source);
    this.picture.texture = this.image.texture;
    this.size = { width: image.width, height: image.height };
  }

  /** Shows a canvas as the picture; call again after it changes (a new video frame). */
  setCanvas(canvas: HTMLCanvasElement): void {
    if (
      !this.canvasSource ||
      this.canvasSource.resource !== canvas ||
      this.canvasSource.width !== canvas.width ||
      this.canvasSource.height !== canvas.height
    ) {
      this.canvasTexture?.destroy();
      this.canvasSource?.destroy();
      this.canvasSource = new CanvasSource({ resource: canvas });
      this.canvasTexture = new Texture({ source: this.canvasSource });
    } else {
      this.canvasSource.update();
    }
    this.picture.texture = this.canvasTexture as Texture;
    this.size = { width: canvas.width, height: canvas.height };
  }

  /** The class map over the picture at `alpha` (0..1); null hides it. */
  setMask(map: ClassMap | null, alpha = 0.55): void {
    if (!map) {
      this.maskSprite.visible = false;
      return;
    }
    if (!this.mask || this.mask.width !== map.width || this.mask.height !== map.height) {
      this.mask?.destroy();
      this.mask = new PixelTexture(map.width, map.height);
    }
    maskRgba(map.labels, alpha, this.mask.pixels);
    pixelsChanged(this.mask.source);
    this.maskSprite.texture = this.mask.texture;
    this.maskSprite.visible = true;
  }

  /** Fits the picture into the rectangle (aspect kept, centred); returns where it went. */
  place(
    x: number,
    y: number,
    width: number,
    height: number,
  ): { x: number; y: number; scale: number } {
    const fit = fitInside(this.size.width, this.size.height, width, height);
    this.placed = { x: x + fit.x, y: y + fit.y, scale: fit.scale };
    const { scale } = this.placed;
    this.picture.position.set(this.placed.x, this.placed.y);
    this.picture.width = this.size.width * scale;
    this.picture.height = this.size.height * scale;
    this.maskSprite.position.set(this.placed.x, this.placed.y);
    this.maskSprite.width = this.size.width * scale;
    this.maskSprite.height = this.size.height * scale;
    return this.placed;
  }

  /** Draws predicted boxes (coloured, tagged) and ground truth (thin, untagged) over the picture. */
  drawBoxes(predicted: BoxSet | null, truth: BoxSet | null = null): void {
    const g = this.graphics;
    g.clear();
    this.tags.reset();
    const { x: ox, y: oy, scale } = this.placed;
    const n = truth ? truth.categories.length : 0;
    for (let i = 0; i < n && truth; i++) {
      const b = [0, 1, 2, 3].map((k) => truth.boxes[i * 4 + k] * scale);
      // A light line on a dark halo, whatever the theme: it lies on the picture, which may be
      // black (clean scenes) or white (paper, a webcam), not on the card.
      g.rect(ox + b[0], oy + b[1], b[2], b[3]).stroke({ width: 3, color: 0x000000, alpha: 0.5 });
      g.rect(ox + b[0], oy + b[1], b[2], b[3]).stroke({ width: 1, color: 0xffffff, alpha: 0.9 });
    }
    const m = predicted ? predicted.categories.length : 0;
    for (let i = 0; i < m && predicted; i++) {
      const color = categoryColor(predicted.categories[i]);
      const [x, y, w, h] = [0, 1, 2, 3].map((k) => predicted.boxes[i * 4 + k] * scale);
      g.rect(ox + x, oy + y, w, h).stroke({ width: 2, color });
      const tag = this.tags.take(boxLabel(predicted.categories[i], predicted.scores?.[i]));
      const ty = Math.max(0, oy + y - tag.height - 1);
      g.rect(ox + x - 1, ty, tag.width + 6, tag.height + 1).fill({ color });
      tag.position.set(ox + x + 2, ty);
    }
    this.tags.finish();
  }

  destroy(): void {
    this.image?.destroy();
    this.mask?.destroy();
    this.canvasTexture?.destroy();
    this.canvasSource?.destroy();
    // A theme change may have destroyed the container with the stage already.
    if (!this.container.destroyed) this.container.destroy({ children: true });
  }
}

/** The digit legend (a swatch and the digit each) from (x, y) on one row; returns its width. */
export function drawLegend(g: Graphics, pool: TextPool, x: number, y: number): number {
  let at = x;
  DIGIT_COLORS.forEach((color, digit) => {
    g.rect(at, y + 2, 12, 12).fill({ color });
    const t = pool.take(String(digit));
    t.position.set(at + 15, y);
    at += 15 + t.width + 10;
  });
  return at - x;
}
