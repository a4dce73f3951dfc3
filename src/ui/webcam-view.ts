/**
 * The live view: a video (a camera's, or any canvas that animates) with what the model saw in
 * it drawn by Pixi over the frame (boxes with tags, the class map as a translucent layer), the
 * digit legend, frames/s and the latency of each stage. The page calls `showFrame()` on every
 * animation frame and `update()` whenever an answer comes back. The picture is always the
 * newest frame, while the overlay is the last answer's, kept until the next one arrives: it is
 * drawn over the live video one latency behind the frame it was computed for (on a moving
 * scene the boxes trail the digits by that much).
 */
import { Graphics } from 'pixi.js';
import { PixiComponent } from './pixi-component';
import { CARD_PAD, FONT, TextPool } from './pixi-text';
import { type BoxSet, type ClassMap, drawLegend, OverlayLayer } from './vision-overlay';

export interface WebcamViewOptions {
  width: number;
  height: number;
}

export interface WebcamStats {
  /** Answers per second (frames that went through the model). */
  fps: number;
  /** From sending a frame to its answer, milliseconds. */
  latencyMs: number;
  /** The worker's stages, milliseconds. */
  stages?: { preprocess: number; forward: number; decode: number };
  model?: string;
}

export interface WebcamViewData {
  detections?: BoxSet | null;
  mask?: ClassMap | null;
  stats?: WebcamStats | null;
  /** A line over the picture ("paused", "waiting for the camera"). */
  message?: string;
}

const LEGEND = 24;

/** "14.8 frames/s · 52 ms (prepare 6 · net 41 · decode 1)". */
export function statsLine(s: WebcamStats): string {
  const [speed, stages] = statsLines(s);
  return stages ? `${speed} (${stages})` : speed;
}

/** The same in two parts, "14.8 frames/s · 52 ms" and "prepare 6 · net 41 · decode 1" (or ''). */
export function statsLines(s: WebcamStats): [string, string] {
  const stages = s.stages
    ? `prepare ${Math.round(s.stages.preprocess)} · net ${Math.round(s.stages.forward)} · decode ${Math.round(s.stages.decode)}`
    : '';
  return [`${s.fps.toFixed(1)} frames/s · ${Math.round(s.latencyMs)} ms`, stages];
}

/**
 * Below this width (a phone) the stats take two lines under the picture: over a picture that
 * small, two lines hid the top fifth of it, boxes and labels included.
 */
const ONE_LINE_STATS_WIDTH = 480;
const BELOW_LINE = 18;

/** The view's height for a 4:3 picture `width` wide: the picture, the legend, and on a phone the stats. */
export function webcamViewHeight(width: number): number {
  return Math.round(width * 0.75) + 36 + (width < ONE_LINE_STATS_WIDTH ? 2 * BELOW_LINE : 0);
}

export class WebcamView extends PixiComponent<WebcamViewData> {
  private layer: OverlayLayer | null = null;
  private chrome!: Graphics;
  private text!: TextPool;
  private legend!: TextPool;
  private source: HTMLVideoElement | HTMLCanvasElement | null = null;
  private readonly frame = document.createElement('canvas');
  private hasFrame = false;
  private data: WebcamViewData = {};

  private constructor(host: HTMLElement, opts: WebcamViewOptions) {
    super(host, opts);
  }

  static create(parent: HTMLElement, options: WebcamViewOptions): Promise<WebcamView> {
    const card = { className: 'ga-webcam-view', label: 'Live view', ...options };
    return PixiComponent.mount(parent, card, (host) => new WebcamView(host, options));
  }

  protected buildScene(): void {
    this.layer?.destroy();
    this.layer = new OverlayLayer(this.theme);
    this.chrome = new Graphics();
    this.text = new TextPool(this.theme, { size: FONT.body, color: 0xffffff, weight: '600' });
    this.legend = new TextPool(this.theme, { size: FONT.small, color: this.theme.muted });
    this.stage.addChild(
      this.layer.container,
      this.chrome,
      this.text.container,
      this.legend.container,
    );
    if (this.hasFrame) this.layer.setCanvas(this.frame);
    this.layer.setMask(this.data.mask ?? null);
  }

  /** Where frames come from (null: none; the view says so). */
  setSource(source: HTMLVideoElement | HTMLCanvasElement | null): void {
    this.source = source;
    this.hasFrame = false;
    this.requestRedraw();
  }

  /** Copies the source's current frame into the picture (call once per animation frame). */
  showFrame(): void {
    const s = this.source;
    if (!s || !this.layer) return;
    const w = s instanceof HTMLVideoElement ? s.videoWidth : s.width;
    const h = s instanceof HTMLVideoElement ? s.videoHeight : s.height;
    if (!w || !h) return;
    if (this.frame.width !== w || this.frame.height !== h) {
      this.frame.width = w;
      this.frame.height = h;
    }
    this.frame.getContext('2d')?.drawImage(s, 0, 0, w, h);
    this.layer.setCanvas(this.frame);
    this.hasFrame = true;
    this.requestRedraw();
  }

  update(data: WebcamViewData): void {
    this.data = data;
    this.layer?.setMask(data.mask ?? null);
    const n = data.detections?.categories.length ?? 0;
    this.element.dataset.boxes = String(n);
    this.element.setAttribute(
      'aria-label',
      `Live view: ${n} boxes${data.mask ? ', class mask' : ''}${data.stats ? `, ${statsLine(data.stats)}` : ''}${data.message ? `, ${data.message}` : ''}`,
    );
    this.requestRedraw();
  }

  /** New size in CSS pixels (a phone turned, a window resized). */
  setSize(width: number, height: number): void {
    this.resize(width, height);
    this.requestRedraw();
  }

  /** The picture as the page shows it, overlays included (for a snapshot). */
  picture(): HTMLCanvasElement {
    this.flush();
    return this.canvas;
  }

  protected draw(): void {
    const layer = this.layer;
    if (!layer) return;
    const g = this.chrome;
    g.clear();
    this.text.reset();
    this.legend.reset();
    const narrow = this.width < ONE_LINE_STATS_WIDTH;
    // Kept whether or not there are stats yet, so the picture does not jump when they come.
    const areaH = this.height - LEGEND - CARD_PAD - (narrow ? 2 * BELOW_LINE : 0);
    if (this.hasFrame) {
      layer.container.visible = true;
      const at = layer.place(CARD_PAD, CARD_PAD, this.width - 2 * CARD_PAD, areaH - CARD_PAD);
      layer.drawBoxes(this.data.detections ?? null);
      const stats = this.data.stats;
      if (stats && narrow)
        statsLines(stats)
          .filter((line) => line !== '')
          .forEach((line, i) => {
            this.text.take(line, this.theme.text).position.set(CARD_PAD, areaH + i * BELOW_LINE);
          });
      const lines = [
        ...(stats && !narrow ? [statsLine(stats)] : []),
        ...(this.data.message ? [this.data.message] : []),
      ];
      lines.forEach((line, i) => {
        const t = this.text.take(line);
        const y = at.y + 4 + i * (t.height + 6);
        g.rect(at.x + 4, y - 2, t.width + 10, t.height + 4).fill({ color: 0x000000, alpha: 0.6 });
        t.position.set(at.x + 9, y);
      });
    } else {
      layer.container.visible = false;
      const t = this.text.take(this.data.message ?? 'No video yet', this.theme.muted);
      t.anchor.set(0.5, 0.5);
      t.position.set(this.width / 2, areaH / 2);
    }
    drawLegend(g, this.legend, CARD_PAD, this.height - CARD_PAD - LEGEND + 6);
    this.text.finish();
    this.legend.finish();
  }

  override destroy(): void {
    this.layer?.destroy();
    this.layer = null;
    this.source = null;
    super.destroy();
  }
}
