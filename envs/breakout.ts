/**
 * Breakout, following MinAtar's breakout.py (Young & Tian, 2019) step for step.
 *
 * ## Description
 * A paddle on the bottom row bounces a ball to break 3 rows of bricks at the top of a 10x10
 * board. The ball moves only along diagonals, one cell per step. Hitting the paddle bounces it
 * left or right depending on the side hit; walls and bricks reflect it. When every brick is
 * gone a new wall of 3 rows appears (checked when the ball reaches the bottom row).
 *
 * ## Action space: Discrete(3) (MinAtar's minimal action set for Breakout)
 * - 0: no-op, 1: move the paddle left, 2: move the paddle right (clipped to the board).
 *
 * ## Observation: Float32Array, shape [4, 10, 10], 0/1
 * Channels (MinAtar's order): 0 paddle, 1 ball, 2 trail (the ball's previous cell, which shows
 * its direction), 3 brick. MinAtar gives [10, 10, 4] (HWC); we give CHW as our CNNs expect.
 *
 * ## Rewards
 * +1 for each brick broken.
 *
 * ## Start state
 * Bricks fill rows 1-3; paddle at column 4 of row 9; ball at row 3, column 0 moving down-right
 * or column 9 moving down-left (equal odds).
 *
 * ## Episode end
 * - Terminated: the ball reaches the bottom row away from the paddle.
 * - Truncated: after `maxSteps` steps (default 10000; MinAtar itself has no limit, but a ball
 *   can loop without touching a brick, so a long episode needs a cut). Pass Infinity for none.
 *
 * ## Sticky actions
 * MinAtar's `Environment` repeats the previous action with probability 0.1 by default; here
 * `stickyActionProb` defaults to 0 (off) and may be set. Unlike MinAtar, reset() sets the
 * previous action back to 0 (no-op), so reset({ seed }) alone fixes the episode.
 */
import { checkAction, checkNotDone, checkSeed, StateReader } from './checks';
import { ENV_INFO } from './metadata';
import { Random } from './random';
import { boxSpace, discreteSpace } from './spaces';
import type { BoxSpace, DiscreteSpace, Env, ResetResult, StepResult } from './types';

export interface BreakoutOptions {
  /** Truncation; default 10000, Infinity for none. */
  maxSteps?: number;
  /** Probability of repeating the previous action instead (MinAtar's sticky actions); 0. */
  stickyActionProb?: number;
  seed?: number;
}

export interface BreakoutState {
  ballX: number;
  ballY: number;
  /** 0 up-left, 1 up-right, 2 down-right, 3 down-left (MinAtar's ball_dir). */
  ballDir: number;
  /** Paddle column. */
  pos: number;
  lastX: number;
  lastY: number;
  /** The ball struck a brick on the previous step (MinAtar's `strike`). */
  strike: boolean;
  /** 100 cells, row-major, 1 where a brick stands. */
  bricks: number[];
  lastAction: number;
  steps: number;
  done: boolean;
  rng: number;
}

const SIZE = 10;
// Direction tables of MinAtar: after hitting a side wall, the top/bottom or the paddle edge.
const BOUNCE_X = [1, 0, 3, 2];
const BOUNCE_Y = [3, 2, 1, 0];
const BOUNCE_CORNER = [2, 3, 0, 1];
const DX = [-1, 1, 1, -1];
const DY = [-1, -1, 1, 1];

export class Breakout implements Env<BreakoutState> {
  readonly id = ENV_INFO.breakout.id;
  readonly rows = SIZE;
  readonly columns = SIZE;
  /** Rows 1..3 hold the bricks. */
  readonly brickRows = [1, 2, 3] as const;
  readonly startBallRow = 3;
  readonly startPaddleColumn = 4;
  readonly maxSteps: number;
  readonly stickyActionProb: number;
  readonly actionSpace: DiscreteSpace = discreteSpace(ENV_INFO.breakout.actions);
  readonly observationSpace: BoxSpace = boxSpace({
    shape: [4, SIZE, SIZE],
    low: 0,
    high: 1,
    labels: ['paddle', 'ball', 'trail', 'brick'],
  });

  private ballX = 0;
  private ballY = 0;
  private ballDir = 2;
  private pos = 4;
  private lastX = 0;
  private lastY = 0;
  private strike = false;
  private readonly bricks = new Uint8Array(SIZE * SIZE);
  private lastAction = 0;
  private steps = 0;
  private done = true;
  private readonly rng: Random;

  constructor(options: BreakoutOptions = {}) {
    const { maxSteps = 10000, stickyActionProb = 0, seed } = options;
    if (!(maxSteps >= 1) || (Number.isFinite(maxSteps) && !Number.isInteger(maxSteps))) {
      throw new Error(
        `${this.id}: maxSteps must be a positive integer or Infinity, got ${maxSteps}`,
      );
    }
    if (!(stickyActionProb >= 0 && stickyActionProb <= 1)) {
      throw new Error(`${this.id}: stickyActionProb must be in [0, 1], got ${stickyActionProb}`);
    }
    checkSeed(this.id, seed);
    this.maxSteps = maxSteps;
    this.stickyActionProb = stickyActionProb;
    this.rng = new Random(seed);
  }

  reset(options: { seed?: number } = {}): ResetResult {
    checkSeed(this.id, options.seed);
    if (options.seed !== undefined) this.rng.seed(options.seed);
    this.ballY = this.startBallRow;
    if (this.rng.int(2) === 0) {
      this.ballX = 0;
      this.ballDir = 2;
    } else {
      this.ballX = 9;
      this.ballDir = 3;
    }
    this.pos = this.startPaddleColumn;
    this.bricks.fill(0);
    this.fillBricks();
    this.strike = false;
    this.lastX = this.ballX;
    this.lastY = this.ballY;
    this.lastAction = 0;
    this.steps = 0;
    this.done = false;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult {
    checkAction(this.id, action, this.actionSpace.n);
    checkNotDone(this.id, this.done);
    let a = action;
    if (this.stickyActionProb > 0 && this.rng.next() < this.stickyActionProb) a = this.lastAction;
    this.lastAction = a;

    let reward = 0;
    let terminated = false;
    // Resolve the player's action.
    if (a === 1) this.pos = Math.max(0, this.pos - 1);
    else if (a === 2) this.pos = Math.min(SIZE - 1, this.pos + 1);

    // Move the ball.
    this.lastX = this.ballX;
    this.lastY = this.ballY;
    let newX = this.ballX + DX[this.ballDir];
    let newY = this.ballY + DY[this.ballDir];
    let strikeToggle = false;
    if (newX < 0 || newX > SIZE - 1) {
      newX = newX < 0 ? 0 : SIZE - 1;
      this.ballDir = BOUNCE_X[this.ballDir];
    }
    if (newY < 0) {
      newY = 0;
      this.ballDir = BOUNCE_Y[this.ballDir];
    } else if (this.bricks[newY * SIZE + newX] === 1) {
      strikeToggle = true;
      // MinAtar breaks at most one brick on consecutive steps (the `strike` latch).
      if (!this.strike) {
        reward += 1;
        this.strike = true;
        this.bricks[newY * SIZE + newX] = 0;
        newY = this.lastY;
        this.ballDir = BOUNCE_Y[this.ballDir];
      }
    } else if (newY === SIZE - 1) {
      if (this.brickCount() === 0) this.fillBricks();
      if (this.ballX === this.pos) {
        this.ballDir = BOUNCE_Y[this.ballDir];
        newY = this.lastY;
      } else if (newX === this.pos) {
        this.ballDir = BOUNCE_CORNER[this.ballDir];
        newY = this.lastY;
      } else {
        terminated = true;
      }
    }
    if (!strikeToggle) this.strike = false;
    this.ballX = newX;
    this.ballY = newY;

    this.steps += 1;
    const truncated = this.steps >= this.maxSteps;
    this.done = terminated || truncated;
    return { observation: this.observe(), reward, terminated, truncated, info: {} };
  }

  /** Number of bricks left. */
  brickCount(): number {
    let n = 0;
    for (let i = 0; i < this.bricks.length; i++) n += this.bricks[i];
    return n;
  }

  private fillBricks(): void {
    for (const r of this.brickRows) this.bricks.fill(1, r * SIZE, (r + 1) * SIZE);
  }

  getState(): BreakoutState {
    return {
      ballX: this.ballX,
      ballY: this.ballY,
      ballDir: this.ballDir,
      pos: this.pos,
      lastX: this.lastX,
      lastY: this.lastY,
      strike: this.strike,
      bricks: Array.from(this.bricks),
      lastAction: this.lastAction,
      steps: this.steps,
      done: this.done,
      rng: this.rng.getState(),
    };
  }

  setState(state: BreakoutState): void {
    const r = new StateReader(this.id, state);
    const max = SIZE - 1;
    const next = {
      ballX: r.int('ballX', 0, max),
      ballY: r.int('ballY', 0, max),
      ballDir: r.int('ballDir', 0, 3),
      pos: r.int('pos', 0, max),
      lastX: r.int('lastX', 0, max),
      lastY: r.int('lastY', 0, max),
      strike: r.boolean('strike'),
      bricks: r.intArray('bricks', 0, 1, SIZE * SIZE),
      lastAction: r.int('lastAction', 0, this.actionSpace.n - 1),
      steps: r.int('steps', 0, Number.MAX_SAFE_INTEGER),
      done: r.boolean('done'),
      rng: r.rng(),
    };
    this.ballX = next.ballX;
    this.ballY = next.ballY;
    this.ballDir = next.ballDir;
    this.pos = next.pos;
    this.lastX = next.lastX;
    this.lastY = next.lastY;
    this.strike = next.strike;
    this.bricks.set(next.bricks);
    this.lastAction = next.lastAction;
    this.steps = next.steps;
    this.done = next.done;
    this.rng.setState(next.rng);
  }

  observe(): Float32Array {
    const plane = SIZE * SIZE;
    const o = new Float32Array(4 * plane);
    o[0 * plane + (SIZE - 1) * SIZE + this.pos] = 1;
    o[1 * plane + this.ballY * SIZE + this.ballX] = 1;
    o[2 * plane + this.lastY * SIZE + this.lastX] = 1;
    for (let i = 0; i < plane; i++) o[3 * plane + i] = this.bricks[i];
    return o;
  }
}
