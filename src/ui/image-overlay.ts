/**
 * A picture with what a vision model saw in it: boxes with "digit score" tags (the box
 * overlay), the class map as a translucent coloured layer with the digit legend (the mask
 * overlay), or both, and optionally the ground truth as thin boxes. One component for both
 * overlays because the webcam and the scenes show them together.
 */
import { Graphics } from 'pixi.js';
import { PixiComponent } from './pixi-component';
import { CARD_PAD, FONT, makeTitle, TextPool } from './pixi-text';
import {
  type BoxSet,
  type ClassMap,
  drawLegend,
  OverlayLayer,
  type RgbImage,
} from './vision-overlay';
import { boxLabel } from './vision-palette';

export interface ImageOverlayOptions {
  width: number;
  height: number;
  title?: string;
  /** Show the digit legend under the picture (default: when a mask is shown). */
  legend?: boolean;
}

export interface ImageOverlayData {
  image: RgbImage;
  detections?: BoxSet | null;
  truth?: BoxSet | null;
  mask?: ClassMap | null;
  /** Opacity of the mask's colours (0.55). */
  maskAlpha?: number;
}

const HEADER = 28;
const LEGEND = 24;

export class ImageOverlay extends PixiComponent<ImageOverlayData> {
  private layer: OverlayLayer | null = null;
  private legendGraphics!: Graphics;
  private legendText!: TextPool;
  private data: ImageOverlayData | null = null;

  private constructor(
    host: HTMLElement,
    private readonly opts: ImageOverlayOptions,
  ) {
    super(host, { width: opts.width, height: opts.height });
  }

  static create(parent: HTMLElement, options: ImageOverlayOptions): Promise<ImageOverlay> {
    const card = {
      className: 'ga-image-overlay',
      label: options.title ?? 'Detections',
      width: options.width,
      height: options.height,
    };
    return PixiComponent.mount(parent, card, (host) => new ImageOverlay(host, options));
  }

  protected buildScene(): void {
    this.layer?.destroy();
    this.layer = new OverlayLayer(this.theme);
    this.legendGraphics = new Graphics();
    this.legendText = new TextPool(this.theme, { size: FONT.small, color: this.theme.muted });
    if (this.opts.title) this.stage.addChild(makeTitle(this.theme, this.opts.title));
    this.stage.addChild(this.layer.container, this.legendGraphics, this.legendText.container);
    if (this.data) this.apply(this.data);
  }

  update(data: ImageOverlayData): void {
    this.data = data;
    this.apply(data);
    const d = data.detections;
    const found = d
      ? Array.from({ length: d.categories.length }, (_, i) =>
          boxLabel(d.categories[i], d.scores?.[i]),
        ).join(', ')
      : '';
    this.element.setAttribute(
      'aria-label',
      `${this.opts.title ?? 'Detections'}: ${d ? `${d.categories.length} boxes${found ? ` (${found})` : ''}` : 'no boxes'}${data.mask ? ', with a class mask' : ''}`,
    );
    this.element.dataset.boxes = String(d?.categories.length ?? 0);
    this.requestRedraw();
  }

  private apply(data: ImageOverlayData): void {
    this.layer?.setRgb(data.image);
    this.layer?.setMask(data.mask ?? null, data.maskAlpha);
  }

  private showsLegend(): boolean {
    return this.opts.legend ?? Boolean(this.data?.mask);
  }

  protected draw(): void {
    const layer = this.layer;
    if (!layer) return;
    const top = this.opts.title ? HEADER : CARD_PAD;
    const bottom = this.showsLegend() ? LEGEND + CARD_PAD : CARD_PAD;
    layer.place(CARD_PAD, top, this.width - 2 * CARD_PAD, this.height - top - bottom);
    layer.drawBoxes(this.data?.detections ?? null, this.data?.truth ?? null);
    this.legendGraphics.clear();
    this.legendText.reset();
    if (this.showsLegend())
      drawLegend(this.legendGraphics, this.legendText, CARD_PAD, this.height - bottom + 4);
    this.legendText.finish();
  }

  override destroy(): void {
    this.layer?.destroy();
    this.layer = null;
    super.destroy();
  }
}
