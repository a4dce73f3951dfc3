/**
 * A scatter plot drawn with Pixi, in the line chart's look (same card, grid, ticks and type):
 * one dot per point, optionally coloured by a third value on a colour bar, log axes where the
 * data spans decades (a learning rate from 1e-6 to 1e-2), and highlighted points drawn larger
 * with a ring (the best trials of a search). Points can stream in: append() asks for one
 * redraw per animation frame.
 */
import { Graphics, type Text } from 'pixi.js';
import { ChartFrame, PAD } from './chart-frame';
import { fittedTicks, formatLog, rangeTicks, type Ticks, type ValueFormat } from './chart-scale';
import { PixiComponent } from './pixi-component';
import { FONT, makeText, TextPool } from './pixi-text';

export interface ScatterPoint {
  x: number;
  y: number;
  /** The colour value, placed on the colour bar (`colorRange`); no value: the accent colour. */
  c?: number;
  /** Drawn larger, with a ring and `label` beside it. */
  highlight?: boolean;
  label?: string;
}

export interface ScatterPlotOptions {
  width: number;
  height: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Log10 axes (values <= 0 are not drawn). */
  logX?: boolean;
  logY?: boolean;
  /** Fixed ranges; default: fitted to the data. */
  xRange?: [number, number];
  yRange?: [number, number];
  yFormat?: ValueFormat;
  /** The colour bar's caption and range; colour values are clamped to it. */
  colorLabel?: string;
  colorRange?: [number, number];
  /** The colour value is read on a log10 scale (weight decay from 1e-8 to 1e-4). */
  logColor?: boolean;
}

export interface ScatterPlotData {
  points: ReadonlyArray<ScatterPoint>;
}

const BAR_WIDTH = 90;

/** Linear RGB blend of colour stops, t in [0, 1]. */
export function rampColor(stops: readonly number[], t: number): number {
  if (stops.length === 0) return 0;
  if (stops.length === 1 || !Number.isFinite(t)) return stops[0];
  const u = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const k = u - i;
  const a = stops[i];
  const b = stops[i + 1];
  const ch = (shift: number) => {
    const ca = (a >> shift) & 0xff;
    const cb = (b >> shift) & 0xff;
    return Math.round(ca + (cb - ca) * k) << shift;
  };
  return ch(16) | ch(8) | ch(0);
}

/** The Pixi objects of one theme (rebuilt when it changes). */
interface ScatterScene {
  frame: ChartFrame;
  dots: Graphics;
  bar: Graphics;
  pointLabels: TextPool;
  /** The colour bar's caption and range labels, when there is a colour range. */
  barText?: { label: Text; lo: Text; hi: Text };
}

export class ScatterPlot extends PixiComponent<ScatterPlotData> {
  private points: ScatterPoint[] = [];
  private scene!: ScatterScene;

  private constructor(
    host: HTMLElement,
    private readonly opts: ScatterPlotOptions,
  ) {
    super(host, opts);
  }

  static async create(parent: HTMLElement, options: ScatterPlotOptions): Promise<ScatterPlot> {
    const spec = {
      className: 'ga-scatter-plot',
      label: options.title ?? 'Scatter plot',
      ...options,
    };
    return PixiComponent.mount(parent, spec, (host) => new ScatterPlot(host, options));
  }

  /** Replaces every point. */
  update(data: ScatterPlotData): void {
    this.points = [...data.points];
    this.requestRedraw();
  }

  /** Adds points (a search streaming its trials in). */
  append(points: ReadonlyArray<ScatterPoint>): void {
    // One push per point: a spread of a long stream would overflow the call stack.
    for (const p of points) this.points.push(p);
    this.requestRedraw();
  }

  clear(): void {
    this.points = [];
    this.requestRedraw();
  }

  /** Blue through green to amber: ordered by lightness in both themes. */
  private get stops(): number[] {
    const t = this.theme;
    return [t.series[1], t.series[0], t.series[2]];
  }

  protected buildScene(): void {
    const t = this.theme;
    const scene: ScatterScene = {
      frame: new ChartFrame(t, this.opts),
      dots: new Graphics(),
      bar: new Graphics(),
      pointLabels: new TextPool(t, { size: FONT.small, color: t.text, weight: '600' }),
    };
    scene.frame.mount(this.stage, scene.dots, scene.pointLabels.container, scene.bar);
    // The colour bar's caption and range labels (the frame holds title and axis labels).
    const { colorLabel, colorRange, logColor } = this.opts;
    if (colorRange) {
      const fmt = (v: number) => (logColor ? formatLog(v) : String(Number(v.toPrecision(3))));
      const style = { size: FONT.small, color: t.muted };
      const barText = {
        label: makeText(t, colorLabel ?? '', style),
        lo: makeText(t, fmt(colorRange[0]), style),
        hi: makeText(t, fmt(colorRange[1]), style),
      };
      barText.label.anchor.set(1, 0);
      barText.lo.anchor.set(1, 0);
      barText.hi.anchor.set(0, 0);
      scene.frame.overlay.addChild(barText.label, barText.lo, barText.hi);
      scene.barText = barText;
    }
    this.scene = scene;
  }

  /** The colour of a colour value (the accent when there is no value or no range). */
  colorOf(c: number | undefined): number {
    const range = this.opts.colorRange;
    if (c === undefined || !range) return this.theme.accent;
    const f = (v: number) => (this.opts.logColor ? Math.log10(v) : v);
    const t = (f(c) - f(range[0])) / (f(range[1]) - f(range[0]) || 1);
    return rampColor(this.stops, t);
  }

  private ticks(axis: 'x' | 'y'): Ticks {
    const log = axis === 'x' ? this.opts.logX : this.opts.logY;
    const fixed = axis === 'x' ? this.opts.xRange : this.opts.yRange;
    if (fixed) return rangeTicks(fixed[0], fixed[1], log);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const p of this.points) {
      const v = axis === 'x' ? p.x : p.y;
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return fittedTicks(lo, hi, log);
  }

  protected draw(): void {
    const t = this.theme;
    const { width, height, logX, logY } = this.opts;
    const { frame, pointLabels, barText } = this.scene;
    const fmt = this.opts.yFormat ?? 'number';
    pointLabels.reset();
    let top = PAD + 28;

    // Colour bar in the header, right-aligned: caption, low label, gradient, high label. When
    // the title leaves no room beside it, the bar takes a row of its own under the title.
    const b = this.scene.bar;
    b.clear();
    if (barText) {
      const barRight = width - PAD - barText.hi.width - 4;
      const barLeft = barRight - BAR_WIDTH;
      const captionLeft = barLeft - 8 - barText.lo.width - barText.label.width;
      const title = frame.title;
      const crowded = title !== undefined && PAD + title.width + 12 > captionLeft;
      const y = crowded ? PAD + FONT.title + 8 : PAD + 2;
      if (crowded) top += FONT.title + 4;
      const steps = 30;
      for (let i = 0; i < steps; i++) {
        b.rect(barLeft + (i * BAR_WIDTH) / steps, y, BAR_WIDTH / steps + 0.5, 8).fill(
          rampColor(this.stops, i / (steps - 1)),
        );
      }
      barText.lo.position.set(barLeft - 4, y - 2);
      barText.hi.position.set(barRight + 4, y - 2);
      barText.label.position.set(barLeft - 8 - barText.lo.width, y - 2);
    }

    const xt = this.ticks('x');
    const yt = this.ticks('y');
    // Grid, ticks and axes; the dots below are drawn into the plot area it lays out.
    const area = frame.draw({ width, height, top, xt, yt, logX, logY, yFormat: fmt });
    const { left, right, bottom, sx, sy } = area;

    // Dots clamped to the plot; highlighted ones last, so they sit on top.
    const d = this.scene.dots;
    d.clear();
    const visible = this.points.filter(
      (p) =>
        Number.isFinite(p.x) && Number.isFinite(p.y) && !(logX && p.x <= 0) && !(logY && p.y <= 0),
    );
    const cx = (v: number) => Math.min(right, Math.max(left, sx(v)));
    const cy = (v: number) => Math.min(bottom, Math.max(top, sy(v)));
    for (const p of visible) {
      if (p.highlight) continue;
      d.circle(cx(p.x), cy(p.y), 3.5).fill({ color: this.colorOf(p.c), alpha: 0.85 });
    }
    for (const p of visible) {
      if (!p.highlight) continue;
      const px = cx(p.x);
      const py = cy(p.y);
      d.circle(px, py, 5.5).fill(this.colorOf(p.c)).stroke({ width: 2, color: t.text });
      if (p.label) {
        const label = pointLabels.take(p.label);
        const onLeft = px > right - 40;
        label.anchor.set(onLeft ? 1 : 0, 0.5);
        label.position.set(px + (onLeft ? -9 : 9), py);
      }
    }
    pointLabels.finish();
    frame.showEmpty(visible.length === 0, area);
  }
}
