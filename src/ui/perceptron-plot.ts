/**
 * Chapter 2's picture of a perceptron: the input plane (x1, x2), the four inputs of a gate as
 * dots coloured by the perceptron's output, the decision line w1·x1 + w2·x2 + b = 0 and the
 * half-plane where y = 1 shaded. A two-layer network (XOR = AND(NAND, OR)) draws both hidden
 * lines and shades the region where the whole network outputs 1: the band between them.
 */
import { Container, Graphics, Text } from 'pixi.js';
import { type Bit, GATES, type PerceptronWeights, perceptron } from '../nn/perceptron';
import { PixiComponent } from './pixi-component';
import {
  clipPolygonToHalfPlane,
  clipPolygonToNegativeHalfPlane,
  formatNumber,
  linearScale,
  lineInRect,
  type Point,
  type Rect,
} from './plot-math';
import type { Theme } from './theme';

/** Outputs for the inputs (0,0), (1,0), (0,1), (1,1), in that order (as `truthTable`). */
export type GateBits = [Bit, Bit, Bit, Bit];

/** The four inputs of a two-input gate, in the order of `GateBits`. */
export const GATE_INPUTS: ReadonlyArray<readonly [Bit, Bit]> = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];

/** One perceptron: its weights, and optionally what each input should give (a preset gate). */
export interface SingleLayerData extends PerceptronWeights {
  /** Expected y for (0,0), (1,0), (0,1), (1,1); points where the output differs get a ring. */
  expected?: readonly Bit[];
  /** Name shown beside the line (e.g. "AND"). */
  label?: string;
}

/**
 * Two layers: two hidden perceptrons s1, s2 on the inputs, and an output perceptron on
 * (s1, s2) (default the book's AND, which makes NAND + OR into XOR).
 */
export interface TwoLayerData {
  /** 'xor' names the lines NAND and OR and captions the plot as XOR unless told otherwise. */
  mode?: 'two-layer' | 'xor';
  layers: readonly [PerceptronWeights, PerceptronWeights];
  output?: PerceptronWeights;
  expected?: readonly Bit[];
  /** Names of the two hidden lines (default "s1", "s2"). */
  labels?: [string, string];
  /** Caption above the plot (default "y = AND(s1, s2)" with the line names). */
  label?: string;
}

export type PerceptronPlotData = SingleLayerData | TwoLayerData;

export interface PerceptronPlotOptions {
  /** Shorthand for a square canvas of this many CSS pixels. */
  size?: number;
  /** CSS pixels (default 360 × 360). */
  width?: number;
  height?: number;
  /** Shown range of both inputs (default [-0.5, 1.5]). */
  range?: [number, number];
  /** First picture (default the book's AND). */
  initial?: PerceptronPlotData;
}

/** The book's XOR as two layers: s1 = NAND, s2 = OR, y = AND(s1, s2). */
export const XOR_LAYERS: TwoLayerData = {
  layers: [GATES.NAND, GATES.OR],
  output: GATES.AND,
  expected: [0, 1, 1, 0],
  mode: 'xor',
  labels: ['NAND', 'OR'],
};

function isTwoLayer(d: PerceptronPlotData): d is TwoLayerData {
  return 'layers' in d && Array.isArray(d.layers);
}

function hiddenNames(d: TwoLayerData): readonly [string, string] {
  return d.labels ?? (d.mode === 'xor' ? ['NAND', 'OR'] : ['s1', 's2']);
}

/** The network's output y for each of the four inputs. */
export function plotOutputs(d: PerceptronPlotData): GateBits {
  const f = isTwoLayer(d)
    ? (x1: number, x2: number): Bit => {
        const [l1, l2] = d.layers;
        return perceptron(d.output ?? GATES.AND, perceptron(l1, x1, x2), perceptron(l2, x1, x2));
      }
    : (x1: number, x2: number): Bit => perceptron(d, x1, x2);
  return GATE_INPUTS.map(([a, b]) => f(a, b)) as GateBits;
}

/** "0.5·x₁ + 0.5·x₂ − 0.7" for a perceptron's weights. */
export function formatEquation(p: PerceptronWeights): string {
  const term = (w: number, name: string, first: boolean): string => {
    const mag = formatNumber(Math.abs(w));
    const sign = w < 0 ? (first ? '\u2212' : ' \u2212 ') : first ? '' : ' + ';
    return `${sign}${mag}${name}`;
  };
  return `${term(p.w1, '\u00b7x\u2081', true)}${term(p.w2, '\u00b7x\u2082', false)}${term(p.b, '', false)}`;
}

const MARGIN = { left: 48, right: 14, top: 30, bottom: 34 };

/** A rectangle in canvas pixels. */
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Box, b: Box): boolean =>
  a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Whether the segment a-b passes through the box (sampled: the boxes are small). */
function segmentHits(a: Point, b: Point, box: Box): boolean {
  for (let i = 0; i <= 64; i++) {
    const x = a[0] + ((b[0] - a[0]) * i) / 64;
    const y = a[1] + ((b[1] - a[1]) * i) / 64;
    if (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1) return true;
  }
  return false;
}

/** Where a text is drawn, from its position, anchor and size. */
function textBox(t: Text): Box {
  const x0 = t.x - t.anchor.x * t.width;
  const y0 = t.y - t.anchor.y * t.height;
  return { x0, y0, x1: x0 + t.width, y1: y0 + t.height };
}

/** The colours of a two-layer plot's lines (s1, s2), for controls that match them. */
export function lineColors(t: Theme): [number, number] {
  return [t.series[1], t.series[2]];
}

export class PerceptronPlot extends PixiComponent<PerceptronPlotData> {
  private readonly range: [number, number];
  private readonly plot: Rect; // in pixels
  private readonly sx: (v: number) => number;
  private readonly sy: (v: number) => number;
  private shade!: Graphics;
  private lines!: Graphics;
  private dots!: Graphics;
  private caption!: Text;
  private status!: Text;
  private lineLabels!: [Text, Text];
  private dotLabels!: Text[];
  private data: PerceptronPlotData;

  static async create(
    parent: HTMLElement,
    options: PerceptronPlotOptions = {},
  ): Promise<PerceptronPlot> {
    const width = options.width ?? options.size ?? 360;
    const height = options.height ?? options.size ?? 360;
    const label = 'Perceptron decision line';
    const card = { className: 'ga-perceptron-plot', label, width, height };
    return PixiComponent.mount(parent, card, (host) => new PerceptronPlot(host, card, options));
  }

  private constructor(
    host: HTMLElement,
    size: { width: number; height: number },
    options: PerceptronPlotOptions,
  ) {
    super(host, size);
    const { width, height } = size;
    this.range = options.range ?? [-0.5, 1.5];
    const [lo, hi] = this.range;
    // A square plot area, centred in the canvas.
    const side = Math.min(width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom);
    const x0 = MARGIN.left + (width - MARGIN.left - MARGIN.right - side) / 2;
    const y0 = MARGIN.top + (height - MARGIN.top - MARGIN.bottom - side) / 2;
    this.plot = { x0, y0, x1: x0 + side, y1: y0 + side };
    this.sx = linearScale(lo, hi, this.plot.x0, this.plot.x1);
    this.sy = linearScale(lo, hi, this.plot.y1, this.plot.y0);
    this.data = options.initial ?? { ...GATES.AND, expected: [0, 0, 0, 1], label: 'AND' };
  }

  protected buildScene(): void {
    const stage = this.stage;
    this.shade = new Graphics();
    this.lines = new Graphics();
    this.dots = new Graphics();
    stage.addChild(this.drawBackground());
    stage.addChild(this.shade, this.drawAxes(), this.lines, this.dots);
    const labels = new Container();
    stage.addChild(labels);
    this.caption = this.text('', 13, this.theme.text);
    this.caption.position.set(this.plot.x0, 8);
    this.status = this.text('', 12, this.theme.muted);
    this.status.anchor.set(1, 0);
    this.status.position.set(this.plot.x1, 9);
    this.lineLabels = [
      this.text('', 12, this.theme.series[1]),
      this.text('', 12, this.theme.series[2]),
    ];
    this.dotLabels = GATE_INPUTS.map(() => this.text('', 11, this.theme.text));
    labels.addChild(this.caption, this.status, ...this.lineLabels, ...this.dotLabels);
  }

  update(data: PerceptronPlotData): void {
    this.data = data;
    this.requestRedraw();
  }

  protected draw(): void {
    const data = this.data;
    const t = this.theme;
    const [lo, hi] = this.range;
    const square: Point[] = [
      [lo, lo],
      [hi, lo],
      [hi, hi],
      [lo, hi],
    ];
    const outputs = plotOutputs(data);

    // Shading: the region where the network outputs 1, in data coordinates, then to pixels.
    this.shade.clear();
    for (const poly of this.positiveRegions(data, square)) {
      if (poly.length < 3) continue;
      this.shade.poly(poly.flatMap(([x, y]) => [this.sx(x), this.sy(y)])).fill({
        color: t.accent,
        alpha: 0.16,
      });
    }

    // Decision lines.
    this.lines.clear();
    const weights = isTwoLayer(data) ? data.layers : [data];
    const names = isTwoLayer(data) ? hiddenNames(data) : [data.label ?? ''];
    const colors = isTwoLayer(data) ? lineColors(t) : [t.accent2];
    // What is drawn, readable from the page (a check that the controls match the lines).
    this.element.dataset.lines = JSON.stringify(weights.map((w) => [w.w1, w.w2, w.b]));
    const domain: Rect = { x0: lo, y0: lo, x1: hi, y1: hi };
    this.lineLabels.forEach((label) => {
      label.visible = false;
    });
    const segments: Array<[Point, Point]> = [];
    const toLabel: Array<{ label: Text; seg: [Point, Point] }> = [];
    weights.forEach((w, i) => {
      const seg = lineInRect(w.w1, w.w2, w.b, domain);
      if (!seg) return;
      const [p, q] = seg;
      segments.push(seg);
      this.lines
        .moveTo(this.sx(p[0]), this.sy(p[1]))
        .lineTo(this.sx(q[0]), this.sy(q[1]))
        .stroke({ width: 2.5, color: colors[i], cap: 'round' });
      const label = this.lineLabels[i];
      if (names[i]) {
        label.text = names[i];
        label.style.fill = colors[i];
        toLabel.push({ label, seg });
        label.visible = true;
      }
    });

    // The four inputs: filled = y 1, hollow = y 0; a warn ring where y differs from expected.
    this.dots.clear();
    const expected = data.expected;
    let wrong = 0;
    GATE_INPUTS.forEach(([a, b], i) => {
      const x = this.sx(a);
      const y = this.sy(b);
      const out = outputs[i];
      if (out === 1) {
        this.dots.circle(x, y, 8).fill(t.accent).stroke({ width: 2, color: t.accent });
      } else {
        this.dots.circle(x, y, 8).fill(t.panel).stroke({ width: 2.5, color: t.muted });
      }
      const bad = expected?.[i] !== undefined && expected[i] !== out;
      if (bad) {
        wrong++;
        this.dots.circle(x, y, 13).stroke({ width: 2.5, color: t.warn });
      }
      const label = this.dotLabels[i];
      label.text = `y=${out}`;
      label.style.fill = bad ? t.warn : t.text;
      // Labels sit outside the unit square so they never cover the line between the dots.
      label.anchor.set(a === 0 ? 1 : 0, b === 0 ? 0 : 1);
      label.position.set(x + (a === 0 ? -13 : 13), y + (b === 0 ? 8 : -8));
    });

    // Line names last: they keep clear of the dots, their labels and the other lines.
    const taken: Box[] = GATE_INPUTS.map(([a, b]) => {
      const [x, y] = [this.sx(a), this.sy(b)];
      return { x0: x - 14, y0: y - 14, x1: x + 14, y1: y + 14 };
    });
    for (const label of this.dotLabels) taken.push(textBox(label));
    for (const { label, seg } of toLabel) {
      const others = segments.filter((s) => s !== seg);
      this.placeLineLabel(label, seg, taken, others);
      taken.push(textBox(label));
    }

    this.caption.text = isTwoLayer(data)
      ? (data.label ??
        `${data.mode === 'xor' ? 'XOR' : 'y'} = ${data.output === undefined || data.output === GATES.AND ? 'AND' : 'f'}(${names[0]}, ${names[1]})`)
      : data.w1 === 0 && data.w2 === 0
        ? `w\u2081 = w\u2082 = 0: y = ${data.b > 0 ? 1 : 0} everywhere`
        : `${formatEquation(data)} = 0`;
    this.status.text =
      expected === undefined ? '' : wrong === 0 ? 'all 4 correct' : `${wrong} of 4 wrong`;
    this.status.style.fill = wrong === 0 ? t.accent : t.warn;
    // Caption and status share the top line: shrink the caption when they would touch.
    this.caption.style.fontSize = 13;
    this.status.position.set(this.plot.x1, 9);
    const room = this.plot.x1 - this.plot.x0 - (this.status.text ? this.status.width + 12 : 0);
    if (this.caption.width > room) this.caption.style.fontSize = 11;
    // Still too long (a narrow plot): the status moves into the plot's top right corner.
    if (this.caption.width > room) this.status.position.set(this.plot.x1 - 4, this.plot.y0 + 4);
    this.element.setAttribute('aria-label', this.describe(outputs, wrong));
  }

  /** Convex polygons (in data coordinates) covering the region where the output is 1. */
  private positiveRegions(data: PerceptronPlotData, square: Point[]): Point[][] {
    if (!isTwoLayer(data)) return [clipPolygonToHalfPlane(square, data.w1, data.w2, data.b)];
    const [l1, l2] = data.layers;
    const out = data.output ?? GATES.AND;
    const regions: Point[][] = [];
    // The two lines cut the square into at most four cells, one per value of (s1, s2).
    for (const s1 of [0, 1] as const) {
      const cell1 =
        s1 === 1
          ? clipPolygonToHalfPlane(square, l1.w1, l1.w2, l1.b)
          : clipPolygonToNegativeHalfPlane(square, l1.w1, l1.w2, l1.b);
      for (const s2 of [0, 1] as const) {
        if (perceptron(out, s1, s2) !== 1) continue;
        const cell =
          s2 === 1
            ? clipPolygonToHalfPlane(cell1, l2.w1, l2.w2, l2.b)
            : clipPolygonToNegativeHalfPlane(cell1, l2.w1, l2.w2, l2.b);
        regions.push(cell);
      }
    }
    return regions;
  }

  /**
   * Puts a line's name beside it, off the line along its normal: of a few places along the
   * line (nearest its upper right end first) and both sides, the first that stays in the plot
   * and covers nothing in `taken` nor crosses the `others` lines; failing that, the least bad.
   */
  private placeLineLabel(
    label: Text,
    seg: [Point, Point],
    taken: Box[],
    others: Array<[Point, Point]>,
  ): void {
    const [p, q] = seg;
    const end = p[0] + p[1] >= q[0] + q[1] ? p : q;
    const other = end === p ? q : p;
    const px = (pt: Point): Point => [this.sx(pt[0]), this.sy(pt[1])];
    const [ex, ey] = px(end);
    const [ox, oy] = px(other);
    const len = Math.hypot(ox - ex, oy - ey) || 1;
    const dx = (ox - ex) / len;
    const dy = (oy - ey) / len;
    const { width: w, height: h } = label;
    // Half the label's extent along the normal (-dy, dx), plus a gap.
    const reach = (Math.abs(dy) * w + Math.abs(dx) * h) / 2 + 5;
    const pl = this.plot;
    const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
    const otherPx = others.map(([a, b]) => [px(a), px(b)] as [Point, Point]);
    // The axes x1 = 0 and x2 = 0: better not crossed, but less than a line or a dot.
    const [lo, hi] = this.range;
    const axes: Array<[Point, Point]> = [
      [px([0, lo]), px([0, hi])],
      [px([lo, 0]), px([hi, 0])],
    ];
    let best = { x: ex, y: ey, cost: Number.POSITIVE_INFINITY };
    [0.15, 0.3, 0.5, 0.7, 0.85].forEach((f, rank) => {
      for (const side of [1, -1]) {
        const x = ex + (ox - ex) * f - side * dy * reach;
        const y = ey + (oy - ey) * f + side * dx * reach;
        const cx = clamp(x, pl.x0 + w / 2 + 2, pl.x1 - w / 2 - 2);
        const cy = clamp(y, pl.y0 + h / 2 + 2, pl.y1 - h / 2 - 2);
        const box = { x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2 };
        const hits =
          taken.filter((t) => overlaps(box, t)).length +
          otherPx.filter(([a, b]) => segmentHits(a, b, box)).length;
        const crossings = axes.filter(([a, b]) => segmentHits(a, b, box)).length;
        const cost = hits * 1000 + crossings * 100 + Math.hypot(cx - x, cy - y) * 10 + rank;
        if (cost < best.cost) best = { x: cx, y: cy, cost };
      }
    });
    label.anchor.set(0.5, 0.5);
    label.position.set(best.x, best.y);
  }

  private describe(outputs: GateBits, wrong: number): string {
    const d = this.data;
    const head = isTwoLayer(d)
      ? `Two-layer perceptron, lines ${hiddenNames(d)
          .map((name, i) => `${name}: ${formatEquation(d.layers[i])} = 0`)
          .join('; ')}`
      : `Perceptron ${d.label ? `${d.label} ` : ''}with line ${formatEquation(d)} = 0`;
    const rows = GATE_INPUTS.map(([a, b], i) => `(${a},${b})\u2192${outputs[i]}`).join(', ');
    const check = d.expected === undefined ? '' : `; ${wrong} of 4 wrong`;
    return `${head}: ${rows}${check}`;
  }

  private text(text: string, size: number, color: number): Text {
    return new Text({
      text,
      style: { fontFamily: this.theme.fontFamily, fontSize: size, fill: color },
    });
  }

  private drawBackground(): Graphics {
    const p = this.plot;
    return new Graphics()
      .rect(p.x0, p.y0, p.x1 - p.x0, p.y1 - p.y0)
      .fill({ color: this.theme.background, alpha: 0.55 });
  }

  private drawAxes(): Container {
    const t = this.theme;
    const p = this.plot;
    const [lo, hi] = this.range;
    const c = new Container();
    const g = new Graphics();
    c.addChild(g);
    const ticks: number[] = [];
    for (let v = Math.ceil(lo * 2) / 2; v <= hi + 1e-9; v += 0.5) ticks.push(Number(v.toFixed(2)));
    for (const v of ticks) {
      g.moveTo(this.sx(v), p.y0).lineTo(this.sx(v), p.y1);
      g.moveTo(p.x0, this.sy(v)).lineTo(p.x1, this.sy(v));
    }
    g.stroke({ width: 1, color: t.grid });
    // The axes x1 = 0 and x2 = 0, where they are in view.
    if (lo <= 0 && hi >= 0) {
      g.moveTo(this.sx(0), p.y0).lineTo(this.sx(0), p.y1);
      g.moveTo(p.x0, this.sy(0)).lineTo(p.x1, this.sy(0));
      g.stroke({ width: 1.5, color: t.muted, alpha: 0.8 });
    }
    g.rect(p.x0, p.y0, p.x1 - p.x0, p.y1 - p.y0).stroke({ width: 1, color: t.grid });
    for (const v of ticks) {
      const tx = this.text(formatNumber(v), 10, t.muted);
      tx.anchor.set(0.5, 0);
      tx.position.set(this.sx(v), p.y1 + 4);
      const ty = this.text(formatNumber(v), 10, t.muted);
      ty.anchor.set(1, 0.5);
      ty.position.set(p.x0 - 5, this.sy(v));
      c.addChild(tx, ty);
    }
    const xl = this.text('x\u2081', 13, t.text);
    xl.anchor.set(0.5, 0);
    xl.position.set((p.x0 + p.x1) / 2, p.y1 + 17);
    const yl = this.text('x\u2082', 13, t.text);
    yl.anchor.set(0.5, 0.5);
    yl.position.set(12, (p.y0 + p.y1) / 2);
    c.addChild(xl, yl);
    return c;
  }
}
