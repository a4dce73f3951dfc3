/**
 * GridWorld as a small game: walls, pits, the goal, the start and the agent. A tabular agent's
 * learning can be laid over the grid: state values as a colour map (blue below zero, orange
 * above, scaled by the largest |value|) and the greedy action of each cell as an arrow.
 */
import {
  type CellKind,
  GRIDWORLD_LAYOUTS,
  type GridWorldLayoutName,
  type GridWorldState,
  parseLayout,
} from '../../envs/gridworld';
import { arrowVector, fitBoard, greedyFromQ, maxAbs, valueColor, valuesFromQ } from './arena-math';
import {
  type Area,
  checkInt,
  EnvViewBase,
  type EnvViewData,
  type EnvViewOptions,
} from './env-view-base';

export interface GridWorldViewOptions extends EnvViewOptions {
  /** The env's layout: a built-in name or its rows of '#', 'S', 'G', 'P', '.' (default 'simple'). */
  layout?: GridWorldLayoutName | readonly string[];
  /** Print each cell's value (when cells are at least 34 px); default true. */
  showNumbers?: boolean;
}

export interface GridWorldViewData extends EnvViewData<GridWorldState> {
  /** State values, one per cell (row-major, rows * cols); drawn as a colour map. */
  values?: Float32Array;
  /** Greedy action per cell (0 up, 1 right, 2 down, 3 left; -1 none); drawn as arrows. */
  greedy?: ArrayLike<number>;
  /**
   * A Q table [rows * cols, 4], row-major: stands in for `values` (max over actions) and
   * `greedy` (argmax, none where all four are equal) when those are not given.
   */
  q?: Float32Array;
}

const NUMBERS_MIN_CELL = 34;

export class GridWorldView extends EnvViewBase<GridWorldState, GridWorldViewData> {
  private readonly rows: number;
  private readonly cols: number;
  private readonly cells: readonly CellKind[];

  static async create(parent: HTMLElement, options: GridWorldViewOptions): Promise<GridWorldView> {
    const card = GridWorldView.card('ga-gridworld-view', 'GridWorld', options);
    return GridWorldView.mount(parent, card, (host) => new GridWorldView(host, options));
  }

  private constructor(
    host: HTMLElement,
    private readonly gridOpts: GridWorldViewOptions,
  ) {
    super(host, gridOpts, 'GridWorld');
    const layout = gridOpts.layout ?? 'simple';
    const parsed = parseLayout(typeof layout === 'string' ? GRIDWORLD_LAYOUTS[layout] : layout);
    this.rows = parsed.rows;
    this.cols = parsed.cols;
    this.cells = parsed.cells;
  }

  protected check(data: GridWorldViewData): void {
    const s = data.state;
    checkInt('GridWorld view', 'state.row', s.row, 0, this.rows - 1);
    checkInt('GridWorld view', 'state.col', s.col, 0, this.cols - 1);
    const n = this.rows * this.cols;
    for (const [name, arr, len] of [
      ['values', data.values, n],
      ['greedy', data.greedy, n],
      ['q', data.q, n * 4],
    ] as const) {
      if (arr !== undefined && arr.length !== len) {
        throw new Error(
          `GridWorld view: ${name} must hold ${len} numbers for a ${this.rows}x${this.cols} grid, got ${arr.length}`,
        );
      }
    }
  }

  protected describe(data: GridWorldViewData): string {
    return `GridWorld: agent at row ${data.state.row + 1}, column ${data.state.col + 1}`;
  }

  protected drawBoard(area: Area, data: GridWorldViewData): void {
    const t = this.theme;
    const g = this.g;
    const s = data.state;
    const values = data.values ?? (data.q ? valuesFromQ(data.q, 4) : undefined);
    const greedy = data.greedy ?? (data.q ? greedyFromQ(data.q, 4) : undefined);
    const learned = (i: number): boolean => this.cells[i] === 'floor' || this.cells[i] === 'start';
    const scale = values ? maxAbs(values, learned) : 0;
    const legendH = values ? 22 : 0;
    const b = fitBoard({ ...area, height: area.height - legendH }, this.rows, this.cols);
    const c = b.cell;
    const numbers =
      values !== undefined && (this.gridOpts.showNumbers ?? true) && c >= NUMBERS_MIN_CELL;

    // Cells.
    for (let r = 0; r < this.rows; r++) {
      for (let col = 0; col < this.cols; col++) {
        const i = r * this.cols + col;
        const x = b.x + col * c;
        const y = b.y + r * c;
        const kind = this.cells[i];
        if (kind === 'wall') {
          g.rect(x, y, c, c).fill({ color: t.muted, alpha: 0.45 });
        } else if (kind === 'goal') {
          g.rect(x, y, c, c).fill({ color: t.accent, alpha: 0.35 });
          g.roundRect(x + 3, y + 3, c - 6, c - 6, 4).stroke({ width: 2, color: t.accent });
          this.cellLabel('G', x + c / 2, y + c / 2, t.accent, c);
        } else if (kind === 'pit') {
          g.rect(x, y, c, c).fill({ color: t.warn, alpha: 0.25 });
          g.circle(x + c / 2, y + c / 2, c * 0.3).fill({ color: t.warn, alpha: 0.55 });
        } else {
          const fill = values ? valueColor(values[i], scale, this.diverging) : t.background;
          g.rect(x, y, c, c).fill({ color: fill, alpha: values ? 1 : 0.5 });
          if (kind === 'start') {
            const label = this.boardText.take('S', t.muted);
            label.position.set(x + 3, y + 1);
          }
        }
      }
    }
    this.gridLines(b.x, b.y, this.rows, this.cols, c);

    // Greedy arrows and values.
    const arrowColor = t.text;
    for (let i = 0; i < this.rows * this.cols; i++) {
      if (!learned(i)) continue;
      const cx = b.x + ((i % this.cols) + 0.5) * c;
      const cy = b.y + (Math.floor(i / this.cols) + 0.5) * c - (numbers ? c * 0.12 : 0);
      const v = greedy ? arrowVector(greedy[i]) : null;
      if (v) {
        const half = c * (numbers ? 0.2 : 0.26);
        const head = Math.max(3, c * 0.12);
        const [dx, dy] = v;
        const tipX = cx + dx * half;
        const tipY = cy + dy * half;
        g.moveTo(cx - dx * half, cy - dy * half)
          .lineTo(tipX - dx * head * 0.6, tipY - dy * head * 0.6)
          .stroke({ width: Math.max(1.5, c * 0.05), color: arrowColor, alpha: 0.85 });
        g.poly([
          tipX,
          tipY,
          tipX - dx * head - dy * head * 0.7,
          tipY - dy * head + dx * head * 0.7,
          tipX - dx * head + dy * head * 0.7,
          tipY - dy * head - dx * head * 0.7,
        ]).fill({ color: arrowColor, alpha: 0.85 });
      }
      if (numbers && values) {
        const label = this.boardText.take(formatCellValue(values[i]), t.text);
        label.anchor.set(0.5, 1);
        label.position.set(cx, b.y + (Math.floor(i / this.cols) + 1) * c - 2);
      }
    }

    // The agent.
    const ax = b.x + (s.col + 0.5) * c;
    const ay = b.y + (s.row + 0.5) * c;
    const kind = this.cells[s.row * this.cols + s.col];
    const agentColor = kind === 'pit' ? t.warn : t.accent2;
    g.circle(ax, ay, c * 0.28)
      .fill(agentColor)
      .stroke({ width: 2, color: t.panel });

    if (values) this.legend(b.x, b.y + b.height + 8, Math.min(b.width, 220), scale);
    if (s.done) {
      const text = kind === 'goal' ? 'Goal!' : kind === 'pit' ? 'Fell in a pit' : 'Time limit';
      const color = kind === 'goal' ? t.accent : kind === 'pit' ? t.warn : t.muted;
      this.banner(text, b.x + b.width / 2, b.y + b.height / 2, color);
    }
  }

  /** A bold letter in a cell (sized for cells too small for the body type). */
  private cellLabel(text: string, cx: number, cy: number, color: number, c: number): void {
    if (c < 16) return;
    const label = this.boardTextStrong.take(text, color);
    label.anchor.set(0.5, 0.5);
    label.position.set(cx, cy);
  }

  /** The colour scale: −max … 0 … +max as a strip with its end values. */
  private legend(x: number, y: number, width: number, scale: number): void {
    const t = this.theme;
    const lo = this.boardText.take(`V ${formatCellValue(-scale)}`, t.muted);
    lo.position.set(x, y);
    const stripX = x + lo.width + 6;
    const hiText = this.boardText.take(formatCellValue(scale), t.muted);
    const stripW = Math.max(24, width - lo.width - hiText.width - 12);
    const steps = 16;
    for (let k = 0; k < steps; k++) {
      const v = -scale + (2 * scale * (k + 0.5)) / steps;
      this.g
        .rect(stripX + (k * stripW) / steps, y + 3, stripW / steps + 0.5, 8)
        .fill(valueColor(v, scale, this.diverging));
    }
    hiText.position.set(stripX + stripW + 6, y);
  }
}

/** Cell values with 2 decimals and a real minus sign. */
function formatCellValue(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2).replace('-', '−') : '—';
}
