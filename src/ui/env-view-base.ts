/**
 * What every Arena env view shares: the card and Pixi app, a header (title on the left, the
 * score line "return · step · episode" on the right, or on its own row when narrow), redraw on
 * demand, and a short tween between two snapshots for views that interpolate motion.
 *
 * A view is fed the env's `getState()` snapshot (plain data); it never steps or changes an env.
 * Subclasses draw the board into the area under the header.
 */
import { type Application, Container, Graphics } from 'pixi.js';
import { type EpisodeInfo, scoreParts } from './arena-math';
import { makeCard } from './card';
import { DIVERGING_DARK, DIVERGING_LIGHT, type DivergingColors } from './color-map';
import { createPixiApp, type UiComponent } from './pixi-canvas';
import { FONT, makeText, TextPool } from './pixi-text';
import { RedrawScheduler } from './redraw';
import { currentTheme, type Theme } from './theme';

export type { EpisodeInfo } from './arena-math';

/** Options every env view takes. */
export interface EnvViewOptions {
  width: number;
  height: number;
  /** Heading (default: the env's name). */
  title?: string;
  /**
   * Milliseconds to ease from one snapshot to the next (views that interpolate: CartPole's
   * cart and pole, the falling ball of Catch and Breakout). 0 jumps; none with reduced motion.
   */
  smoothMs?: number;
}

/** What a view is fed: the env's snapshot and, when known, the episode's score facts. */
export interface EnvViewData<S> {
  state: S;
  info?: EpisodeInfo;
}

/** A rectangle in canvas pixels. */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const PAD = 12;
const HEADER = 22;

export abstract class EnvViewBase<S, D extends EnvViewData<S> = EnvViewData<S>>
  implements UiComponent<D>
{
  readonly element: HTMLElement;
  protected readonly theme: Theme;
  protected readonly diverging: DivergingColors;
  /** The board; subclasses clear and redraw it in drawBoard(). */
  protected readonly g = new Graphics();
  /** Labels on the board (cell numbers, outcome banners). */
  protected readonly boardText: TextPool;
  protected readonly boardTextStrong: TextPool;
  /** The snapshot shown and the one before it (for tweens); null before the first update. */
  protected data: D | null = null;
  protected prev: D | null = null;
  private readonly scheduler: RedrawScheduler;
  private readonly scoreNames: TextPool;
  private readonly scoreValues: TextPool;
  private readonly titleText: ReturnType<typeof makeText>;
  private readonly emptyText: ReturnType<typeof makeText>;
  private readonly reducedMotion: boolean;
  private tweenStart = 0;

  protected constructor(
    protected readonly app: Application,
    host: HTMLElement,
    protected readonly opts: EnvViewOptions,
    defaultTitle: string,
  ) {
    this.element = host;
    const t = currentTheme();
    this.theme = t;
    this.diverging = t.panel === 0xffffff ? DIVERGING_LIGHT : DIVERGING_DARK;
    this.scoreNames = new TextPool(t, { size: FONT.body, color: t.muted });
    this.scoreValues = new TextPool(t, { size: FONT.body, color: t.text, weight: '600' });
    this.boardText = new TextPool(t, { size: FONT.small, color: t.text });
    this.boardTextStrong = new TextPool(t, { size: FONT.title, color: t.text, weight: '700' });
    this.titleText = makeText(t, opts.title ?? defaultTitle, {
      size: FONT.title,
      color: t.text,
      weight: '600',
    });
    this.titleText.position.set(PAD, PAD - 2);
    this.emptyText = makeText(t, 'Waiting for the first state…', {
      size: FONT.body,
      color: t.muted,
    });
    this.emptyText.anchor.set(0.5, 0.5);
    const overlay = new Container();
    overlay.addChild(this.titleText, this.scoreNames.container, this.scoreValues.container);
    app.stage.addChild(
      this.g,
      this.boardText.container,
      this.boardTextStrong.container,
      overlay,
      this.emptyText,
    );
    this.reducedMotion =
      typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.scheduler = new RedrawScheduler(app, () => this.draw());
  }

  /** Creates the card and Pixi app a view lives in (the subclass's static create calls it). */
  protected static async mount(
    parent: HTMLElement,
    options: EnvViewOptions,
    className: string,
    label: string,
  ): Promise<{ app: Application; host: HTMLElement }> {
    const host = makeCard(parent, currentTheme(), className, label);
    try {
      const app = await createPixiApp(host, {
        width: options.width,
        height: options.height,
        transparent: false,
      });
      return { app, host };
    } catch (err) {
      host.remove();
      throw err;
    }
  }

  /** Call at the end of the subclass constructor: draws the empty state. */
  protected ready(): void {
    this.scheduler.now();
  }

  update(data: D): void {
    this.check(data);
    this.prev = this.data;
    this.data = data;
    this.tweenStart = performance.now();
    this.element.setAttribute('aria-label', this.describe(data));
    this.scheduler.request();
  }

  /** Skips any tween and redraws now (tests, screenshots). */
  flush(): void {
    this.tweenStart = 0;
    this.scheduler.now();
  }

  destroy(): void {
    this.scheduler.destroy();
    this.app.destroy({ removeView: true }, { children: true, texture: true, textureSource: true });
    this.element.remove();
  }

  /** Throws an Error saying what is wrong with the data (before it is kept). */
  protected abstract check(data: D): void;
  /** A sentence for screen readers. */
  protected abstract describe(data: D): string;
  /** Draws `data` into `area`; `u` is the eased tween progress 0..1 from `prev` to `data`. */
  protected abstract drawBoard(area: Area, data: D, u: number): void;

  /** Tween progress 0..1 (1 when smoothing is off), asking for another frame until done. */
  private progress(): number {
    const ms = this.opts.smoothMs ?? 0;
    if (ms <= 0 || this.reducedMotion || this.prev === null) return 1;
    const u = Math.min(1, (performance.now() - this.tweenStart) / ms);
    if (u < 1) this.scheduler.request();
    return 1 - (1 - u) ** 2;
  }

  private draw(): void {
    const { width, height } = this.opts;
    for (const pool of [this.scoreNames, this.scoreValues, this.boardText, this.boardTextStrong])
      pool.reset();
    this.g.clear();

    // Score line, right-aligned on the title's row when it fits, else on a row of its own.
    const parts = scoreParts(this.data?.info);
    const items = parts.map(([name, value]) => ({
      name: this.scoreNames.take(name),
      value: this.scoreValues.take(value),
    }));
    const gap = 12;
    const total =
      items.reduce((w, it) => w + it.name.width + 4 + it.value.width, 0) +
      gap * Math.max(0, items.length - 1);
    const titleRight = PAD + this.titleText.width;
    const ownRow = items.length > 0 && total > width - PAD - titleRight - 16;
    let x = ownRow ? PAD : width - PAD - total;
    const y = ownRow ? PAD + HEADER - 2 : PAD - 1;
    for (const it of items) {
      it.name.position.set(x, y);
      it.value.position.set(x + it.name.width + 4, y);
      x += it.name.width + 4 + it.value.width + gap;
    }

    const top = PAD + HEADER + (ownRow ? HEADER - 2 : 0);
    const area: Area = { x: PAD, y: top, width: width - 2 * PAD, height: height - top - PAD };
    this.emptyText.visible = this.data === null;
    this.emptyText.position.set(width / 2, top + area.height / 2);
    if (this.data !== null) this.drawBoard(area, this.data, this.progress());

    for (const pool of [this.scoreNames, this.scoreValues, this.boardText, this.boardTextStrong])
      pool.finish();
  }

  /** A centred banner on the board ("Caught!", "Game over"), on a panel-coloured pill. */
  protected banner(text: string, cx: number, cy: number, color: number): void {
    const label = this.boardTextStrong.take(text, color);
    label.anchor.set(0.5, 0.5);
    label.position.set(cx, cy);
    const w = label.width + 20;
    const h = label.height + 10;
    this.g
      .roundRect(cx - w / 2, cy - h / 2, w, h, h / 2)
      .fill({ color: this.theme.panel, alpha: 0.88 })
      .stroke({ width: 1.5, color, alpha: 0.9 });
  }

  /** Faint lines between the cells of a board. */
  protected gridLines(x: number, y: number, rows: number, cols: number, cell: number): void {
    const g = this.g;
    for (let r = 0; r <= rows; r++) {
      const py = y + r * cell + 0.5;
      g.moveTo(x, py).lineTo(x + cols * cell, py);
    }
    for (let c = 0; c <= cols; c++) {
      const px = x + c * cell + 0.5;
      g.moveTo(px, y).lineTo(px, y + rows * cell);
    }
    g.stroke({ width: 1, color: this.theme.grid, alpha: 0.9 });
  }
}

/** Throws unless `v` is an integer in [lo, hi]: views say what is wrong with a snapshot. */
export function checkInt(view: string, name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new Error(`${view}: ${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  }
}
