/**
 * GridWorld: a small maze for tabular and deep agents.
 *
 * ## Description
 * The agent walks on a grid of floor cells, bounded by walls and by the grid's edge, from the
 * start to a goal while avoiding pits. Layouts are string arrays: '#' wall, 'S' start,
 * 'G' goal, 'P' pit, '.' floor (rectangular, exactly one 'S', at least one 'G'). Built-in
 * layouts: `GRIDWORLD_LAYOUTS` ('simple', 'cliff' after Sutton & Barto's cliff walking,
 * 'four-rooms' after Sutton, Precup & Singh).
 *
 * ## Action space: Discrete(4)
 * - 0: up, 1: right, 2: down, 3: left. A move into a wall or off the grid leaves the agent
 *   where it is. With probability `slip` (default 0) the agent slips: it moves to one side of
 *   the chosen direction instead (either perpendicular direction, equal odds), FrozenLake-like.
 *
 * ## Observation: Float32Array, shape [rows * cols]
 * One-hot of the agent's cell (row-major). Tabular agents use `stateIndex` (the same index,
 * row * cols + col) and `numStates`.
 *
 * ## Rewards
 * `goalReward` (+1) on entering a goal, `pitReward` (-1) on entering a pit, `stepCost`
 * (-0.01) on every other step.
 *
 * ## Start state
 * The 'S' cell (no randomness; the generator serves slips only).
 *
 * ## Episode end
 * - Terminated: the agent enters a goal or a pit.
 * - Truncated: after `maxSteps` steps (default 100).
 */
import { checkAction, checkNotDone, checkSeed, StateReader } from './checks';
import { ENV_INFO } from './metadata';
import { Random } from './random';
import { boxSpace, discreteSpace } from './spaces';
import type { BoxSpace, DiscreteSpace, Env, ResetResult, StepResult } from './types';

export type CellKind = 'floor' | 'wall' | 'start' | 'goal' | 'pit';

const KIND_OF_CHAR: Readonly<Record<string, CellKind>> = {
  '.': 'floor',
  '#': 'wall',
  S: 'start',
  G: 'goal',
  P: 'pit',
};

export const GRIDWORLD_LAYOUTS = {
  simple: ['.....', '.#.P.', '.#...', 'S#.#G', '...#.'],
  cliff: ['............', '............', '............', 'SPPPPPPPPPPG'],
  'four-rooms': [
    '###########',
    '#S...#....#',
    '#....#....#',
    '#.........#',
    '#....#....#',
    '##.####.###',
    '#....#....#',
    '#....#....#',
    '#.........#',
    '#....#...G#',
    '###########',
  ],
} as const satisfies Record<string, readonly string[]>;

export type GridWorldLayoutName = keyof typeof GRIDWORLD_LAYOUTS;

export interface GridWorldOptions {
  /** A built-in layout's name or a layout of its own; 'simple' by default. */
  layout?: GridWorldLayoutName | readonly string[];
  slip?: number;
  stepCost?: number;
  goalReward?: number;
  pitReward?: number;
  maxSteps?: number;
  seed?: number;
}

export interface GridWorldState {
  row: number;
  col: number;
  steps: number;
  done: boolean;
  rng: number;
}

const DR = [-1, 0, 1, 0];
const DC = [0, 1, 0, -1];

/** Checks a layout and returns its cells row-major; throws an Error saying what to fix. */
export function parseLayout(layout: readonly string[]): {
  rows: number;
  cols: number;
  cells: CellKind[];
} {
  if (!Array.isArray(layout) || layout.length === 0) {
    throw new Error('GridWorld: a layout must be a non-empty array of strings');
  }
  const cols = layout[0].length;
  if (cols === 0) throw new Error('GridWorld: layout rows must not be empty');
  const cells: CellKind[] = [];
  layout.forEach((line, r) => {
    if (typeof line !== 'string' || line.length !== cols) {
      throw new Error(
        `GridWorld: layout row ${r} has ${String(line).length} columns but row 0 has ${cols}; a layout must be rectangular`,
      );
    }
    for (let c = 0; c < cols; c++) {
      const kind = KIND_OF_CHAR[line[c]];
      if (kind === undefined) {
        throw new Error(
          `GridWorld: unknown cell '${line[c]}' at row ${r}, column ${c}; use '#', 'S', 'G', 'P' or '.'`,
        );
      }
      cells.push(kind);
    }
  });
  const starts = cells.filter((k) => k === 'start').length;
  if (starts !== 1) {
    throw new Error(`GridWorld: a layout needs exactly one start 'S', found ${starts}`);
  }
  if (!cells.includes('goal')) throw new Error("GridWorld: a layout needs at least one goal 'G'");
  return { rows: layout.length, cols, cells };
}

export class GridWorld implements Env<GridWorldState> {
  readonly id = ENV_INFO.gridworld.id;
  readonly rows: number;
  readonly cols: number;
  /** Row-major kinds of every cell. */
  readonly cells: readonly CellKind[];
  readonly layout: readonly string[];
  readonly slip: number;
  readonly stepCost: number;
  readonly goalReward: number;
  readonly pitReward: number;
  readonly maxSteps: number;
  readonly startRow: number;
  readonly startCol: number;
  readonly actionSpace: DiscreteSpace = discreteSpace(ENV_INFO.gridworld.actions);
  readonly observationSpace: BoxSpace;

  private row = 0;
  private col = 0;
  private steps = 0;
  private done = true;
  private readonly rng: Random;

  constructor(options: GridWorldOptions = {}) {
    const {
      layout = 'simple',
      slip = 0,
      stepCost = -0.01,
      goalReward = 1,
      pitReward = -1,
      maxSteps = 100,
      seed,
    } = options;
    let lines: readonly string[];
    if (typeof layout === 'string') {
      if (!Object.hasOwn(GRIDWORLD_LAYOUTS, layout)) {
        throw new Error(
          `GridWorld: unknown layout '${layout}'; built-in layouts: ${Object.keys(GRIDWORLD_LAYOUTS).join(', ')}`,
        );
      }
      lines = GRIDWORLD_LAYOUTS[layout];
    } else {
      lines = layout;
    }
    const { rows, cols, cells } = parseLayout(lines);
    if (!(slip >= 0 && slip <= 1))
      throw new Error(`GridWorld: slip must be in [0, 1], got ${slip}`);
    if (!Number.isInteger(maxSteps) || maxSteps < 1) {
      throw new Error(`GridWorld: maxSteps must be a positive integer, got ${maxSteps}`);
    }
    for (const [name, v] of [
      ['stepCost', stepCost],
      ['goalReward', goalReward],
      ['pitReward', pitReward],
    ] as const) {
      if (!Number.isFinite(v)) throw new Error(`GridWorld: ${name} must be finite, got ${v}`);
    }
    checkSeed(this.id, seed);
    this.rows = rows;
    this.cols = cols;
    this.cells = cells;
    this.layout = lines.slice();
    this.slip = slip;
    this.stepCost = stepCost;
    this.goalReward = goalReward;
    this.pitReward = pitReward;
    this.maxSteps = maxSteps;
    const start = cells.indexOf('start');
    this.startRow = Math.floor(start / cols);
    this.startCol = start % cols;
    this.row = this.startRow;
    this.col = this.startCol;
    this.observationSpace = boxSpace({
      shape: [rows * cols],
      low: 0,
      high: 1,
      labels: ['agent cell (one-hot)'],
    });
    this.rng = new Random(seed);
  }

  /** Number of cells: the size of a tabular agent's table (walls included, never visited). */
  get numStates(): number {
    return this.rows * this.cols;
  }

  /** The agent's cell as row * cols + col. */
  get stateIndex(): number {
    return this.row * this.cols + this.col;
  }

  get agent(): { row: number; col: number } {
    return { row: this.row, col: this.col };
  }

  cellKind(row: number, col: number): CellKind {
    if (row < 0 || row >= this.rows || col < 0 || col >= this.cols) return 'wall';
    return this.cells[row * this.cols + col];
  }

  /** Goals and pits end an episode: their values are not learned. */
  isTerminalState(index: number): boolean {
    const k = this.cells[index];
    return k === 'goal' || k === 'pit';
  }

  reset(options: { seed?: number } = {}): ResetResult {
    checkSeed(this.id, options.seed);
    if (options.seed !== undefined) this.rng.seed(options.seed);
    this.row = this.startRow;
    this.col = this.startCol;
    this.steps = 0;
    this.done = false;
    return { observation: this.observe(), info: { row: this.row, col: this.col } };
  }

  step(action: number): StepResult {
    checkAction(this.id, action, this.actionSpace.n);
    checkNotDone(this.id, this.done);
    let dir = action;
    // The generator is only drawn when slipping is on, so slip 0 needs no seed.
    if (this.slip > 0 && this.rng.next() < this.slip) {
      dir = (dir + (this.rng.next() < 0.5 ? 1 : 3)) % 4;
    }
    const r = this.row + DR[dir];
    const c = this.col + DC[dir];
    if (this.cellKind(r, c) !== 'wall') {
      this.row = r;
      this.col = c;
    }
    const kind = this.cells[this.row * this.cols + this.col];
    let reward = this.stepCost;
    let terminated = false;
    if (kind === 'goal') {
      reward = this.goalReward;
      terminated = true;
    } else if (kind === 'pit') {
      reward = this.pitReward;
      terminated = true;
    }
    this.steps += 1;
    const truncated = this.steps >= this.maxSteps;
    this.done = terminated || truncated;
    return {
      observation: this.observe(),
      reward,
      terminated,
      truncated,
      info: { row: this.row, col: this.col },
    };
  }

  getState(): GridWorldState {
    return {
      row: this.row,
      col: this.col,
      steps: this.steps,
      done: this.done,
      rng: this.rng.getState(),
    };
  }

  setState(state: GridWorldState): void {
    const r = new StateReader(this.id, state);
    const next = {
      row: r.int('row', 0, this.rows - 1),
      col: r.int('col', 0, this.cols - 1),
      steps: r.int('steps', 0, this.maxSteps),
      done: r.boolean('done'),
      rng: r.rng(),
    };
    if (this.cells[next.row * this.cols + next.col] === 'wall') {
      throw new Error(
        `GridWorld: setState: the agent cannot stand in the wall at (${next.row}, ${next.col})`,
      );
    }
    this.row = next.row;
    this.col = next.col;
    this.steps = next.steps;
    this.done = next.done;
    this.rng.setState(next.rng);
  }

  observe(): Float32Array {
    const o = new Float32Array(this.rows * this.cols);
    o[this.stateIndex] = 1;
    return o;
  }
}
