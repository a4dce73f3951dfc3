/**
 * MinAtar's Breakout as a small game on its 10x10 grid: three rows of bricks, the paddle on
 * the bottom row, and the ball with its trail (the cell it came from, which is how the agent
 * sees its direction). The ball eases between steps (`smoothMs`, default 60 ms).
 */
import type { BreakoutState } from '../../envs/breakout';
import { fitBoard, lerp } from './arena-math';
import {
  type Area,
  checkInt,
  EnvViewBase,
  type EnvViewData,
  type EnvViewOptions,
} from './env-view-base';

export type BreakoutViewData = EnvViewData<BreakoutState>;

const SIZE = 10;

export class BreakoutView extends EnvViewBase<BreakoutState> {
  static async create(parent: HTMLElement, options: EnvViewOptions): Promise<BreakoutView> {
    const opts = { smoothMs: 60, ...options };
    const card = BreakoutView.card('ga-breakout-view', 'Breakout', opts);
    return BreakoutView.mount(parent, card, (host) => new BreakoutView(host, opts));
  }

  private constructor(host: HTMLElement, opts: EnvViewOptions) {
    super(host, opts, 'Breakout (MinAtar)');
  }

  protected check(data: BreakoutViewData): void {
    const s = data.state;
    const name = 'Breakout view';
    checkInt(name, 'state.ballX', s.ballX, 0, SIZE - 1);
    checkInt(name, 'state.ballY', s.ballY, 0, SIZE - 1);
    checkInt(name, 'state.lastX', s.lastX, 0, SIZE - 1);
    checkInt(name, 'state.lastY', s.lastY, 0, SIZE - 1);
    checkInt(name, 'state.pos', s.pos, 0, SIZE - 1);
    if (!Array.isArray(s.bricks) || s.bricks.length !== SIZE * SIZE) {
      throw new Error(`${name}: state.bricks must hold ${SIZE * SIZE} cells`);
    }
  }

  protected describe(data: BreakoutViewData): string {
    const s = data.state;
    const left = s.bricks.reduce((n, v) => n + (v ? 1 : 0), 0);
    return `Breakout: ${left} bricks left, ball at row ${s.ballY + 1}, column ${s.ballX + 1}, paddle at column ${s.pos + 1}`;
  }

  protected drawBoard(area: Area, data: BreakoutViewData, u: number): void {
    const t = this.theme;
    const g = this.g;
    const s = data.state;
    const b = fitBoard(area, SIZE, SIZE);
    const c = b.cell;
    g.rect(b.x, b.y, b.width, b.height).fill({ color: t.background, alpha: 0.5 });
    this.gridLines(b.x, b.y, SIZE, SIZE, c);

    // Bricks, a colour per row as in the arcade game.
    const rowColors = [t.warn, t.series[2], t.accent, t.accent2];
    const inset = Math.max(1, Math.round(c * 0.06));
    for (let r = 0; r < SIZE; r++) {
      for (let col = 0; col < SIZE; col++) {
        if (!s.bricks[r * SIZE + col]) continue;
        g.roundRect(
          b.x + col * c + inset,
          b.y + r * c + inset,
          c - 2 * inset,
          c - 2 * inset,
          Math.min(3, c / 6),
        ).fill(rowColors[(r + 3) % rowColors.length]);
      }
    }

    // Paddle on the bottom row.
    const padH = Math.max(4, Math.round(c * 0.3));
    g.roundRect(
      b.x + s.pos * c + 1,
      b.y + (SIZE - 1) * c + c - padH - 2,
      c - 2,
      padH,
      Math.min(4, padH / 2),
    ).fill(t.text);

    // Ball and trail; the ball eases from its previous cell on a single step.
    const p = this.prev?.state;
    const smooth = p !== undefined && s.steps === p.steps + 1 && u < 1;
    const bx = smooth ? lerp(p.ballX, s.ballX, u) : s.ballX;
    const by = smooth ? lerp(p.ballY, s.ballY, u) : s.ballY;
    const center = (col: number, row: number): [number, number] => [
      b.x + (col + 0.5) * c,
      b.y + (row + 0.5) * c,
    ];
    const [tx, ty] = center(s.lastX, s.lastY);
    const [px, py] = center(bx, by);
    const r = Math.max(3, c * 0.3);
    g.circle(tx, ty, r * 0.75).fill({ color: t.series[4], alpha: 0.3 });
    g.moveTo(tx, ty)
      .lineTo(px, py)
      .stroke({ width: r * 0.9, color: t.series[4], alpha: 0.3, cap: 'round' });
    const lost = s.done && s.ballY === SIZE - 1 && s.ballX !== s.pos;
    g.circle(px, py, r).fill(lost ? t.warn : t.series[4]);

    if (s.done) {
      const text = lost ? 'Game over' : 'Time limit';
      this.banner(text, b.x + b.width / 2, b.y + b.height * 0.62, lost ? t.warn : t.muted);
    }
  }
}
