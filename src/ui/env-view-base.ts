/**
 * What every Arena env view shares, on top of the Pixi component base: a header (title on the left, the
 * score line "return · step · episode" on the right, or on its own row when narrow), redraw on
 * demand, and a short tween between two snapshots for views that interpolate motion.
 *
 * A view is fed the env's `getState()` snapshot (plain data); it never steps or changes an env.
 * Subclasses draw the board into the area under the header.
 */
import { Container, Graphics, type Text } from 'pixi.js';
import { type EpisodeInfo, scoreParts } from './arena-math';
import { DIVERGING_DARK, DIVERGING_LIGHT, type DivergingColors } from './color-map';
import { type CardSpec, PixiComponent } from './pixi-component';
import { FONT, makeText, makeTitle, TextPool } from './pixi-text';

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

/** The Pixi objects of one theme (rebuilt when it changes). */
interface EnvScene {
  board: Graphics;
  boardText: TextPool;
  boardTextStrong: TextPool;
  scoreNames: TextPool;
  scoreValues: TextPool;
  title: Text;
  empty: Text;
}

export abstract class EnvViewBase<
  S,
  D extends EnvViewData<S> = EnvViewData<S>,
> extends PixiComponent<D> {
  /** The snapshot shown and the one before it (for tweens); null before the first update. */
  protected data: D | null = null;
  protected prev: D | null = null;
  private scene!: EnvScene;

  protected constructor(
    host: HTMLElement,
    protected readonly opts: EnvViewOptions,
    private readonly defaultTitle: string,
  ) {
    super(host, opts);
  }

  /** The card spec of a view: its class, accessible name and the size from its options. */
  protected static card(className: string, label: string, options: EnvViewOptions): CardSpec {
    return { className, label, width: options.width, height: options.height };
  }

  /** The board; subclasses draw it in drawBoard(). */
  protected get g(): Graphics {
    return this.scene.board;
  }

  /** Labels on the board (cell numbers, outcome banners). */
  protected get boardText(): TextPool {
    return this.scene.boardText;
  }

  protected get boardTextStrong(): TextPool {
    return this.scene.boardTextStrong;
  }

  /** The value colour map of the theme. */
  protected get diverging(): DivergingColors {
    return this.theme.panel === 0xffffff ? DIVERGING_LIGHT : DIVERGING_DARK;
  }

  protected buildScene(): void {
    const t = this.theme;
    const title = makeTitle(t, this.opts.title ?? this.defaultTitle);
    const empty = makeText(t, 'Waiting for the first state…', { size: FONT.body, color: t.muted });
    empty.anchor.set(0.5, 0.5);
    const scene: EnvScene = {
      board: new Graphics(),
      scoreNames: new TextPool(t, { size: FONT.body, color: t.muted }),
      scoreValues: new TextPool(t, { size: FONT.body, color: t.text, weight: '600' }),
      boardText: new TextPool(t, { size: FONT.small, color: t.text }),
      boardTextStrong: new TextPool(t, { size: FONT.title, color: t.text, weight: '700' }),
      title,
      empty,
    };
    const overlay = new Container();
    overlay.addChild(title, scene.scoreNames.container, scene.scoreValues.container);
    this.stage.addChild(
      scene.board,
      scene.boardText.container,
      scene.boardTextStrong.container,
      overlay,
      empty,
    );
    this.scene = scene;
  }

  update(data: D): void {
    this.check(data);
    this.prev = this.data;
    this.data = data;
    this.startTween();
    this.element.setAttribute('aria-label', this.describe(data));
    this.requestRedraw();
  }

  /** Throws an Error saying what is wrong with the data (before it is kept). */
  protected abstract check(data: D): void;
  /** A sentence for screen readers. */
  protected abstract describe(data: D): string;
  /** Draws `data` into `area`; `u` is the eased tween progress 0..1 from `prev` to `data`. */
  protected abstract drawBoard(area: Area, data: D, u: number): void;

  /** Tween progress 0..1 (1 when smoothing is off), asking for another frame until done. */
  private progress(): number {
    if (this.prev === null) return 1;
    const u = this.tweenProgress(this.opts.smoothMs ?? 0);
    return 1 - (1 - u) ** 2;
  }

  protected draw(): void {
    const { width, height } = this;
    const sc = this.scene;
    const pools = [sc.scoreNames, sc.scoreValues, sc.boardText, sc.boardTextStrong];
    for (const pool of pools) pool.reset();
    sc.board.clear();

    // Score line, right-aligned on the title's row when it fits, else on a row of its own.
    const parts = scoreParts(this.data?.info);
    const items = parts.map(([name, value]) => ({
      name: sc.scoreNames.take(name),
      value: sc.scoreValues.take(value),
    }));
    const gap = 12;
    const total =
      items.reduce((w, it) => w + it.name.width + 4 + it.value.width, 0) +
      gap * Math.max(0, items.length - 1);
    const titleRight = PAD + sc.title.width;
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
    sc.empty.visible = this.data === null;
    sc.empty.position.set(width / 2, top + area.height / 2);
    if (this.data !== null) this.drawBoard(area, this.data, this.progress());

    for (const pool of pools) pool.finish();
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
