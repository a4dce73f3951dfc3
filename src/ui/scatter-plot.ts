/**
 * A scatter plot drawn with Pixi, in the line chart's look (same card, grid, ticks and type):
 * one dot per point, optionally coloured by a third value on a colour bar, log axes where the
 * data spans decades (a learning rate from 1e-6 to 1e-2), and highlighted points drawn larger
 * with a ring (the best trials of a search). Points can stream in: append() asks for one
 * redraw per animation frame.
 */
import type { Application } from 'pixi.js';
import { Container, Graphics } from 'pixi.js';
import { makeCard } from './card';
import { formatAxisValue, logTicks, niceTicks, type Ticks, type ValueFormat } from './chart-scale';
import { createPixiApp, type UiComponent } from './pixi-canvas';
import { FONT, makeText, TextPool } from './pixi-text';
import { RedrawScheduler } from './redraw';
import { currentTheme, type Theme } from './theme';

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

const PAD = 12;
const TICK_GAP = 6;
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

export class ScatterPlot implements UiComponent<ScatterPlotData> {
  readonly element: HTMLElement;
  private points: ScatterPoint[] = [];
  private readonly theme: Theme;
  private readonly scheduler: RedrawScheduler;
  private readonly grid = new Graphics();
  private readonly dots = new Graphics();
  private readonly bar = new Graphics();
  private readonly tickLabels: TextPool;
  private readonly pointLabels: TextPool;
  private readonly overlay = new Container();
  private readonly stops: number[];

  private constructor(
    private readonly app: Application,
    host: HTMLElement,
    private readonly opts: ScatterPlotOptions,
  ) {
    this.element = host;
    this.theme = currentTheme();
    const t = this.theme;
    // Blue through green to amber: ordered by lightness in both themes.
    this.stops = [t.series[1], t.series[0], t.series[2]];
    this.tickLabels = new TextPool(t, { size: FONT.small, color: t.muted });
    this.pointLabels = new TextPool(t, { size: FONT.small, color: t.text, weight: '600' });
    app.stage.addChild(
      this.grid,
      this.tickLabels.container,
      this.dots,
      this.pointLabels.container,
      this.bar,
      this.overlay,
    );
    this.buildStaticText();
    this.scheduler = new RedrawScheduler(app, () => this.draw());
    this.scheduler.now();
  }

  static async create(parent: HTMLElement, options: ScatterPlotOptions): Promise<ScatterPlot> {
    const host = makeCard(
      parent,
      currentTheme(),
      'ga-scatter-plot',
      options.title ?? 'Scatter plot',
    );
    try {
      const app = await createPixiApp(host, {
        width: options.width,
        height: options.height,
        transparent: false,
      });
      return new ScatterPlot(app, host, options);
    } catch (err) {
      host.remove();
      throw err;
    }
  }

  /** Replaces every point. */
  update(data: ScatterPlotData): void {
    this.points = [...data.points];
    this.scheduler.request();
  }

  /** Adds points (a search streaming its trials in). */
  append(points: ReadonlyArray<ScatterPoint>): void {
    this.points.push(...points);
    this.scheduler.request();
  }

  clear(): void {
    this.points = [];
    this.scheduler.request();
  }

  /** Redraws now instead of on the next animation frame (tests, screenshots). */
  flush(): void {
    this.scheduler.now();
  }

  destroy(): void {
    this.scheduler.destroy();
    this.app.destroy({ removeView: true }, { children: true, texture: true, textureSource: true });
    this.element.remove();
  }

  /** The colour of a colour value (the accent when there is no value or no range). */
  colorOf(c: number | undefined): number {
    const range = this.opts.colorRange;
    if (c === undefined || !range) return this.theme.accent;
    const f = (v: number) => (this.opts.logColor ? Math.log10(v) : v);
    const t = (f(c) - f(range[0])) / (f(range[1]) - f(range[0]) || 1);
    return rampColor(this.stops, t);
  }

  private title?: ReturnType<typeof makeText>;
  private xLabel?: ReturnType<typeof makeText>;
  private yLabel?: ReturnType<typeof makeText>;
  private emptyText?: ReturnType<typeof makeText>;
  private barLabel?: ReturnType<typeof makeText>;
  private barLo?: ReturnType<typeof makeText>;
  private barHi?: ReturnType<typeof makeText>;

  private buildStaticText(): void {
    const t = this.theme;
    const { title, xLabel, yLabel, colorLabel, colorRange, logColor } = this.opts;
    if (title) {
      this.title = makeText(t, title, { size: FONT.title, color: t.text, weight: '600' });
      this.title.position.set(PAD, PAD - 2);
      this.overlay.addChild(this.title);
    }
    if (xLabel) {
      this.xLabel = makeText(t, xLabel, { size: FONT.small, color: t.muted });
      this.xLabel.anchor.set(0.5, 1);
      this.overlay.addChild(this.xLabel);
    }
    if (yLabel) {
      this.yLabel = makeText(t, yLabel, { size: FONT.small, color: t.muted });
      this.yLabel.anchor.set(0.5, 0);
      this.yLabel.rotation = -Math.PI / 2;
      this.overlay.addChild(this.yLabel);
    }
    if (colorRange) {
      const fmt = (v: number) => (logColor ? formatLog(v) : String(Number(v.toPrecision(3))));
      this.barLabel = makeText(t, colorLabel ?? '', { size: FONT.small, color: t.muted });
      this.barLo = makeText(t, fmt(colorRange[0]), { size: FONT.small, color: t.muted });
      this.barHi = makeText(t, fmt(colorRange[1]), { size: FONT.small, color: t.muted });
      this.barLabel.anchor.set(1, 0);
      this.barLo.anchor.set(1, 0);
      this.barHi.anchor.set(0, 0);
      this.overlay.addChild(this.barLabel, this.barLo, this.barHi);
    }
    this.emptyText = makeText(t, 'Waiting for data…', { size: FONT.body, color: t.muted });
    this.emptyText.anchor.set(0.5, 0.5);
    this.overlay.addChild(this.emptyText);
  }

  private ticks(axis: 'x' | 'y'): Ticks {
    const log = axis === 'x' ? this.opts.logX : this.opts.logY;
    const fixed = axis === 'x' ? this.opts.xRange : this.opts.yRange;
    if (fixed) {
      if (log) return logTicks(fixed[0], fixed[1]);
      const nice = niceTicks(fixed[0], fixed[1], { maxTicks: 5 });
      const values = nice.values.filter((v) => v >= fixed[0] - 1e-12 && v <= fixed[1] + 1e-12);
      return { min: fixed[0], max: fixed[1], step: nice.step, values };
    }
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const p of this.points) {
      const v = axis === 'x' ? p.x : p.y;
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!Number.isFinite(lo)) return log ? logTicks(0.01, 1) : niceTicks(0, 1);
    return log ? logTicks(lo, hi) : niceTicks(lo, hi, { maxTicks: 5 });
  }

  private draw(): void {
    const t = this.theme;
    const { width, height, logX, logY, colorRange } = this.opts;
    const fmt = this.opts.yFormat ?? 'number';
    this.tickLabels.reset();
    this.pointLabels.reset();
    let top = PAD + 28;

    // Colour bar in the header, right-aligned: caption, low label, gradient, high label. When
    // the title leaves no room beside it, the bar takes a row of its own under the title.
    const b = this.bar;
    b.clear();
    if (colorRange && this.barLo && this.barHi && this.barLabel) {
      const barRight = width - PAD - this.barHi.width - 4;
      const barLeft = barRight - BAR_WIDTH;
      const captionLeft = barLeft - 8 - this.barLo.width - this.barLabel.width;
      const crowded = this.title !== undefined && PAD + this.title.width + 12 > captionLeft;
      const y = crowded ? PAD + FONT.title + 8 : PAD + 2;
      if (crowded) top += FONT.title + 4;
      const steps = 30;
      for (let i = 0; i < steps; i++) {
        b.rect(barLeft + (i * BAR_WIDTH) / steps, y, BAR_WIDTH / steps + 0.5, 8).fill(
          rampColor(this.stops, i / (steps - 1)),
        );
      }
      this.barLo.position.set(barLeft - 4, y - 2);
      this.barHi.position.set(barRight + 4, y - 2);
      this.barLabel.position.set(barLeft - 8 - this.barLo.width, y - 2);
    }

    const xt = this.ticks('x');
    const yt = this.ticks('y');
    const tx = (v: number) => (logX ? Math.log10(v) : v);
    const ty = (v: number) => (logY ? Math.log10(v) : v);
    const yLabels = yt.values.map((v) =>
      this.tickLabels.take(logY ? formatLog(v) : formatAxisValue(v, yt.step, fmt)),
    );
    const yLabelWidth = Math.max(0, ...yLabels.map((l) => l.width));
    const left = Math.round(PAD + (this.yLabel ? 18 : 0) + yLabelWidth + TICK_GAP);
    const right = width - PAD - 6;
    const bottom = Math.round(height - PAD - (this.xLabel ? 18 : 0) - FONT.small - TICK_GAP - 2);
    const plotW = Math.max(1, right - left);
    const plotH = Math.max(1, bottom - top);
    const sx = (v: number) =>
      left + ((tx(v) - tx(xt.min)) / (tx(xt.max) - tx(xt.min) || 1)) * plotW;
    const sy = (v: number) =>
      bottom - ((ty(v) - ty(yt.min)) / (ty(yt.max) - ty(yt.min) || 1)) * plotH;

    const g = this.grid;
    g.clear();
    g.rect(left, top, plotW, plotH).fill({ color: t.background, alpha: 0.35 });
    yt.values.forEach((v, i) => {
      const py = Math.round(sy(v)) + 0.5;
      g.moveTo(left, py).lineTo(right, py);
      yLabels[i].anchor.set(1, 0.5);
      yLabels[i].position.set(left - TICK_GAP, py);
    });
    for (const v of xt.values) {
      const px = Math.round(sx(v)) + 0.5;
      g.moveTo(px, top).lineTo(px, bottom);
      const label = this.tickLabels.take(
        logX ? formatLog(v) : formatAxisValue(v, xt.step, 'number'),
      );
      label.anchor.set(0.5, 0);
      label.position.set(px, bottom + TICK_GAP);
    }
    g.stroke({ width: 1, color: t.grid });
    g.moveTo(left, bottom + 0.5)
      .lineTo(right, bottom + 0.5)
      .stroke({ width: 1, color: t.muted, alpha: 0.6 });
    this.tickLabels.finish();
    this.xLabel?.position.set(left + plotW / 2, height - PAD + 2);
    this.yLabel?.position.set(PAD - 2, top + plotH / 2);

    // Dots clamped to the plot; highlighted ones last, so they sit on top.
    const d = this.dots;
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
        const label = this.pointLabels.take(p.label);
        const onLeft = px > right - 40;
        label.anchor.set(onLeft ? 1 : 0, 0.5);
        label.position.set(px + (onLeft ? -9 : 9), py);
      }
    }
    this.pointLabels.finish();
    if (this.emptyText) {
      this.emptyText.visible = visible.length === 0;
      this.emptyText.position.set(left + plotW / 2, top + plotH / 2);
    }
  }
}

/** Log-axis labels: plain decimals between 0.001 and 10^4, exponents beyond. */
function formatLog(v: number): string {
  if (v >= 1e-3 && v < 1e4) return String(Number(v.toPrecision(3)));
  const e = Math.round(Math.log10(v));
  const mantissa = v / 10 ** e;
  const exp = String(e).replace('-', '−');
  return Math.abs(mantissa - 1) < 1e-9 ? `1e${exp}` : `${Number(mantissa.toPrecision(2))}e${exp}`;
}
