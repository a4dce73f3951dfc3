/**
 * Q-values of the shown state, one horizontal bar per action, growing from a zero line so
 * negative values point left. The greedy action (argmax) is highlighted; the action actually
 * taken, when given and different (an exploring step), is outlined. Bars and the axis ease to
 * new values in 150 ms (none with reduced motion).
 */
import { Graphics } from 'pixi.js';
import { argmax } from '../math/array-math';
import { formatQ, zeroBasedRange } from './arena-math';
import { PixiComponent } from './pixi-component';
import { FONT, makeTitle, TextPool } from './pixi-text';

export interface QValueBarsOptions {
  width: number;
  height: number;
  /** Heading (default "Q-values"). */
  title?: string;
  /** Action names, e.g. the env's `actionSpace.meanings`; their count is the number of bars. */
  actions: readonly string[];
  /** Fixed value range (must contain 0); default fitted to each update's values. */
  range?: [number, number];
}

export interface QValueData {
  /** One Q-value per action. */
  values: ArrayLike<number>;
  /** The action taken in this state (it differs from the greedy one on exploring steps). */
  chosen?: number | null;
}

const PAD = 12;
const TWEEN_MS = 150;

export class QValueBars extends PixiComponent<QValueData> {
  private g!: Graphics;
  private names!: TextPool;
  private namesStrong!: TextPool;
  private valueText!: TextPool;
  private header!: TextPool;
  private readonly target: Float64Array;
  private readonly shown: Float64Array;
  private from: Float64Array;
  private range: [number, number] = [0, 1];
  private fromRange: [number, number] = [0, 1];
  private shownRange: [number, number] = [0, 1];
  private chosen: number | null = null;
  private hasData = false;

  private constructor(
    host: HTMLElement,
    private readonly opts: QValueBarsOptions,
  ) {
    super(host, opts);
    const k = opts.actions.length;
    this.target = new Float64Array(k);
    this.shown = new Float64Array(k);
    this.from = new Float64Array(k);
    if (opts.range) this.range = this.shownRange = this.fromRange = [...opts.range];
  }

  protected buildScene(): void {
    const t = this.theme;
    const opts = this.opts;
    this.g = new Graphics();
    this.names = new TextPool(t, { size: FONT.body, color: t.muted });
    this.namesStrong = new TextPool(t, { size: FONT.body, color: t.text, weight: '700' });
    this.valueText = new TextPool(t, { size: FONT.small, color: t.muted });
    this.header = new TextPool(t, { size: FONT.body, color: t.muted });
    const title = makeTitle(t, opts.title ?? 'Q-values');
    this.stage.addChild(
      this.g,
      title,
      this.names.container,
      this.namesStrong.container,
      this.valueText.container,
      this.header.container,
    );
  }

  static async create(parent: HTMLElement, options: QValueBarsOptions): Promise<QValueBars> {
    if (options.actions.length === 0) throw new Error('Q-value bars: actions must not be empty');
    if (options.range && !(options.range[0] <= 0 && options.range[1] >= 0)) {
      throw new Error(`Q-value bars: range must contain 0, got [${options.range.join(', ')}]`);
    }
    const card = { className: 'ga-q-value-bars', label: options.title ?? 'Q-values', ...options };
    return PixiComponent.mount(parent, card, (host) => new QValueBars(host, options));
  }

  update(data: QValueData): void {
    const k = this.opts.actions.length;
    if (data.values.length !== k) {
      throw new Error(
        `Q-value bars: expected ${k} values (one per action), got ${data.values.length}`,
      );
    }
    this.from = Float64Array.from(this.shown);
    this.fromRange = [...this.shownRange];
    for (let i = 0; i < k; i++) {
      const v = data.values[i];
      this.target[i] = Number.isFinite(v) ? v : 0;
    }
    if (!this.opts.range) this.range = zeroBasedRange(this.target);
    this.chosen = data.chosen ?? null;
    if (!this.hasData) {
      // The first values appear at once rather than growing from zero.
      this.from = Float64Array.from(this.target);
      this.fromRange = [...this.range];
    }
    this.hasData = true;
    this.startTween();
    const best = argmax(this.target);
    this.element.setAttribute(
      'aria-label',
      `${this.opts.title ?? 'Q-values'}: greedy action ${this.opts.actions[best]} (${formatQ(this.target[best])})`,
    );
    this.requestRedraw();
  }

  protected draw(): void {
    const t = this.theme;
    const { width, height, actions } = this.opts;
    const k = actions.length;
    const u = this.tweenProgress(TWEEN_MS);
    const ease = 1 - (1 - u) ** 3;
    for (let i = 0; i < k; i++)
      this.shown[i] = this.from[i] + (this.target[i] - this.from[i]) * ease;
    for (const j of [0, 1] as const) {
      this.shownRange[j] = this.fromRange[j] + (this.range[j] - this.fromRange[j]) * ease;
    }

    const pools = [this.names, this.namesStrong, this.valueText, this.header];
    for (const p of pools) p.reset();
    const g = this.g;
    g.clear();

    const best = this.hasData ? argmax(this.target) : -1;
    // Header readout, right-aligned: the greedy action.
    if (best >= 0) {
      const name = this.namesStrong.take(actions[best], t.accent);
      name.anchor.set(1, 0);
      name.position.set(width - PAD, PAD - 1);
      const lead = this.header.take('greedy', t.muted);
      lead.anchor.set(1, 0);
      lead.position.set(width - PAD - name.width - 5, PAD - 1);
    } else {
      const wait = this.header.take('Waiting for values…', t.muted);
      wait.anchor.set(1, 0);
      wait.position.set(width - PAD, PAD - 1);
    }

    // Rows: name | bars from the zero line | value.
    const top = PAD + 26;
    const bottom = height - PAD - FONT.small - 4;
    const rowH = (bottom - top) / k;
    const labels = actions.map((a, i) =>
      i === best ? this.namesStrong.take(a, t.text) : this.names.take(a, t.muted),
    );
    const nameW = Math.min(width * 0.38, Math.max(...labels.map((l) => l.width)));
    const valueW = 44;
    const left = PAD + nameW + 10;
    const right = width - PAD - valueW;
    const [lo, hi] = this.shownRange;
    const sx = (v: number): number => left + ((v - lo) / (hi - lo || 1)) * (right - left);
    const zx = Math.round(sx(0)) + 0.5;

    for (let i = 0; i < k; i++) {
      const cy = top + rowH * (i + 0.5);
      const label = labels[i];
      label.anchor.set(1, 0.5);
      label.position.set(PAD + nameW, cy);
      const barH = Math.max(6, Math.min(26, rowH * 0.62));
      const x0 = sx(0);
      const x1 = sx(this.shown[i]);
      const isBest = i === best;
      const color = isBest ? t.accent : t.accent2;
      const bx = Math.min(x0, x1);
      const bw = Math.abs(x1 - x0);
      if (bw >= 0.5) {
        g.roundRect(bx, cy - barH / 2, bw, barH, Math.min(3, bw / 2, barH / 2)).fill({
          color,
          alpha: isBest ? 1 : 0.5,
        });
      }
      if (this.chosen === i && !isBest) {
        // The explored action: an outline around its row's bar area.
        g.roundRect(left - 4, cy - barH / 2 - 3, right - left + 8, barH + 6, 5).stroke({
          width: 1.5,
          color: t.series[2],
        });
      }
      if (this.hasData) {
        const v = this.valueText.take(formatQ(this.target[i]), isBest ? t.text : t.muted);
        v.anchor.set(0, 0.5);
        v.position.set(right + 6, cy);
      }
    }
    // The zero line (values are printed on each row, so no other ticks).
    g.moveTo(zx, top - 4)
      .lineTo(zx, bottom + 2)
      .stroke({ width: 1, color: t.muted, alpha: 0.7 });
    const zero = this.valueText.take('0', t.muted);
    zero.anchor.set(0.5, 0);
    zero.position.set(zx, bottom + 3);
    if (this.chosen !== null && this.chosen !== best && this.chosen >= 0 && this.chosen < k) {
      const note = this.header.take('outlined: explored action', t.series[2]);
      note.anchor.set(0, 0);
      note.position.set(PAD, bottom + 3);
      zero.visible = zx - PAD > note.width + 16;
    }
    for (const p of pools) p.finish();
  }
}
