/**
 * Class probabilities as bars (softmax output): the argmax highlighted, the true label marked
 * when known, values in percent. Drawn with Pixi; bars ease to new values in 150 ms.
 */
import { Graphics } from 'pixi.js';
import { argmax } from '../math/array-math';
import { formatProbability } from './format';
import { PixiComponent } from './pixi-component';
import { FONT, makeTitle, TextPool } from './pixi-text';

export interface SoftmaxBarsOptions {
  width: number;
  height: number;
  /** Heading, e.g. "Prediction" (default none). */
  title?: string;
  /** Class names (default "0".."9"; their count sets K). */
  labels?: string[];
}

export interface SoftmaxData {
  /** K probabilities (0..1, summing to about 1). */
  probabilities: ArrayLike<number>;
  /** The true class, when known: marked under its bar. */
  trueLabel?: number | null;
}

const PAD = 12;
const TWEEN_MS = 150;

export class SoftmaxBars extends PixiComponent<SoftmaxData> {
  private readonly labels: string[];
  private bars!: Graphics;
  private valueText!: TextPool;
  private classText!: TextPool;
  private classTextStrong!: TextPool;
  private header!: TextPool;
  private target: Float64Array;
  private shown: Float64Array;
  private from: Float64Array;
  private trueLabel: number | null = null;
  private hasData = false;

  private constructor(
    host: HTMLElement,
    private readonly opts: SoftmaxBarsOptions,
  ) {
    super(host, opts);
    this.labels = opts.labels ?? Array.from({ length: 10 }, (_, i) => String(i));
    const k = this.labels.length;
    this.target = new Float64Array(k);
    this.shown = new Float64Array(k);
    this.from = new Float64Array(k);
  }

  protected buildScene(): void {
    const t = this.theme;
    const opts = this.opts;
    this.bars = new Graphics();
    this.valueText = new TextPool(t, { size: FONT.small, color: t.muted });
    this.classText = new TextPool(t, { size: FONT.body, color: t.muted });
    this.classTextStrong = new TextPool(t, { size: FONT.body, color: t.text, weight: '700' });
    this.header = new TextPool(t, { size: FONT.body, color: t.muted });
    if (opts.title) {
      this.stage.addChild(makeTitle(t, opts.title));
    }
    this.stage.addChild(
      this.bars,
      this.valueText.container,
      this.classText.container,
      this.classTextStrong.container,
      this.header.container,
    );
  }

  static async create(parent: HTMLElement, options: SoftmaxBarsOptions): Promise<SoftmaxBars> {
    const label = options.title ?? 'Class probabilities';
    const card = { className: 'ga-softmax-bars', label, ...options };
    return PixiComponent.mount(parent, card, (host) => new SoftmaxBars(host, options));
  }

  update(data: SoftmaxData): void {
    const k = this.labels.length;
    if (data.probabilities.length !== k) {
      throw new Error(
        `softmax bars: expected ${k} probabilities, got ${data.probabilities.length}`,
      );
    }
    this.from = Float64Array.from(this.shown);
    for (let i = 0; i < k; i++) {
      const p = data.probabilities[i];
      this.target[i] = Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
    }
    this.trueLabel = data.trueLabel ?? null;
    this.hasData = true;
    this.startTween();
    const best = argmax(this.target);
    const pct = best >= 0 ? (this.target[best] * 100).toFixed(1) : '';
    const truth =
      this.trueLabel === null
        ? ''
        : `, true label ${this.labels[this.trueLabel] ?? this.trueLabel}`;
    this.element.setAttribute(
      'aria-label',
      `${this.opts.title ?? 'Class probabilities'}: predicted ${this.labels[best]} at ${pct}%${truth}`,
    );
    this.requestRedraw();
  }

  protected draw(): void {
    const t = this.theme;
    const { width, height } = this.opts;
    const k = this.labels.length;

    // Ease shown values toward the targets.
    const u = this.tweenProgress(TWEEN_MS);
    const ease = 1 - (1 - u) ** 3;
    for (let i = 0; i < k; i++)
      this.shown[i] = this.from[i] + (this.target[i] - this.from[i]) * ease;

    for (const pool of [this.valueText, this.classText, this.classTextStrong, this.header])
      pool.reset();

    const best = this.hasData ? argmax(this.target) : -1;
    const truth = this.trueLabel;
    const wrong = truth !== null && best >= 0 && truth !== best;

    // Header readout, right-aligned: "7 · 93.1%" and the verdict against the true label.
    const headerY = PAD - 1;
    let x = width - PAD;
    const place = (text: string, color: number, strong = false): void => {
      const label = strong ? this.classTextStrong.take(text, color) : this.header.take(text, color);
      x -= label.width;
      label.position.set(x, headerY);
      x -= 6;
    };
    if (best < 0) place('No prediction yet', t.muted);
    else {
      if (truth !== null) {
        place(wrong ? `✗ true ${this.labels[truth]}` : '✓ correct', wrong ? t.warn : t.accent);
      }
      place(`${(this.target[best] * 100).toFixed(1)}%`, t.muted);
      place(this.labels[best], wrong ? t.warn : t.text, true);
    }

    const top = PAD + 24 + FONT.small + 4;
    const labelBand = FONT.body + 10;
    const markerBand = truth !== null ? 8 : 4;
    const bottom = height - PAD - labelBand - markerBand;
    const plotH = Math.max(4, bottom - top);
    const slot = (width - 2 * PAD) / k;
    const barW = Math.max(4, Math.round(slot * 0.62));

    const g = this.bars;
    g.clear();
    // Faint guides at 50% and 100%.
    for (const level of [0.5, 1]) {
      const y = Math.round(bottom - plotH * level) + 0.5;
      g.moveTo(PAD, y).lineTo(width - PAD, y);
    }
    g.stroke({ width: 1, color: t.grid });
    g.moveTo(PAD, bottom + 0.5)
      .lineTo(width - PAD, bottom + 0.5)
      .stroke({ width: 1, color: t.muted, alpha: 0.5 });

    for (let i = 0; i < k; i++) {
      const cx = PAD + slot * (i + 0.5);
      const bx = Math.round(cx - barW / 2);
      const p = this.shown[i];
      const h = Math.max(0, Math.round(plotH * p));
      const isBest = i === best;
      const color = isBest ? (wrong ? t.warn : t.accent) : t.accent2;
      if (h > 0) {
        const r = Math.min(3, barW / 2, h / 2);
        g.roundRect(bx, bottom - h, barW, h, r).fill({ color, alpha: isBest ? 1 : 0.5 });
      }
      const text = formatProbability(this.target[i]);
      if (text) {
        const v = this.valueText.take(text, isBest ? t.text : t.muted);
        v.anchor.set(0.5, 1);
        v.position.set(cx, bottom - h - 3);
      }
      const isTrue = truth === i;
      const fill =
        isTrue && wrong ? t.accent : isBest && wrong ? t.warn : isBest ? t.text : t.muted;
      const pool = isBest || isTrue ? this.classTextStrong : this.classText;
      const label = pool.take(this.labels[i], fill);
      label.anchor.set(0.5, 0);
      label.position.set(cx, bottom + 5);
      if (isTrue) {
        // A small caret under the true class.
        const my = bottom + 5 + FONT.body + 6;
        g.poly([cx - 4, my + 5, cx + 4, my + 5, cx, my]).fill(t.accent);
      }
    }
    for (const pool of [this.valueText, this.classText, this.classTextStrong, this.header])
      pool.finish();
  }
}
