/**
 * Scenes side by side, each with its ground truth (thin boxes) and what a model predicted
 * (coloured boxes with tags, or the class map), a caption under each: the training page's
 * sample predictions and the fallback demo's generated scenes.
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

export interface SceneGridOptions {
  columns: number;
  /** Side of a cell's picture in CSS pixels (128). */
  cell?: number;
  title?: string;
  /** Rows to size the card for before the first update (1). */
  rows?: number;
}

export interface SceneCell {
  image: RgbImage;
  truth?: BoxSet | null;
  detections?: BoxSet | null;
  mask?: ClassMap | null;
  caption?: string;
}

export interface SceneGridData {
  scenes: SceneCell[];
}

const HEADER = 28;
const CAPTION = FONT.small + 8;
const GAP = 8;
const LEGEND = 22;

export class SceneGrid extends PixiComponent<SceneGridData> {
  private layers: OverlayLayer[] = [];
  private captions!: TextPool;
  private legend!: TextPool;
  private legendGraphics!: Graphics;
  private data: SceneGridData = { scenes: [] };

  private constructor(
    host: HTMLElement,
    private readonly opts: SceneGridOptions,
  ) {
    super(host, SceneGrid.sizeFor(opts, (opts.rows ?? 1) * opts.columns));
  }

  static sizeFor(opts: SceneGridOptions, count: number): { width: number; height: number } {
    const cell = opts.cell ?? 128;
    const rows = Math.max(1, Math.ceil(count / opts.columns));
    return {
      width: 2 * CARD_PAD + opts.columns * cell + (opts.columns - 1) * GAP,
      height: (opts.title ? HEADER : CARD_PAD) + rows * (cell + CAPTION + GAP) + LEGEND + CARD_PAD,
    };
  }

  static create(parent: HTMLElement, options: SceneGridOptions): Promise<SceneGrid> {
    const size = SceneGrid.sizeFor(options, (options.rows ?? 1) * options.columns);
    const card = { className: 'ga-scene-grid', label: options.title ?? 'Scenes', ...size };
    return PixiComponent.mount(parent, card, (host) => new SceneGrid(host, options));
  }

  protected buildScene(): void {
    for (const l of this.layers) l.destroy();
    this.layers = [];
    this.captions = new TextPool(this.theme, { size: FONT.small, color: this.theme.muted });
    this.legend = new TextPool(this.theme, { size: FONT.small, color: this.theme.muted });
    this.legendGraphics = new Graphics();
    if (this.opts.title) this.stage.addChild(makeTitle(this.theme, this.opts.title));
    this.stage.addChild(this.captions.container, this.legendGraphics, this.legend.container);
    this.apply();
  }

  update(data: SceneGridData): void {
    this.data = data;
    const size = SceneGrid.sizeFor(this.opts, data.scenes.length);
    this.resize(size.width, size.height);
    this.apply();
    const boxes = data.scenes.reduce((n, s) => n + (s.detections?.categories.length ?? 0), 0);
    this.element.setAttribute(
      'aria-label',
      `${this.opts.title ?? 'Scenes'}: ${data.scenes.length} scenes, ${boxes} predicted boxes`,
    );
    this.requestRedraw();
  }

  /** One overlay layer per scene (made or dropped to match), fed its scene. */
  private apply(): void {
    const scenes = this.data.scenes;
    while (this.layers.length > scenes.length) this.layers.pop()?.destroy();
    while (this.layers.length < scenes.length) {
      const layer = new OverlayLayer(this.theme);
      this.layers.push(layer);
      this.stage.addChildAt(layer.container, 0);
    }
    scenes.forEach((s, i) => {
      this.layers[i].setRgb(s.image);
      this.layers[i].setMask(s.mask ?? null);
    });
  }

  protected draw(): void {
    const cell = this.opts.cell ?? 128;
    const top = this.opts.title ? HEADER : CARD_PAD;
    this.captions.reset();
    this.legend.reset();
    this.legendGraphics.clear();
    const scenes = this.data.scenes;
    scenes.forEach((s, i) => {
      const x = CARD_PAD + (i % this.opts.columns) * (cell + GAP);
      const y = top + Math.floor(i / this.opts.columns) * (cell + CAPTION + GAP);
      this.layers[i].place(x, y, cell, cell);
      this.layers[i].drawBoxes(s.detections ?? null, s.truth ?? null);
      if (s.caption) {
        const t = this.captions.take(s.caption);
        t.position.set(x, y + cell + 3);
      }
    });
    if (scenes.length === 0) {
      const t = this.captions.take('No scenes yet');
      t.position.set(CARD_PAD, top + 4);
    }
    drawLegend(this.legendGraphics, this.legend, CARD_PAD, this.height - CARD_PAD - LEGEND + 4);
    this.captions.finish();
    this.legend.finish();
  }

  override destroy(): void {
    for (const l of this.layers) l.destroy();
    this.layers = [];
    super.destroy();
  }
}
