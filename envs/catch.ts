/**
 * Catch, exactly as bsuite defines it (bsuite/environments/catch.py).
 *
 * ## Description
 * A ball falls straight down one row per step from the top row; move the paddle along the
 * bottom row to be under it when it lands.
 *
 * ## Action space: Discrete(3)
 * - 0: move the paddle left, 1: stay, 2: move right. The paddle is clipped to the board.
 *
 * ## Observation: Float32Array, shape [1, rows, columns] = [1, 10, 5]
 * One channel, 1 where the ball or the paddle is, 0 elsewhere (bsuite's board, with a channel
 * axis added for CNNs).
 *
 * ## Rewards
 * 0 while the ball falls; on the last step +1 if the ball column equals the paddle column,
 * else -1.
 *
 * ## Start state
 * Ball in row 0 at a uniformly random column; paddle in the bottom row at column
 * floor(columns / 2).
 *
 * ## Episode end
 * Terminated when the ball reaches the bottom row: rows - 1 = 9 steps, always. Each step the
 * paddle moves first, then the ball falls. No truncation.
 */
import { checkAction, checkNotDone, checkSeed, StateReader } from './checks';
import { ENV_INFO } from './metadata';
import { Random } from './random';
import { boxSpace, discreteSpace } from './spaces';
import type { BoxSpace, DiscreteSpace, Env, ResetResult, StepResult } from './types';

export interface CatchOptions {
  rows?: number;
  columns?: number;
  seed?: number;
}

export interface CatchState {
  ballX: number;
  ballY: number;
  paddleX: number;
  done: boolean;
  rng: number;
}

/** Paddle moves of actions 0, 1, 2: left, no-op, right (bsuite's _ACTIONS). */
const ACTIONS = [-1, 0, 1] as const;

export class Catch implements Env<CatchState> {
  readonly id = ENV_INFO.catch.id;
  readonly rows: number;
  readonly columns: number;
  /** The paddle always sits in the bottom row. */
  readonly paddleY: number;
  readonly actionSpace: DiscreteSpace = discreteSpace(ENV_INFO.catch.actions);
  readonly observationSpace: BoxSpace;

  private ballX = 0;
  private ballY = 0;
  private paddleX = 0;
  private done = true;
  private readonly rng: Random;

  constructor(options: CatchOptions = {}) {
    const { rows = 10, columns = 5, seed } = options;
    if (!Number.isInteger(rows) || rows < 2 || !Number.isInteger(columns) || columns < 1) {
      throw new Error(
        `Catch: rows must be an integer >= 2 and columns >= 1, got ${rows}x${columns}`,
      );
    }
    checkSeed(this.id, seed);
    this.rows = rows;
    this.columns = columns;
    this.paddleY = rows - 1;
    this.observationSpace = boxSpace({
      shape: [1, rows, columns],
      low: 0,
      high: 1,
      labels: ['ball and paddle'],
    });
    this.rng = new Random(seed);
  }

  reset(options: { seed?: number } = {}): ResetResult {
    checkSeed(this.id, options.seed);
    if (options.seed !== undefined) this.rng.seed(options.seed);
    this.ballX = this.rng.int(this.columns);
    this.ballY = 0;
    this.paddleX = this.columns >> 1;
    this.done = false;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult {
    checkAction(this.id, action, this.actionSpace.n);
    checkNotDone(this.id, this.done);
    // Move the paddle, then drop the ball.
    this.paddleX = Math.min(Math.max(this.paddleX + ACTIONS[action], 0), this.columns - 1);
    this.ballY += 1;
    let reward = 0;
    if (this.ballY === this.paddleY) {
      reward = this.paddleX === this.ballX ? 1 : -1;
      this.done = true;
    }
    return {
      observation: this.observe(),
      reward,
      terminated: this.done,
      truncated: false,
      info: {},
    };
  }

  getState(): CatchState {
    return {
      ballX: this.ballX,
      ballY: this.ballY,
      paddleX: this.paddleX,
      done: this.done,
      rng: this.rng.getState(),
    };
  }

  setState(state: CatchState): void {
    const r = new StateReader(this.id, state);
    const next = {
      ballX: r.int('ballX', 0, this.columns - 1),
      ballY: r.int('ballY', 0, this.paddleY),
      paddleX: r.int('paddleX', 0, this.columns - 1),
      done: r.boolean('done'),
      rng: r.rng(),
    };
    this.ballX = next.ballX;
    this.ballY = next.ballY;
    this.paddleX = next.paddleX;
    this.done = next.done;
    this.rng.setState(next.rng);
  }

  observe(): Float32Array {
    const o = new Float32Array(this.rows * this.columns);
    o[this.ballY * this.columns + this.ballX] = 1;
    o[this.paddleY * this.columns + this.paddleX] = 1;
    return o;
  }
}
