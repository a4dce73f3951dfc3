/**
 * A grid of small histograms: one row per case, one column per layer (book figs. 6-10 to 6-14,
 * the activation distribution of each layer under each weight initialisation). Each histogram
 * is scaled to its own tallest bar, so shapes compare across cells.
 */
import { Graphics } from 'pixi.js';
import { PixiComponent } from './pixi-component';
import { FONT, TextPool } from './pixi-text';

export interface HistogramGridOptions {
  /** Width of one histogram cell in CSS pixels (default 110). */
  cellWidth?: number;
  /** Height of one cell (default 64). */
  cellHeight?: number;
  /** Width of the row-label column (default 120). */
  labelWidth?: number;
  /** Column heading prefix (default "layer"). */
  columnLabel?: string;
}

export interface HistogramCell {
  counts: ArrayLike<number>;
  /** Bin edges: counts.length + 1 values. */
  edges: ArrayLike<number>;
}

export interface HistogramRow {
  label: string;
  cells: HistogramCell[];
}

export interface HistogramGridData {
  rows: HistogramRow[];
}

const PAD = 10;
const HEAD = 22;
const AXIS = 14;
/** The canvas before the first update sizes it to its rows and columns. */
const INITIAL_SIZE = { width: 400, height: 120 };

export class HistogramGrid extends PixiComponent<HistogramGridData> {
  private g!: Graphics;
  private text!: TextPool;
  private rows: HistogramRow[] = [];
  private readonly cw: number;
  private readonly ch: number;
  private readonly lw: number;

  private constructor(
    host: HTMLElement,
    private readonly opts: HistogramGridOptions,
  ) {
    super(host, INITIAL_SIZE);
    this.cw = opts.cellWidth ?? 110;
    this.ch = opts.cellHeight ?? 64;
    this.lw = opts.labelWidth ?? 120;
  }

  protected buildScene(): void {
    this.g = new Graphics();
    this.text = new TextPool(this.theme, { size: FONT.small, color: this.theme.muted });
    this.stage.addChild(this.g, this.text.container);
  }

  static async create(
    parent: HTMLElement,
    options: HistogramGridOptions = {},
  ): Promise<HistogramGrid> {
    const card = { className: 'ga-histogram-grid', label: 'Histograms', ...INITIAL_SIZE };
    return PixiComponent.mount(parent, card, (host) => new HistogramGrid(host, options));
  }

  update(data: HistogramGridData): void {
    this.rows = data.rows;
    const columns = Math.max(1, ...data.rows.map((r) => r.cells.length));
    const width = PAD * 2 + this.lw + columns * (this.cw + PAD);
    const height = HEAD + PAD + Math.max(1, data.rows.length) * (this.ch + AXIS + PAD);
    this.resize(width, height);
    this.element.setAttribute(
      'aria-label',
      `Histograms: ${data.rows.map((r) => r.label).join(', ')}`,
    );
    this.requestRedraw();
  }

  protected draw(): void {
    const t = this.theme;
    const g = this.g.clear();
    this.text.reset();
    if (this.rows.length === 0) {
      const empty = this.text.take('No histograms yet');
      empty.position.set(PAD, PAD);
    }
    const columns = Math.max(0, ...this.rows.map((r) => r.cells.length));
    for (let c = 0; c < columns; c++) {
      const head = this.text.take(`${this.opts.columnLabel ?? 'layer'} ${c + 1}`, t.text);
      head.anchor.set(0.5, 0);
      head.position.set(PAD + this.lw + c * (this.cw + PAD) + this.cw / 2, 4);
    }
    this.rows.forEach((row, r) => {
      const top = HEAD + PAD + r * (this.ch + AXIS + PAD);
      const label = this.text.take(row.label, t.text);
      label.anchor.set(0, 0.5);
      label.position.set(PAD, top + this.ch / 2);
      row.cells.forEach((cell, c) => {
        const left = PAD + this.lw + c * (this.cw + PAD);
        g.rect(left, top, this.cw, this.ch).fill(t.background);
        const n = cell.counts.length;
        let max = 0;
        for (let i = 0; i < n; i++) max = Math.max(max, cell.counts[i]);
        const bw = this.cw / Math.max(1, n);
        for (let i = 0; i < n; i++) {
          const h = max > 0 ? (cell.counts[i] / max) * (this.ch - 2) : 0;
          if (h > 0) g.rect(left + i * bw, top + this.ch - h, Math.max(1, bw - 1), h);
        }
        g.fill(t.series[0]);
        const lo = this.text.take(formatEdge(cell.edges[0]));
        lo.position.set(left, top + this.ch + 1);
        const hi = this.text.take(formatEdge(cell.edges[cell.edges.length - 1]));
        hi.anchor.set(1, 0);
        hi.position.set(left + this.cw, top + this.ch + 1);
      });
    });
    this.text.finish();
  }
}

function formatEdge(v: number | undefined): string {
  if (v === undefined) return '';
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
