/**
 * Chapter 3's activation functions on one set of axes: step, sigmoid, tanh, ReLU, identity,
 * with gridlines and a legend. A highlighted x (set by `update` or by hovering the plot) shows
 * each function's value there, on the curves and in the legend. With `slopes` it plots their
 * derivatives instead, with sigmoid's ceiling of 0.25 marked (why deep sigmoid nets stall).
 */
import { Container, Graphics, Text } from 'pixi.js';
import {
  ACTIVATION_LABELS,
  ACTIVATION_NAMES,
  ACTIVATIONS,
  type ActivationName,
  MAX_SLOPE,
  SLOPES,
  sampleCurve,
  sampleSlope,
} from './activation-curves';
import { PixiComponent } from './pixi-component';
import {
  clipPolyline,
  formatNumber,
  linearScale,
  niceTicks,
  type Point,
  type Rect,
} from './plot-math';

export type { ActivationName } from './activation-curves';

export interface ActivationPlotData {
  /** Which functions to draw (default: keep the current ones). */
  functions?: readonly ActivationName[];
  /** Where to read the values off the curves; null removes the marker. Hovering overrides it. */
  highlightX?: number | null;
}

export interface ActivationPlotOptions {
  /** CSS pixels (default 520 × 320). */
  width?: number;
  height?: number;
  /** Default step, sigmoid, tanh, ReLU. */
  functions?: readonly ActivationName[];
  /** Default [-6, 6]. */
  xRange?: [number, number];
  /**
   * Fixed y range. By default it follows the functions shown: [-0.25, 1.25] for step and
   * sigmoid, down to -1.25 with tanh or identity, up to 2.5 with ReLU or identity (the
   * unbounded ones are cut at the top, as in the book's separate plots).
   */
  yRange?: [number, number];
  highlightX?: number | null;
  /** Plot the derivatives (slopes) instead of the functions; the y range is then -0.25..1.25. */
  slopes?: boolean;
  /** Called with the hovered x (null when the pointer leaves). */
  onHover?: (x: number | null) => void;
}

const DEFAULT_FUNCTIONS: readonly ActivationName[] = ['step', 'sigmoid', 'tanh', 'relu'];
const MARGIN = { left: 40, right: 12, top: 12, bottom: 30 };
/** The slopes plot has a title above its plot area. */
const TITLE_ROW = 18;
const LEGEND_ROW = 18;

/** Series colour index per function, so a function keeps its colour when others are toggled. */
const COLOR_INDEX: Readonly<Record<ActivationName, number>> = {
  sigmoid: 0,
  tanh: 1,
  step: 2,
  relu: 4,
  identity: 5,
};

/** The y range used when none is given, for a set of functions (or their slopes, all in 0..1). */
export function autoYRange(functions: readonly ActivationName[], slopes = false): [number, number] {
  if (slopes) return [-0.25, 1.25];
  const negative = functions.includes('tanh') || functions.includes('identity');
  const unbounded = functions.includes('relu') || functions.includes('identity');
  return [negative ? -1.25 : -0.25, unbounded ? 2.5 : 1.25];
}

export class ActivationPlot extends PixiComponent<ActivationPlotData> {
  private readonly plot: Rect;
  private readonly xRange: [number, number];
  private readonly fixedYRange: [number, number] | null;
  private yRange: [number, number] = [Number.NaN, Number.NaN];
  private sx: (v: number) => number;
  private sy: (v: number) => number = (v) => v;
  private readonly slopes: boolean;
  private readonly value: (name: ActivationName, x: number) => number;
  private grid!: Graphics;
  private ceiling!: Graphics;
  private ceilingLabel!: Text;
  private axisLabels!: Container;
  private curves!: Graphics;
  private marker!: Graphics;
  private markerLabel!: Text;
  private legendBox!: Graphics;
  private legendRows = new Map<ActivationName, { name: Text; value: Text }>();
  /** What the next draw must redo beyond the marker (all of it after a scene rebuild). */
  private axesStale = true;
  private curvesStale = true;
  private functions: readonly ActivationName[];
  private highlightX: number | null;
  private hoverX: number | null = null;
  private readonly onHover: ((x: number | null) => void) | undefined;

  static async create(
    parent: HTMLElement,
    options: ActivationPlotOptions = {},
  ): Promise<ActivationPlot> {
    const width = options.width ?? 520;
    const height = options.height ?? 320;
    const label = options.slopes ? 'Slopes of the activation functions' : 'Activation functions';
    const card = { className: 'ga-activation-plot', label, width, height };
    return PixiComponent.mount(parent, card, (host) => new ActivationPlot(host, card, options));
  }

  private constructor(
    host: HTMLElement,
    size: { width: number; height: number },
    options: ActivationPlotOptions,
  ) {
    super(host, size);
    const { width, height } = size;
    this.plot = {
      x0: MARGIN.left,
      y0: MARGIN.top + (options.slopes ? TITLE_ROW : 0),
      x1: width - MARGIN.right,
      y1: height - MARGIN.bottom,
    };
    this.xRange = options.xRange ?? [-6, 6];
    if (!(this.xRange[1] > this.xRange[0])) throw new RangeError('xRange must be increasing');
    this.fixedYRange = options.yRange ?? null;
    if (this.fixedYRange && !(this.fixedYRange[1] > this.fixedYRange[0])) {
      throw new RangeError('yRange must be increasing');
    }
    this.sx = linearScale(this.xRange[0], this.xRange[1], this.plot.x0, this.plot.x1);
    this.functions = options.functions ?? DEFAULT_FUNCTIONS;
    this.slopes = options.slopes ?? false;
    const table = this.slopes ? SLOPES : ACTIVATIONS;
    this.value = (name, x) => table[name](x);
    this.highlightX = options.highlightX ?? null;
    this.onHover = options.onHover;

    const p = this.plot;
    const canvas = this.canvas;
    canvas.style.touchAction = 'pan-y';
    const move = (e: PointerEvent): void => {
      const r = canvas.getBoundingClientRect();
      if (r.width === 0) return;
      const px = ((e.clientX - r.left) * this.width) / r.width;
      const py = ((e.clientY - r.top) * this.height) / r.height;
      const inside = px >= p.x0 && px <= p.x1 && py >= p.y0 && py <= p.y1;
      this.setHover(inside ? this.toDataX(px) : null);
    };
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerdown', move);
    canvas.addEventListener('pointerleave', () => this.setHover(null));
  }

  protected buildScene(): void {
    const t = this.theme;
    this.grid = new Graphics();
    this.axisLabels = new Container();
    this.curves = new Graphics();
    this.ceiling = new Graphics();
    this.ceilingLabel = this.text('', 11, this.color('sigmoid'));
    const title = this.text(
      this.slopes ? 'Slopes (derivatives): what backprop multiplies by' : '',
      12,
      t.text,
    );
    title.position.set(this.plot.x0, 6);
    this.marker = new Graphics();
    this.markerLabel = this.text('', 11, t.text);
    this.legendBox = new Graphics();
    const p = this.plot;
    const background = new Graphics()
      .rect(p.x0, p.y0, p.x1 - p.x0, p.y1 - p.y0)
      .fill({ color: t.background, alpha: 0.55 });
    const legend = new Container();
    legend.addChild(this.legendBox);
    this.legendRows = new Map();
    for (const name of ACTIVATION_NAMES) {
      const row = {
        name: this.text(`${ACTIVATION_LABELS[name]}${this.slopes ? '\u2032' : ''}`, 12, t.text),
        value: this.text('', 12, t.muted),
      };
      this.legendRows.set(name, row);
      legend.addChild(row.name, row.value);
    }
    this.stage.addChild(
      background,
      this.grid,
      this.axisLabels,
      this.ceiling,
      this.ceilingLabel,
      title,
      this.curves,
      this.marker,
      this.markerLabel,
      legend,
    );
    this.axesStale = true;
    this.curvesStale = true;
  }

  update(data: ActivationPlotData): void {
    if (data.functions !== undefined) {
      this.functions = data.functions.slice();
      this.curvesStale = true;
    }
    if (data.highlightX !== undefined) this.highlightX = data.highlightX;
    this.requestRedraw();
  }

  /** The x currently read off (hover first, else the one given). */
  get currentX(): number | null {
    return this.hoverX ?? this.highlightX;
  }

  private setHover(x: number | null): void {
    if (x === this.hoverX) return;
    this.hoverX = x;
    this.requestRedraw();
    this.onHover?.(x);
  }

  private toDataX(px: number): number {
    const [lo, hi] = this.xRange;
    const x = lo + ((px - this.plot.x0) / (this.plot.x1 - this.plot.x0)) * (hi - lo);
    // Round to the pixel's precision so the legend does not flicker through long decimals.
    return Math.min(hi, Math.max(lo, Math.round(x * 100) / 100));
  }

  /** Axes and curves only when they changed: hovering redraws just the marker and legend. */
  protected draw(): void {
    if (this.curvesStale) {
      const yr = this.fixedYRange ?? autoYRange(this.functions, this.slopes);
      if (yr[0] !== this.yRange[0] || yr[1] !== this.yRange[1]) {
        this.yRange = yr;
        this.sy = linearScale(yr[0], yr[1], this.plot.y1, this.plot.y0);
        this.axesStale = true;
      }
      this.drawCurves();
      this.curvesStale = false;
    }
    if (this.axesStale) {
      this.drawAxes();
      this.axesStale = false;
    }
    this.renderMarker();
  }

  private color(name: ActivationName): number {
    const s = this.theme.series;
    return s[COLOR_INDEX[name] % s.length];
  }

  private drawAxes(): void {
    const t = this.theme;
    const p = this.plot;
    const g = this.grid;
    g.clear();
    for (const child of this.axisLabels.removeChildren()) child.destroy();
    const xt = niceTicks(this.xRange[0], this.xRange[1], 6);
    const yt = niceTicks(this.yRange[0], this.yRange[1], 4);
    for (const v of xt) g.moveTo(this.sx(v), p.y0).lineTo(this.sx(v), p.y1);
    for (const v of yt) g.moveTo(p.x0, this.sy(v)).lineTo(p.x1, this.sy(v));
    g.stroke({ width: 1, color: t.grid });
    // Axes through the origin, where it is in view.
    if (this.xRange[0] <= 0 && this.xRange[1] >= 0)
      g.moveTo(this.sx(0), p.y0).lineTo(this.sx(0), p.y1);
    if (this.yRange[0] <= 0 && this.yRange[1] >= 0)
      g.moveTo(p.x0, this.sy(0)).lineTo(p.x1, this.sy(0));
    g.stroke({ width: 1.5, color: t.muted, alpha: 0.8 });
    g.rect(p.x0, p.y0, p.x1 - p.x0, p.y1 - p.y0).stroke({ width: 1, color: t.grid });
    for (const v of xt) {
      const label = this.text(formatNumber(v), 10, t.muted);
      label.anchor.set(0.5, 0);
      label.position.set(this.sx(v), p.y1 + 4);
      this.axisLabels.addChild(label);
    }
    for (const v of yt) {
      const label = this.text(formatNumber(v), 10, t.muted);
      label.anchor.set(1, 0.5);
      label.position.set(p.x0 - 5, this.sy(v));
      this.axisLabels.addChild(label);
    }
    // The axis name sits between the last two tick labels, clear of both.
    const xl = this.text('x', 12, t.text);
    xl.anchor.set(0.5, 0);
    const lastTwo = xt.slice(-2).map((v) => this.sx(v));
    xl.position.set(lastTwo.length === 2 ? (lastTwo[0] + lastTwo[1]) / 2 : p.x1 - 8, p.y1 + 3);
    this.axisLabels.addChild(xl);
  }

  private drawCurves(): void {
    const g = this.curves;
    g.clear();
    const [x0, x1] = this.xRange;
    const [y0, y1] = this.yRange;
    // Clip in data space with a hair of slack so flat lines on the border (step at 0 and 1
    // when the range is tight) are still drawn.
    const eps = (y1 - y0) * 1e-6;
    const box: Rect = { x0, y0: y0 - eps, x1, y1: y1 + eps };
    const samples = Math.max(64, Math.round(this.plot.x1 - this.plot.x0));
    const sample = this.slopes ? sampleSlope : sampleCurve;
    for (const name of this.functions) {
      const pts = sample(name, x0, x1, samples);
      // A NaN separates the pieces of a slope that jumps (ReLU's at 0).
      for (const piece of splitAtGaps(pts)) {
        for (const run of clipPolyline(piece, box)) {
          g.moveTo(this.sx(run[0][0]), this.sy(run[0][1]));
          for (let i = 1; i < run.length; i++) g.lineTo(this.sx(run[i][0]), this.sy(run[i][1]));
        }
      }
      g.stroke({ width: 2.5, color: this.color(name), join: 'round', cap: 'round' });
    }
    this.drawCeiling();
    const what = this.slopes
      ? 'Slopes (derivatives) of the activation functions'
      : 'Activation functions';
    this.element.setAttribute(
      'aria-label',
      `${what} ${this.functions.map((f) => ACTIVATION_LABELS[f]).join(', ')} over x from ${formatNumber(x0)} to ${formatNumber(x1)}`,
    );
  }

  /** On the slopes plot with sigmoid shown: a dashed line at its largest slope, 0.25. */
  private drawCeiling(): void {
    const g = this.ceiling;
    g.clear();
    const shown = this.slopes && this.functions.includes('sigmoid');
    this.ceilingLabel.visible = shown;
    if (!shown) return;
    const p = this.plot;
    const top = MAX_SLOPE.sigmoid;
    const y = Math.round(this.sy(top)) + 0.5;
    const color = this.color('sigmoid');
    for (let x = p.x0; x < p.x1; x += 9) g.moveTo(x, y).lineTo(Math.min(x + 5, p.x1), y);
    g.stroke({ width: 1.5, color, alpha: 0.9 });
    // Under the line at the right, where every slope but ReLU's (at 1) has fallen near 0.
    this.ceilingLabel.text = `sigmoid\u2032 \u2264 ${top}`;
    this.ceilingLabel.style.fill = color;
    this.ceilingLabel.anchor.set(1, 0);
    this.ceilingLabel.position.set(p.x1 - 6, y + 3);
  }

  private renderMarker(): void {
    const t = this.theme;
    const p = this.plot;
    const x = this.currentX;
    const m = this.marker;
    m.clear();
    const inRange = x !== null && x >= this.xRange[0] && x <= this.xRange[1];
    this.markerLabel.visible = inRange;
    if (inRange) {
      const px = this.sx(x);
      m.moveTo(px, p.y0).lineTo(px, p.y1).stroke({ width: 1, color: t.text, alpha: 0.45 });
      for (const name of this.functions) {
        const y = this.value(name, x);
        if (y < this.yRange[0] || y > this.yRange[1]) continue;
        m.circle(px, this.sy(y), 4.5).fill(this.color(name)).stroke({ width: 1.5, color: t.panel });
      }
      this.markerLabel.text = `x = ${formatNumber(x)}`;
      // Beside the marker line, on the side with room.
      const right = px + 5 + this.markerLabel.width <= p.x1 - 2;
      this.markerLabel.anchor.set(right ? 0 : 1, 1);
      this.markerLabel.position.set(right ? px + 5 : px - 5, p.y1 - 3);
    }
    this.layoutLegend(inRange ? x : null);
  }

  private layoutLegend(x: number | null): void {
    const t = this.theme;
    let nameWidth = 0;
    let valueWidth = 0;
    for (const [name, row] of this.legendRows) {
      const shown = this.functions.includes(name);
      row.name.visible = shown;
      row.value.visible = shown && x !== null;
      if (!shown) continue;
      row.value.text = x === null ? '' : `= ${formatNumber(this.value(name, x), 3)}`;
      nameWidth = Math.max(nameWidth, row.name.width);
      valueWidth = Math.max(valueWidth, row.value.width);
    }
    const pad = 8;
    const swatch = 16;
    const left = this.plot.x0 + 8;
    const top = this.plot.y0 + 8;
    let i = 0;
    const box = this.legendBox;
    box.clear();
    const rows = this.functions.length;
    if (rows === 0) return;
    const w = pad + swatch + 6 + nameWidth + (x === null ? 0 : 8 + valueWidth) + pad;
    const h = pad * 2 + rows * LEGEND_ROW - 4;
    box.roundRect(left, top, w, h, 6).fill({ color: t.panel, alpha: 0.88 }).stroke({
      width: 1,
      color: t.grid,
    });
    for (const name of ACTIVATION_NAMES) {
      if (!this.functions.includes(name)) continue;
      const row = this.legendRows.get(name)!;
      const cy = top + pad + i * LEGEND_ROW + 6;
      box
        .moveTo(left + pad, cy)
        .lineTo(left + pad + swatch, cy)
        .stroke({ width: 3, color: this.color(name), cap: 'round' });
      row.name.anchor.set(0, 0.5);
      row.name.position.set(left + pad + swatch + 6, cy);
      row.value.anchor.set(0, 0.5);
      row.value.position.set(left + pad + swatch + 6 + nameWidth + 8, cy);
      i++;
    }
  }

  private text(text: string, size: number, color: number): Text {
    return new Text({
      text,
      style: { fontFamily: this.theme.fontFamily, fontSize: size, fill: color },
    });
  }
}

/** Splits sampled points at NaN values into pieces drawn separately. */
function splitAtGaps(points: ReadonlyArray<{ x: number; y: number }>): Point[][] {
  const pieces: Point[][] = [[]];
  for (const q of points) {
    if (Number.isNaN(q.y)) pieces.push([]);
    else pieces[pieces.length - 1].push([q.x, q.y]);
  }
  return pieces.filter((piece) => piece.length > 1);
}
