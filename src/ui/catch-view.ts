/**
 * bsuite's Catch as a small game: the 10x5 board, the falling ball and the paddle on the
 * bottom row. The ball and paddle ease between steps (`smoothMs`, default 60 ms); the last
 * step of an episode says whether the ball was caught.
 */
import type { CatchState } from '../../envs/catch';
import { fitBoard, lerp } from './arena-math';
import {
  type Area,
  checkInt,
  EnvViewBase,
  type EnvViewData,
  type EnvViewOptions,
} from './env-view-base';

export type CatchViewData = EnvViewData<CatchState>;

export interface CatchViewOptions extends EnvViewOptions {
  /** Board size of the env (bsuite: 10 rows x 5 columns). */
  rows?: number;
  columns?: number;
}

export class CatchView extends EnvViewBase<CatchState> {
  private readonly rows: number;
  private readonly columns: number;

  static async create(parent: HTMLElement, options: CatchViewOptions): Promise<CatchView> {
    const opts = { smoothMs: 60, ...options };
    const card = CatchView.card('ga-catch-view', 'Catch', opts);
    return CatchView.mount(parent, card, (host) => new CatchView(host, opts));
  }

  private constructor(host: HTMLElement, opts: CatchViewOptions) {
    super(host, opts, 'Catch');
    this.rows = opts.rows ?? 10;
    this.columns = opts.columns ?? 5;
  }

  protected check(data: CatchViewData): void {
    const s = data.state;
    checkInt('Catch view', 'state.ballX', s.ballX, 0, this.columns - 1);
    checkInt('Catch view', 'state.ballY', s.ballY, 0, this.rows - 1);
    checkInt('Catch view', 'state.paddleX', s.paddleX, 0, this.columns - 1);
  }

  protected describe(data: CatchViewData): string {
    const s = data.state;
    return `Catch: ball at row ${s.ballY + 1}, column ${s.ballX + 1}; paddle at column ${s.paddleX + 1}`;
  }

  protected drawBoard(area: Area, data: CatchViewData, u: number): void {
    const t = this.theme;
    const g = this.g;
    const s = data.state;
    const b = fitBoard(area, this.rows, this.columns);
    const c = b.cell;
    g.rect(b.x, b.y, b.width, b.height).fill({ color: t.background, alpha: 0.5 });
    this.gridLines(b.x, b.y, this.rows, this.columns, c);

    // Ease only forward in one episode (the ball fell by a row).
    const p = this.prev?.state;
    const smooth = p !== undefined && s.ballY === p.ballY + 1 && u < 1;
    const ballRow = smooth ? lerp(p.ballY, s.ballY, u) : s.ballY;
    const paddleCol = smooth ? lerp(p.paddleX, s.paddleX, u) : s.paddleX;

    const bottom = this.rows - 1;
    const padH = Math.max(4, Math.round(c * 0.28));
    const padY = b.y + bottom * c + c - padH - 2;
    g.roundRect(b.x + paddleCol * c + 2, padY, c - 4, padH, Math.min(4, padH / 2)).fill(t.accent);

    const r = Math.max(3, c * 0.3);
    const bx = b.x + (s.ballX + 0.5) * c;
    // In the bottom row the ball sits on top of the paddle rather than inside it.
    const by = Math.min(b.y + (ballRow + 0.5) * c, padY - r - 1);
    const caught = s.done && s.ballX === s.paddleX;
    const missed = s.done && !caught;
    g.circle(bx, by, r).fill(missed ? t.warn : t.series[2]);

    if (s.done) {
      const text = caught ? 'Caught! +1' : 'Missed −1';
      this.banner(text, b.x + b.width / 2, b.y + b.height * 0.4, caught ? t.accent : t.warn);
    }
  }
}
