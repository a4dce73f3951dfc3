/**
 * A segmenter's confusion matrix: rows are the true class, columns the predicted one, each
 * cell shaded by the share of the row's pixels it holds (so a small class reads as clearly as
 * the background), the share written in cells big enough for it. The diagonal is what the
 * model got right.
 */
import { Graphics } from 'pixi.js';
import { PixiComponent } from './pixi-component';
import { CARD_PAD, FONT, makeTitle, TextPool } from './pixi-text';
import { rowShares } from './vision-palette';

export interface ConfusionMatrixOptions {
  /** Side of a cell in CSS pixels (26). */
  cell?: number;
  title?: string;
  /** Class names, in order (default: "bg", then digits 0..9). */
  labels?: readonly string[];
}

export interface ConfusionMatrixData {
  /** counts[truth * classes + predicted] */
  counts: ArrayLike<number>;
  classes: number;
}

const HEADER = 28;
const AXIS = 26;

const defaultLabels = (k: number) =>
  Array.from({ length: k }, (_, i) => (i === 0 ? 'bg' : String(i - 1)));

export class ConfusionMatrixView extends PixiComponent<ConfusionMatrixData> {
  private cells!: Graphics;
  private text!: TextPool;
  private axis!: TextPool;
  private data: ConfusionMatrixData | null = null;

  private constructor(
    host: HTMLElement,
    private readonly opts: ConfusionMatrixOptions,
    classes: number,
  ) {
    super(host, ConfusionMatrixView.sizeFor(opts, classes));
  }

  static sizeFor(opts: ConfusionMatrixOptions, classes: number) {
    const side = classes * (opts.cell ?? 26);
    return {
      width: 2 * CARD_PAD + AXIS + side,
      height: (opts.title ? HEADER : CARD_PAD) + AXIS + side + CARD_PAD,
    };
  }

  static create(
    parent: HTMLElement,
    options: ConfusionMatrixOptions & { classes?: number },
  ): Promise<ConfusionMatrixView> {
    const classes = options.classes ?? 11;
    const card = {
      className: 'ga-confusion-matrix',
      label: options.title ?? 'Confusion matrix',
      ...ConfusionMatrixView.sizeFor(options, classes),
    };
    return PixiComponent.mount(
      parent,
      card,
      (host) => new ConfusionMatrixView(host, options, classes),
    );
  }

  protected buildScene(): void {
    this.cells = new Graphics();
    this.text = new TextPool(this.theme, { size: FONT.small, color: this.theme.text });
    this.axis = new TextPool(this.theme, { size: FONT.small, color: this.theme.muted });
    if (this.opts.title) this.stage.addChild(makeTitle(this.theme, this.opts.title));
    this.stage.addChild(this.cells, this.text.container, this.axis.container);
  }

  update(data: ConfusionMatrixData): void {
    const shares = rowShares(data.counts, data.classes);
    this.data = data;
    const size = ConfusionMatrixView.sizeFor(this.opts, data.classes);
    this.resize(size.width, size.height);
    let right = 0;
    for (let c = 0; c < data.classes; c++) right += shares[c * data.classes + c];
    this.element.setAttribute(
      'aria-label',
      `${this.opts.title ?? 'Confusion matrix'}: ${data.classes} classes, mean of the diagonal ${((right / data.classes) * 100).toFixed(1)}%`,
    );
    this.requestRedraw();
  }

  protected draw(): void {
    const g = this.cells;
    g.clear();
    this.text.reset();
    this.axis.reset();
    const d = this.data;
    const k = d?.classes ?? 11;
    const cell = this.opts.cell ?? 26;
    const labels = this.opts.labels ?? defaultLabels(k);
    const x0 = CARD_PAD + AXIS;
    const y0 = (this.opts.title ? HEADER : CARD_PAD) + AXIS;
    const shares = d ? rowShares(d.counts, k) : new Float64Array(k * k);
    for (let t = 0; t < k; t++) {
      const row = this.axis.take(labels[t] ?? String(t));
      row.anchor.set(1, 0.5);
      row.position.set(x0 - 4, y0 + (t + 0.5) * cell);
      const col = this.axis.take(labels[t] ?? String(t));
      col.anchor.set(0.5, 1);
      col.position.set(x0 + (t + 0.5) * cell, y0 - 3);
      for (let p = 0; p < k; p++) {
        const share = shares[t * k + p];
        const color = t === p ? this.theme.accent : this.theme.warn;
        g.rect(x0 + p * cell, y0 + t * cell, cell - 1, cell - 1).fill({
          color: share > 0 ? color : this.theme.grid,
          alpha: share > 0 ? 0.15 + 0.85 * share : 0.5,
        });
        if (share >= 0.01 && cell >= 22) {
          const label = this.text.take(String(Math.round(share * 100)));
          label.anchor.set(0.5, 0.5);
          label.position.set(x0 + (p + 0.5) * cell, y0 + (t + 0.5) * cell);
        }
      }
    }
    this.text.finish();
    this.axis.finish();
  }
}
