/**
 * Paths of optimizers over the contour lines of a 2-D function (book fig. 6-8): the level
 * sets of f(x, y) = x²/20 + y² are ellipses, drawn here as contours; each optimizer's path is
 * a polyline with a dot per step, ending at the minimum (0, 0) when it gets there.
 */
import { Graphics } from 'pixi.js';
import { PixiComponent } from './pixi-component';
import { FONT, TextPool } from './pixi-text';
import { clipPolyline, linearScale, niceTicks } from './plot-math';

export interface OptimizerPathPlotOptions {
  width: number;
  height: number;
  /** Visible x and y ranges (default the book's: x in [-10, 10], y in [-5, 5]). */
  xRange?: [number, number];
  yRange?: [number, number];
  /** Level values of the contours of x²/20 + y² (default 0.25 ... 16). */
  levels?: number[];
}

export interface OptimizerPath {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
}

export interface OptimizerPathData {
  paths: OptimizerPath[];
}

const MARGIN = { left: 40, right: 12, top: 30, bottom: 30 };

export class OptimizerPathPlot extends PixiComponent<OptimizerPathData> {
  private g!: Graphics;
  private labels!: TextPool;
  private legend!: TextPool;
  private paths: OptimizerPath[] = [];

  private constructor(
    host: HTMLElement,
    private readonly opts: OptimizerPathPlotOptions,
  ) {
    super(host, opts);
  }

  protected buildScene(): void {
    this.g = new Graphics();
    this.labels = new TextPool(this.theme, { size: FONT.small, color: this.theme.muted });
    this.legend = new TextPool(this.theme, { size: FONT.body, color: this.theme.text });
    this.stage.addChild(this.g, this.labels.container, this.legend.container);
  }

  static async create(
    parent: HTMLElement,
    options: OptimizerPathPlotOptions,
  ): Promise<OptimizerPathPlot> {
    const label = 'Optimizer paths over the contours of x²/20 + y²';
    const card = { className: 'ga-optimizer-paths', label, ...options };
    return PixiComponent.mount(parent, card, (host) => new OptimizerPathPlot(host, options));
  }

  update(data: OptimizerPathData): void {
    this.paths = data.paths;
    const ends = data.paths.map((p) => {
      const last = p.points[p.points.length - 1];
      return last ? `${p.name} ends at (${last[0].toFixed(2)}, ${last[1].toFixed(2)})` : p.name;
    });
    this.element.setAttribute(
      'aria-label',
      `Optimizer paths over the contours of x²/20 + y²: ${ends.join('; ')}`,
    );
    this.requestRedraw();
  }

  protected draw(): void {
    const t = this.theme;
    const { width, height } = this.opts;
    const [x0, x1] = this.opts.xRange ?? [-10, 10];
    const [y0, y1] = this.opts.yRange ?? [-5, 5];
    const rect = {
      x0: MARGIN.left,
      y0: MARGIN.top,
      x1: width - MARGIN.right,
      y1: height - MARGIN.bottom,
    };
    const sx = linearScale(x0, x1, rect.x0, rect.x1);
    const sy = linearScale(y0, y1, rect.y1, rect.y0);
    const g = this.g.clear();
    this.labels.reset();
    this.legend.reset();

    // Grid and axes with ticks.
    for (const v of niceTicks(x0, x1, 6)) {
      g.moveTo(sx(v), rect.y0).lineTo(sx(v), rect.y1);
      const label = this.labels.take(String(v));
      label.anchor.set(0.5, 0);
      label.position.set(sx(v), rect.y1 + 4);
    }
    for (const v of niceTicks(y0, y1, 5)) {
      g.moveTo(rect.x0, sy(v)).lineTo(rect.x1, sy(v));
      const label = this.labels.take(String(v));
      label.anchor.set(1, 0.5);
      label.position.set(rect.x0 - 4, sy(v));
    }
    g.stroke({ width: 1, color: t.grid });
    g.rect(rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0).stroke({
      width: 1,
      color: t.grid,
    });

    // Contours: x²/20 + y² = c is an ellipse with semi-axes sqrt(20c) and sqrt(c).
    for (const c of this.opts.levels ?? [0.25, 1, 2.5, 5, 10, 16]) {
      const ellipse: Array<[number, number]> = [];
      for (let i = 0; i <= 120; i++) {
        const a = (i / 120) * 2 * Math.PI;
        ellipse.push([sx(Math.sqrt(20 * c) * Math.cos(a)), sy(Math.sqrt(c) * Math.sin(a))]);
      }
      for (const piece of clipPolyline(ellipse, rect)) {
        g.moveTo(piece[0][0], piece[0][1]);
        for (const [px, py] of piece.slice(1)) g.lineTo(px, py);
      }
    }
    g.stroke({ width: 1, color: t.muted, alpha: 0.45 });
    // The minimum.
    g.moveTo(sx(0) - 5, sy(0))
      .lineTo(sx(0) + 5, sy(0))
      .moveTo(sx(0), sy(0) - 5)
      .lineTo(sx(0), sy(0) + 5);
    g.stroke({ width: 2, color: t.text });

    // Paths, one colour each, with a dot per step.
    this.paths.forEach((p, i) => {
      const color = t.series[i % t.series.length];
      const pts = p.points.map(([x, y]) => [sx(x), sy(y)] as [number, number]);
      for (const piece of clipPolyline(pts, rect)) {
        g.moveTo(piece[0][0], piece[0][1]);
        for (const [px, py] of piece.slice(1)) g.lineTo(px, py);
      }
      g.stroke({ width: 2, color });
      for (const [px, py] of pts) {
        if (px >= rect.x0 && px <= rect.x1 && py >= rect.y0 && py <= rect.y1) g.circle(px, py, 2.5);
      }
      g.fill(color);
      // Legend along the top.
      const lx = rect.x0 + i * Math.max(90, (rect.x1 - rect.x0) / Math.max(1, this.paths.length));
      g.rect(lx, 10, 14, 3).fill(color);
      const label = this.legend.take(p.name);
      label.anchor.set(0, 0.5);
      label.position.set(lx + 18, 12);
    });
    this.labels.finish();
    this.legend.finish();
  }
}
