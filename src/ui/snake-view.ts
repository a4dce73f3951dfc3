/**
 * Snake as a small game: the board, the food, and the snake from its head (with eyes looking
 * where it heads) fading toward its tail. A crash turns the head red.
 */
import type { SnakeState } from '../../envs/snake';
import { ARROW_VECTORS, fitBoard } from './arena-math';
import {
  type Area,
  checkInt,
  EnvViewBase,
  type EnvViewData,
  type EnvViewOptions,
} from './env-view-base';

export type SnakeViewData = EnvViewData<SnakeState>;

export interface SnakeViewOptions extends EnvViewOptions {
  /** Rows of the board; the `height` option is the canvas height. Default 10. */
  rows?: number;
  /** Columns of the board. Default 10. */
  columns?: number;
}

export class SnakeView extends EnvViewBase<SnakeState> {
  private readonly rows: number;
  private readonly columns: number;

  static async create(parent: HTMLElement, options: SnakeViewOptions): Promise<SnakeView> {
    const card = SnakeView.card('ga-snake-view', 'Snake', options);
    return SnakeView.mount(parent, card, (host) => new SnakeView(host, options));
  }

  private constructor(host: HTMLElement, opts: SnakeViewOptions) {
    super(host, opts, 'Snake');
    this.rows = opts.rows ?? 10;
    this.columns = opts.columns ?? 10;
  }

  protected check(data: SnakeViewData): void {
    const s = data.state;
    const cells = this.rows * this.columns;
    if (!Array.isArray(s.body) || s.body.length === 0) {
      throw new Error('Snake view: state.body must list at least the head');
    }
    s.body.forEach((cell, i) => {
      checkInt('Snake view', `state.body[${i}]`, cell, 0, cells - 1);
    });
    checkInt('Snake view', 'state.food', s.food, -1, cells - 1);
    checkInt('Snake view', 'state.direction', s.direction, 0, 3);
  }

  protected describe(data: SnakeViewData): string {
    const s = data.state;
    const head = s.body[0];
    const cols = this.columns;
    return `Snake of length ${s.body.length}, head at row ${Math.floor(head / cols) + 1}, column ${(head % cols) + 1}`;
  }

  protected drawBoard(area: Area, data: SnakeViewData): void {
    const t = this.theme;
    const g = this.g;
    const s = data.state;
    const cols = this.columns;
    const b = fitBoard(area, this.rows, cols);
    const c = b.cell;
    g.rect(b.x, b.y, b.width, b.height).fill({ color: t.background, alpha: 0.5 });
    this.gridLines(b.x, b.y, this.rows, cols, c);
    const center = (cell: number): [number, number] => [
      b.x + ((cell % cols) + 0.5) * c,
      b.y + (Math.floor(cell / cols) + 0.5) * c,
    ];

    // Food: an apple-like dot with a leaf.
    if (s.food >= 0) {
      const [fx, fy] = center(s.food);
      g.circle(fx, fy + c * 0.04, c * 0.3).fill(t.warn);
      g.ellipse(fx + c * 0.1, fy - c * 0.28, c * 0.1, c * 0.05).fill(t.accent);
    }

    // Body: a thick line through adjacent segments, then a rounded square per segment.
    const n = s.body.length;
    const adjacent = (a: number, bb: number): boolean =>
      Math.abs(a - bb) === cols ||
      (Math.abs(a - bb) === 1 && Math.floor(a / cols) === Math.floor(bb / cols));
    for (let i = 1; i < n; i++) {
      if (!adjacent(s.body[i - 1], s.body[i])) continue;
      const [x0, y0] = center(s.body[i - 1]);
      const [x1, y1] = center(s.body[i]);
      g.moveTo(x0, y0).lineTo(x1, y1);
    }
    if (n > 1) g.stroke({ width: c * 0.62, color: t.accent, alpha: 0.55, cap: 'round' });
    const inset = Math.max(1, c * 0.12);
    for (let i = n - 1; i >= 1; i--) {
      const [x, y] = center(s.body[i]);
      const alpha = 1 - (0.55 * i) / Math.max(1, n - 1);
      g.roundRect(
        x - c / 2 + inset,
        y - c / 2 + inset,
        c - 2 * inset,
        c - 2 * inset,
        c * 0.22,
      ).fill({
        color: t.accent,
        alpha,
      });
    }

    // Head, with eyes toward the heading.
    const crashed = s.done && s.food >= 0 && this.hitSomething(s);
    const [hx, hy] = center(s.body[0]);
    const hi = Math.max(1, c * 0.06);
    g.roundRect(hx - c / 2 + hi, hy - c / 2 + hi, c - 2 * hi, c - 2 * hi, c * 0.28).fill(
      crashed ? t.warn : t.accent,
    );
    const [dx, dy] = ARROW_VECTORS[s.direction];
    const eye = Math.max(1.5, c * 0.09);
    for (const side of [-1, 1]) {
      // Perpendicular to the heading, a little forward.
      const ex = hx + dx * c * 0.18 + -dy * side * c * 0.18;
      const ey = hy + dy * c * 0.18 + dx * side * c * 0.18;
      g.circle(ex, ey, eye).fill(t.panel);
    }

    if (s.done) {
      const text = s.food < 0 ? 'Board full: win!' : crashed ? 'Crashed' : 'Too long without food';
      // In the half of the board away from the head, so the crash stays visible.
      const headTop = Math.floor(s.body[0] / cols) < this.rows / 2;
      const by = b.y + b.height * (headTop ? 0.75 : 0.25);
      this.banner(text, b.x + b.width / 2, by, crashed ? t.warn : t.muted);
    }
  }

  /** Whether the head's next cell in its heading is a wall or the body (how episodes die). */
  private hitSomething(s: SnakeState): boolean {
    const cols = this.columns;
    const [dx, dy] = ARROW_VECTORS[s.direction];
    const r = Math.floor(s.body[0] / cols) + dy;
    const col = (s.body[0] % cols) + dx;
    if (r < 0 || r >= this.rows || col < 0 || col >= cols) return true;
    return s.body.includes(r * cols + col);
  }
}
