/**
 * A live multi-series line chart (loss per step, accuracy per epoch), drawn with Pixi.
 *
 * Why not a chart library: every canvas in the app is Pixi, so the charts share one look
 * (theme colours, type scale) and one renderer, with no second drawing stack (SVG or Canvas 2D
 * charting) in the bundle. What a chart needs beyond that is small: nice ticks
 * (chart-scale.ts) and min/max decimation for long streams (decimate.ts), both unit-tested.
 *
 * Streaming: append() stores points in growable typed arrays and asks for one redraw per
 * animation frame; a redraw draws at most 2 points per pixel column per series, so 100k
 * points cost about as much as 1k.
 */
import { Container, Graphics } from 'pixi.js';
import { ChartFrame, PAD } from './chart-frame';
import {
  boundedTicks,
  fittedTicks,
  formatValue,
  niceTicks,
  niceTicksFixed,
  rangeTicks,
  type Ticks,
  type ValueFormat,
} from './chart-scale';
import { decimateMinMax, SeriesBuffer } from './decimate';
import { PixiComponent } from './pixi-component';
import { FONT, type makeText, TextPool } from './pixi-text';
import { seriesColor } from './series-color';

export interface SeriesDef {
  /** Key used in update() and append(). */
  name: string;
  /** Legend text (default: name). */
  label?: string;
  /** Index into the theme's series colours (default: the series' position). */
  colorIndex?: number;
  /** A colour of its own (0xRRGGBB), e.g. a digit's on every chart; overrides colorIndex. */
  color?: number;
  /**
   * Only some runs have it (an InfoGAN's Q loss, a conditional model's agreement): the legend
   * lists it once it has a point, instead of naming a line that never comes.
   */
  optional?: boolean;
}

export interface LineChartOptions {
  width: number;
  height: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  series: SeriesDef[];
  /** Fixed y range; default: fitted to the data. */
  yRange?: [number, number];
  /**
   * Bounds the fitted y axis never passes (accuracy: [0, 1]); with `yMinSpan`, its narrowest
   * span. A fixed 0..1 axis drew a run from 0.91 to 0.935 as a flat line (see ACCURACY_AXIS).
   */
  yBounds?: readonly [number, number];
  yMinSpan?: number;
  /** Fixed x range; default: fitted to the data. */
  xRange?: [number, number];
  /** Log10 y axis (values <= 0 are not drawn). */
  logY?: boolean;
  /** How y values read in ticks and the legend: 0.93 or 93.0% (default number). */
  yFormat?: ValueFormat;
  /** Whole-number x ticks only (epochs, steps). */
  xIntegers?: boolean;
  /** Draw a dot on every point when a series has at most this many visible (default 40). */
  markersUpTo?: number;
}

/**
 * An accuracy chart's value axis: fitted to the data so that 0.91 -> 0.935 is seen to rise,
 * never outside 0..1, and at least 5 points tall so epoch-to-epoch noise stays small.
 */
export const ACCURACY_AXIS = {
  yBounds: [0, 1],
  yMinSpan: 0.05,
} as const satisfies Partial<LineChartOptions>;

export type Point = readonly [number, number];

export interface LineChartData {
  /** Points per series name, sorted by x. Series left out are emptied. */
  series: Record<string, ReadonlyArray<Point>>;
}

interface SeriesState {
  def: SeriesDef;
  /** Index into the theme's series colours. */
  colorIndex: number;
  buffer: SeriesBuffer;
}

/** The Pixi objects of one theme (rebuilt when it changes). */
interface LineScene {
  frame: ChartFrame;
  /** One line per series, in the order of `series`. */
  lines: Map<string, Graphics>;
  markers: Graphics;
  legendNames: TextPool;
  legendValues: TextPool;
  legendSwatches: Graphics;
}

const LEGEND_GAP = 16;

export class LineChart extends PixiComponent<LineChartData> {
  private readonly series = new Map<string, SeriesState>();
  private scene!: LineScene;

  private constructor(
    host: HTMLElement,
    private readonly opts: LineChartOptions,
  ) {
    super(host, opts);
    opts.series.forEach((def, i) => {
      if (this.series.has(def.name)) throw new Error(`line chart: duplicate series "${def.name}"`);
      this.series.set(def.name, {
        def,
        colorIndex: def.colorIndex ?? i,
        buffer: new SeriesBuffer(),
      });
    });
  }

  /** Creates the chart as a child of `parent` (ready to draw when this resolves). */
  static async create(parent: HTMLElement, options: LineChartOptions): Promise<LineChart> {
    const spec = { className: 'ga-line-chart', label: options.title ?? 'Line chart', ...options };
    return PixiComponent.mount(parent, spec, (host) => new LineChart(host, options));
  }

  /** Replaces the data of every series (series not in `data` are emptied). */
  update(data: LineChartData): void {
    for (const name of Object.keys(data.series)) this.state(name);
    for (const [name, s] of this.series) {
      s.buffer.clear();
      for (const [x, y] of data.series[name] ?? []) s.buffer.push(x, y);
      s.buffer.ensureSorted();
    }
    this.requestRedraw();
  }

  /** Adds points to one series (the live-streaming path); in x order is cheapest. */
  append(name: string, points: ReadonlyArray<Point>): void {
    const s = this.state(name);
    for (const [x, y] of points) s.buffer.push(x, y);
    this.requestRedraw();
  }

  /** Empties every series. */
  clear(): void {
    for (const s of this.series.values()) s.buffer.clear();
    this.requestRedraw();
  }

  protected buildScene(): void {
    const t = this.theme;
    const lines = new Map<string, Graphics>();
    const lineLayer = new Container();
    for (const name of this.series.keys()) {
      const line = new Graphics();
      lines.set(name, line);
      lineLayer.addChild(line);
    }
    const markers = new Graphics();
    lineLayer.addChild(markers);
    const scene: LineScene = {
      frame: new ChartFrame(t, this.opts),
      lines,
      markers,
      legendNames: new TextPool(t, { size: FONT.body, color: t.muted }),
      legendValues: new TextPool(t, { size: FONT.body, color: t.text, weight: '600' }),
      legendSwatches: new Graphics(),
    };
    scene.frame.mount(
      this.stage,
      lineLayer,
      scene.legendSwatches,
      scene.legendNames.container,
      scene.legendValues.container,
    );
    this.scene = scene;
  }

  private color(s: SeriesState): number {
    return seriesColor(s.def.color, s.colorIndex, this.theme.series);
  }

  private state(name: string): SeriesState {
    const s = this.series.get(name);
    if (!s) {
      const known = [...this.series.keys()].join(', ');
      throw new Error(`line chart: no series named "${name}" (have: ${known})`);
    }
    return s;
  }

  private xTicks(): Ticks {
    const { xRange, xIntegers } = this.opts;
    if (xRange) return niceTicksFixed(xRange[0], xRange[1], xIntegers);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const s of this.series.values()) {
      lo = Math.min(lo, s.buffer.minX);
      hi = Math.max(hi, s.buffer.maxX);
    }
    if (!Number.isFinite(lo)) return niceTicks(0, xIntegers ? 10 : 1, { integer: xIntegers });
    return niceTicks(Math.min(lo, 0), hi, { maxTicks: 6, integer: xIntegers });
  }

  private yTicks(): Ticks {
    const { yRange, logY, yBounds, yMinSpan } = this.opts;
    if (yRange) return rangeTicks(yRange[0], yRange[1], logY);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const s of this.series.values()) {
      lo = Math.min(lo, logY ? s.buffer.minPositiveY : s.buffer.minY);
      hi = Math.max(hi, s.buffer.maxY);
    }
    if (!logY && (yBounds || yMinSpan))
      return boundedTicks(lo, hi, { bounds: yBounds, minSpan: yMinSpan });
    return fittedTicks(lo, hi, logY);
  }

  /** Legend: swatch, name, last value; returns its height (0 if it moved into the header). */
  private drawLegend(headerRight: number, titleRight: number): number {
    const fmt = this.opts.yFormat ?? 'number';
    const { legendNames, legendValues } = this.scene;
    const sw = this.scene.legendSwatches;
    sw.clear();
    const items: Array<{
      color: number;
      name: ReturnType<typeof makeText>;
      value: ReturnType<typeof makeText>;
    }> = [];
    for (const s of this.series.values()) {
      if (s.def.optional && s.buffer.lastY() === undefined) continue;
      const name = legendNames.take(s.def.label ?? s.def.name);
      const value = legendValues.take(formatValue(s.buffer.lastY(), fmt));
      items.push({ color: this.color(s), name, value });
    }
    legendNames.finish();
    legendValues.finish();
    const itemWidth = (it: (typeof items)[number]): number =>
      18 + it.name.width + 5 + it.value.width;
    const total = items.reduce((w, it) => w + itemWidth(it), 0) + LEGEND_GAP * (items.length - 1);
    // Same row as the title when there is room, otherwise rows of their own under it,
    // wrapping where a row would run past the right edge.
    const ownRow = titleRight > PAD && total > headerRight - titleRight - 24;
    let x = ownRow ? PAD : headerRight - total;
    let y = ownRow ? PAD + 20 : PAD - 1;
    let rows = 1;
    for (const it of items) {
      if (ownRow && x > PAD && x + itemWidth(it) > headerRight) {
        x = PAD;
        y += 20;
        rows++;
      }
      const cy = y + it.name.height / 2;
      sw.moveTo(x, cy)
        .lineTo(x + 12, cy)
        .stroke({ width: 3, color: it.color, cap: 'round' });
      it.name.position.set(x + 18, y);
      it.value.position.set(x + 18 + it.name.width + 5, y);
      x += itemWidth(it) + LEGEND_GAP;
    }
    return ownRow ? 20 * rows : 0;
  }

  protected draw(): void {
    const t = this.theme;
    const { width, height, logY } = this.opts;
    const { frame, lines } = this.scene;
    this.scene.legendNames.reset();
    this.scene.legendValues.reset();

    // Points appended out of x order are sorted first, so the legend reads the value at the
    // largest x (as the curve ends) rather than the one appended last.
    for (const s of this.series.values()) s.buffer.ensureSorted();
    const titleRight = frame.title ? PAD + frame.title.width : 0;
    const legendRow = this.drawLegend(width - PAD, titleRight);
    const top = PAD + 20 + legendRow + 8;

    const xt = this.xTicks();
    const yt = this.yTicks();
    const yFormat = this.opts.yFormat ?? 'number';
    // Grid, ticks and axes; the series below are drawn into the plot area it lays out.
    const area = frame.draw({ width, height, top, xt, yt, logY, yFormat });
    const { left, right, bottom, plotW, sx, sy } = area;

    // Series are clamped to the plot rather than masked (a stencil mask costs a pass per frame):
    // only fixed or bounded ranges can leave points outside, and those then run along the edge.
    const cx = (x: number): number => Math.min(right, Math.max(left, sx(x)));
    const cy = (v: number): number => Math.min(bottom, Math.max(top, sy(v)));

    // Series, decimated to the plot's pixel columns.
    let anyPoint = false;
    const markersUpTo = this.opts.markersUpTo ?? 40;
    const m = this.scene.markers;
    m.clear();
    for (const [name, s] of this.series) {
      const b = s.buffer;
      const color = this.color(s);
      const line = lines.get(name) as Graphics;
      line.clear();
      const { indices, count } = decimateMinMax(b.xs, b.ys, b.length, xt.min, xt.max, plotW, logY);
      if (count === 0) continue;
      anyPoint = true;
      const i0 = indices[0];
      line.moveTo(cx(b.xs[i0]), cy(b.ys[i0]));
      for (let k = 1; k < count; k++) line.lineTo(cx(b.xs[indices[k]]), cy(b.ys[indices[k]]));
      if (count === 1) line.circle(cx(b.xs[i0]), cy(b.ys[i0]), 1);
      // Round joins only for short lines: on long noisy ones they multiply the vertices.
      const join = count <= 200 ? 'round' : 'bevel';
      line.stroke({ width: 1.5, color, join, cap: 'butt' });
      if (count <= markersUpTo && b.length <= markersUpTo) {
        for (let k = 0; k < count; k++) {
          m.circle(cx(b.xs[indices[k]]), cy(b.ys[indices[k]]), 2.75);
        }
        m.fill(color);
      }
      // The newest point gets a ringed dot: where the curve is now.
      const last = indices[count - 1];
      m.circle(cx(b.xs[last]), cy(b.ys[last]), 3.5)
        .fill(color)
        .stroke({ width: 1.5, color: t.panel });
    }
    frame.showEmpty(!anyPoint, area);
  }
}
