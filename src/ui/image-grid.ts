/**
 * A grid of small single-channel images (MNIST digits, conv filters) scaled up crisply by an
 * integer factor with nearest-neighbour sampling, with optional captions: the predicted label,
 * in red with the true label beside it when the prediction is wrong.
 *
 * All images live in one texture (an atlas built from the Float32Array), so a grid of 100
 * digits is one upload and 100 sprites; updates with the same shape reuse both.
 */
import { BufferImageSource, Container, Graphics, Rectangle, Sprite, Texture } from 'pixi.js';
import {
  type ColorMap,
  DIVERGING_DARK,
  DIVERGING_LIGHT,
  type GridLayout,
  gridLayout,
  type ImageShape,
  imageShape,
  writeImageRgba,
} from './color-map';
import { pixelsChanged } from './pixel-upload';
import { PixiComponent } from './pixi-component';
import { FONT, makeTitle, TextPool } from './pixi-text';

export interface ImageGridOptions {
  /** Images per row. */
  columns: number;
  /** Rows to size the canvas for before the first update (default 1); updates resize it. */
  rows?: number;
  /** Image size before the first update, [height, width] (default [28, 28]). */
  imageSize?: [number, number];
  /** Integer magnification (default 2: a 28x28 digit is 56x56 CSS pixels). */
  scale?: number;
  /** Pixels between cells (default 8). */
  gap?: number;
  /** 'gray': 0..1 as black..white; 'diverging': signed, normalised per image (default gray). */
  colorMap?: ColorMap;
  /** Reserve a caption line under each image (default true). */
  captions?: boolean;
  title?: string;
}

export interface ImageGridData {
  /** n images of h*w values, row-major, back to back. */
  images: ArrayLike<number>;
  /** [n, h, w], [n, 1, h, w] or [n, h, w, 1]. */
  shape: readonly number[];
  /** True labels: the caption when there are no predictions. */
  labels?: ArrayLike<number>;
  /** Predicted labels: the caption, red (with the true label) when wrong. */
  predictions?: ArrayLike<number>;
  /** Explicit captions (e.g. filter numbers); override labels and predictions. */
  captions?: readonly string[];
  /** Cells to mark as wrong (red frame and caption) when captions are explicit. */
  wrong?: ArrayLike<boolean>;
}

const PAD = 12;
const HEADER = 26;
const CAPTION = FONT.body + 8;

export class ImageGrid extends PixiComponent<ImageGridData> {
  private frames!: Graphics;
  private captionText!: TextPool;
  private captionNote!: TextPool;
  private headerText!: TextPool;
  private imageLayer!: Container;
  /** One texture per image, framing its part of the atlas `source`. */
  private imageTextures: Texture[] = [];
  private source: BufferImageSource | null = null;
  private pixels: Uint8ClampedArray | null = null;
  private shape: ImageShape | null = null;
  private layout: GridLayout;
  private data: ImageGridData | null = null;
  private readonly scale: number;
  private readonly gap: number;
  private selected = -1;
  private readonly selectHandlers = new Set<(index: number) => void>();

  private constructor(
    host: HTMLElement,
    private readonly opts: ImageGridOptions,
    layout: GridLayout,
  ) {
    super(host, { width: layout.width + 2 * PAD, height: layout.height + 2 * PAD });
    this.scale = ImageGrid.scaleOf(opts);
    this.gap = opts.gap ?? 8;
    this.layout = layout;
  }

  protected buildScene(): void {
    const t = this.theme;
    const opts = this.opts;
    this.frames = new Graphics();
    this.imageLayer = new Container();
    this.stage.addChild(this.imageLayer);
    this.captionText = new TextPool(t, { size: FONT.body, color: t.text, weight: '600' });
    this.captionNote = new TextPool(t, { size: FONT.small, color: t.muted });
    this.headerText = new TextPool(t, { size: FONT.small, color: t.muted });
    if (opts.title) {
      this.stage.addChild(makeTitle(t, opts.title));
    }
    this.stage.addChild(
      this.frames,
      this.captionText.container,
      this.captionNote.container,
      this.headerText.container,
    );
    this.addSprites();
    // Diverging images are coloured for the theme's background.
    if (this.shape && this.data) this.fillPixels(this.shape, this.data.images);
  }

  private static scaleOf(opts: ImageGridOptions): number {
    return Math.max(1, Math.round(opts.scale ?? 2));
  }

  private static layoutFor(
    opts: ImageGridOptions,
    count: number,
    [h, w]: [number, number],
  ): GridLayout {
    return gridLayout({
      count,
      columns: opts.columns,
      imageWidth: w,
      imageHeight: h,
      scale: ImageGrid.scaleOf(opts),
      gap: opts.gap ?? 8,
      captionHeight: opts.captions === false ? 0 : CAPTION,
      top: opts.title ? HEADER : 0,
    });
  }

  static async create(parent: HTMLElement, options: ImageGridOptions): Promise<ImageGrid> {
    const layout = ImageGrid.layoutFor(
      options,
      (options.rows ?? 1) * options.columns,
      options.imageSize ?? [28, 28],
    );
    const size = { width: layout.width + 2 * PAD, height: layout.height + 2 * PAD };
    const card = { className: 'ga-image-grid', label: options.title ?? 'Image grid', ...size };
    return PixiComponent.mount(parent, card, (host) => new ImageGrid(host, options, layout));
  }

  update(data: ImageGridData): void {
    const shape = imageShape(data.shape, data.images.length);
    const sameShape =
      this.shape !== null &&
      this.shape.count === shape.count &&
      this.shape.height === shape.height &&
      this.shape.width === shape.width;
    this.data = data;
    if (!sameShape) {
      this.rebuild(shape);
      if (this.selected >= shape.count) this.selected = -1;
    }
    this.shape = shape;
    this.fillPixels(shape, data.images);
    const wrong = this.wrongCount();
    this.element.setAttribute(
      'aria-label',
      `${this.opts.title ?? 'Image grid'}: ${shape.count} images` +
        (wrong === null ? '' : `, ${wrong} predicted wrong`),
    );
    this.requestRedraw();
  }

  /**
   * Calls `handler` with the index of the image the user picks (click, or arrow keys and
   * Enter once the grid has focus); the picked cell is framed. Returns an unsubscribe.
   */
  onSelect(handler: (index: number) => void): () => void {
    if (this.selectHandlers.size === 0) this.enableSelection();
    this.selectHandlers.add(handler);
    return () => this.selectHandlers.delete(handler);
  }

  /** Frames image `index` as selected (-1: none) without notifying handlers. */
  select(index: number): void {
    this.selected = index;
    this.requestRedraw();
  }

  private pick(index: number): void {
    if (!this.shape || index < 0 || index >= this.shape.count) return;
    this.select(index);
    for (const h of this.selectHandlers) h(index);
  }

  private enableSelection(): void {
    const canvas = this.canvas;
    canvas.style.cursor = 'pointer';
    this.element.tabIndex = 0;
    canvas.addEventListener('click', (e) => {
      // CSS may shrink the canvas (max-width: 100%): map back to layout pixels.
      const rect = canvas.getBoundingClientRect();
      const k = this.width / (rect.width || 1);
      const i = this.cellAt((e.clientX - rect.left) * k, (e.clientY - rect.top) * k);
      if (i >= 0) this.pick(i);
    });
    this.element.addEventListener('keydown', (e) => {
      if (!this.shape || this.shape.count === 0) return;
      const cols = this.layout.columns;
      const moves: Record<string, number> = {
        ArrowLeft: -1,
        ArrowRight: 1,
        ArrowUp: -cols,
        ArrowDown: cols,
      };
      if (e.key in moves) {
        e.preventDefault();
        const from = this.selected < 0 ? 0 : this.selected + moves[e.key];
        this.pick(Math.min(this.shape.count - 1, Math.max(0, from)));
      }
    });
  }

  /** The image under layout point (x, y), or -1. */
  private cellAt(x: number, y: number): number {
    if (!this.shape) return -1;
    const { columns, cellWidth, cellHeight } = this.layout;
    const top = PAD + (this.opts.title ? HEADER : 0);
    const col = Math.floor((x - PAD + this.gap / 2) / (cellWidth + this.gap));
    const row = Math.floor((y - top + this.gap / 2) / (cellHeight + this.gap));
    if (col < 0 || col >= columns || row < 0) return -1;
    const i = row * columns + col;
    return i < this.shape.count ? i : -1;
  }

  override destroy(): void {
    this.dropImages();
    super.destroy();
  }

  private dropImages(): void {
    for (const sprite of [...this.imageLayer.children]) sprite.destroy();
    for (const texture of this.imageTextures) texture.destroy();
    this.imageTextures = [];
    this.source?.destroy();
    this.source = null;
  }

  /** New atlas, textures and canvas size for a new image count or size. */
  private rebuild(shape: ImageShape): void {
    this.dropImages();
    this.layout = ImageGrid.layoutFor(this.opts, shape.count, [shape.height, shape.width]);
    const { columns, rows } = this.layout;
    this.resize(this.layout.width + 2 * PAD, this.layout.height + 2 * PAD);
    if (shape.count === 0 || shape.width === 0 || shape.height === 0) return;

    const atlasW = columns * shape.width;
    const atlasH = rows * shape.height;
    this.pixels = new Uint8ClampedArray(atlasW * atlasH * 4);
    this.source = new BufferImageSource({
      resource: this.pixels,
      width: atlasW,
      height: atlasH,
      format: 'rgba8unorm',
      scaleMode: 'nearest',
      alphaMode: 'no-premultiply-alpha',
    });
    for (let i = 0; i < shape.count; i++) {
      const col = i % columns;
      const row = Math.floor(i / columns);
      const frame = new Rectangle(col * shape.width, row * shape.height, shape.width, shape.height);
      this.imageTextures.push(new Texture({ source: this.source, frame }));
    }
    this.addSprites();
  }

  /** A sprite per image texture, under the frames and captions. */
  private addSprites(): void {
    this.imageTextures.forEach((texture, i) => {
      const sprite = new Sprite(texture);
      sprite.scale.set(this.scale);
      const [x, y] = this.cellOrigin(i);
      sprite.position.set(x, y);
      this.imageLayer.addChild(sprite);
    });
  }

  private fillPixels(shape: ImageShape, images: ArrayLike<number>): void {
    if (!this.pixels || !this.source) return;
    const { columns } = this.layout;
    const stride = columns * shape.width * 4;
    const colors = isDark(this.theme.background) ? DIVERGING_DARK : DIVERGING_LIGHT;
    const map = this.opts.colorMap ?? 'gray';
    for (let i = 0; i < shape.count; i++) {
      const col = i % columns;
      const row = Math.floor(i / columns);
      const offset = row * shape.height * stride + col * shape.width * 4;
      writeImageRgba(images, shape, i, map, this.pixels, offset, stride, colors);
    }
    pixelsChanged(this.source);
  }

  private cellOrigin(i: number): [number, number] {
    const { columns, cellWidth, cellHeight } = this.layout;
    const col = i % columns;
    const row = Math.floor(i / columns);
    const top = PAD + (this.opts.title ? HEADER : 0);
    return [PAD + col * (cellWidth + this.gap), top + row * (cellHeight + this.gap)];
  }

  private wrongCount(): number | null {
    const d = this.data;
    if (!this.shape || !(d?.wrong || (d?.predictions && d.labels))) return null;
    let wrong = 0;
    for (let i = 0; i < this.shape.count; i++) if (this.isWrong(i)) wrong++;
    return wrong;
  }

  private isWrong(i: number): boolean {
    const d = this.data;
    if (d?.wrong) return Boolean(d.wrong[i]);
    const pred = d?.predictions?.[i];
    const label = d?.labels?.[i];
    return pred !== undefined && label !== undefined && pred !== label;
  }

  protected draw(): void {
    const t = this.theme;
    for (const pool of [this.captionText, this.captionNote, this.headerText]) pool.reset();
    const g = this.frames;
    g.clear();
    const shape = this.shape;
    const d = this.data;
    const imgW = (shape?.width ?? 0) * this.scale;
    const imgH = (shape?.height ?? 0) * this.scale;
    const showCaptions = this.opts.captions !== false;

    if (!shape || shape.count === 0) {
      const msg = this.headerText.take('No images yet');
      msg.anchor.set(0.5, 0.5);
      const w = this.layout.width + 2 * PAD;
      const h = this.layout.height + 2 * PAD;
      msg.position.set(w / 2, (this.opts.title ? HEADER : 0) / 2 + h / 2);
    }

    // Header summary: "3 of 32 wrong" and the caption legend.
    const wrong = this.wrongCount();
    if (this.opts.title && wrong !== null && shape) {
      const right = PAD + this.layout.width;
      const summary = this.headerText.take(
        wrong === 0 ? `all ${shape.count} correct` : `${wrong} of ${shape.count} wrong`,
        wrong === 0 ? t.accent : t.warn,
      );
      summary.anchor.set(1, 0);
      summary.position.set(right, PAD);
      const legend = this.headerText.take('prediction (true)');
      legend.anchor.set(1, 0);
      legend.position.set(right - summary.width - 12, PAD);
    }

    for (let i = 0; shape && i < shape.count; i++) {
      const [x, y] = this.cellOrigin(i);
      const pred = d?.predictions?.[i];
      const label = d?.labels?.[i];
      const isWrong = this.isWrong(i);
      // A hairline frame; wrong predictions get a red one, the selected cell an accent ring.
      if (i === this.selected) {
        g.rect(x - 3, y - 3, imgW + 6, imgH + 6).stroke({ width: 2, color: t.accent2 });
      }
      if (isWrong) g.rect(x - 1, y - 1, imgW + 2, imgH + 2).stroke({ width: 2, color: t.warn });
      else g.rect(x - 0.5, y - 0.5, imgW + 1, imgH + 1).stroke({ width: 1, color: t.grid });
      if (!showCaptions) continue;
      const cy = y + imgH + 4;
      const cx = x + imgW / 2;
      const custom = d?.captions?.[i];
      if (custom !== undefined) {
        const c = isWrong ? this.captionText.take(custom, t.warn) : this.captionNote.take(custom);
        c.anchor.set(0.5, 0);
        c.position.set(cx, cy);
      } else if (pred !== undefined) {
        const main = this.captionText.take(String(pred), isWrong ? t.warn : t.text);
        if (isWrong) {
          const note = this.captionNote.take(`(${label})`);
          const total = main.width + 3 + note.width;
          main.anchor.set(0, 0);
          main.position.set(cx - total / 2, cy);
          note.anchor.set(0, 0);
          note.position.set(cx - total / 2 + main.width + 3, cy + 1);
        } else {
          main.anchor.set(0.5, 0);
          main.position.set(cx, cy);
        }
      } else if (label !== undefined) {
        const c = this.captionText.take(String(label), t.muted);
        c.anchor.set(0.5, 0);
        c.position.set(cx, cy);
      }
    }
    for (const pool of [this.captionText, this.captionNote, this.headerText]) pool.finish();
  }
}

/** Whether a background colour is dark (relative luminance under one half). */
function isDark(color: number): boolean {
  const r = (color >> 16) & 0xff;
  const g = (color >> 8) & 0xff;
  const b = color & 0xff;
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5;
}
