/**
 * Snake on a grid (our rules; no single reference defines it).
 *
 * ## Description
 * The snake moves one cell per step in its heading. Eating the food makes it one cell longer
 * and puts new food on a random free cell. Running into a wall or into itself kills it.
 *
 * ## Action space: Discrete(4)
 * - 0: up, 1: right, 2: down, 3: left (the new heading). Turning back onto the neck (the
 *   opposite of the current heading) is treated as going straight on.
 *
 * ## Observation: Float32Array, shape [3, height, width] = [3, 10, 10], 0/1
 * Channels: 0 head, 1 body (every segment but the head), 2 food.
 *
 * ## Rewards
 * +1 for eating the food, -1 for dying, 0 otherwise.
 *
 * ## Start state
 * Length 3, head at (floor(height/2), floor(width/2)), body trailing to the left, heading
 * right; food on a uniformly random free cell.
 *
 * ## Episode end
 * - Terminated: the head leaves the board or enters a body cell (-1). The tail cell that moves
 *   away on this step is free, so following your own tail is allowed. Also terminated (a win,
 *   after the +1) when the snake fills the board (maximum length height * width).
 * - Truncated: `maxStepsWithoutFood` steps (default 100) without eating, so a looping snake
 *   cannot run forever.
 *
 * ## Sticky actions
 * As MinAtar's games (Breakout here): with probability `stickyActionProb` (default 0, off) the
 * previous action is repeated instead of the one given. The previous action's effect is the
 * current heading (a turn back was already ignored as going straight on), so a sticky step
 * keeps the heading. The draw comes from the env's generator, only when the probability is
 * above 0, so runs without sticky actions are unchanged.
 */
import { checkAction, checkNotDone, checkSeed, StateReader } from './checks';
import { ENV_INFO } from './metadata';
import { Random } from './random';
import { boxSpace, discreteSpace } from './spaces';
import type { BoxSpace, DiscreteSpace, Env, ResetResult, StepResult } from './types';

export interface SnakeOptions {
  height?: number;
  width?: number;
  maxStepsWithoutFood?: number;
  /** Probability of repeating the previous action instead (MinAtar's sticky actions); 0. */
  stickyActionProb?: number;
  seed?: number;
}

export interface SnakeState {
  /** Cells (row * width + col) from head to tail. */
  body: number[];
  /** Heading: 0 up, 1 right, 2 down, 3 left. */
  direction: number;
  /** The food's cell, -1 when the board is full. */
  food: number;
  stepsSinceFood: number;
  steps: number;
  done: boolean;
  rng: number;
}

const DR = [-1, 0, 1, 0];
const DC = [0, 1, 0, -1];

export class Snake implements Env<SnakeState> {
  readonly id = ENV_INFO.snake.id;
  readonly height: number;
  readonly width: number;
  readonly initialLength = 3;
  readonly maxStepsWithoutFood: number;
  readonly stickyActionProb: number;
  readonly foodReward = 1;
  readonly deathReward = -1;
  readonly actionSpace: DiscreteSpace = discreteSpace(ENV_INFO.snake.actions);
  readonly observationSpace: BoxSpace;

  /** Head first. */
  private body: number[] = [];
  /** 1 where a segment lies: constant-time collision checks. */
  private readonly occupied: Uint8Array;
  private direction = 1;
  private food = -1;
  private stepsSinceFood = 0;
  private steps = 0;
  private done = true;
  private readonly rng: Random;

  constructor(options: SnakeOptions = {}) {
    const {
      height = 10,
      width = 10,
      maxStepsWithoutFood = 100,
      stickyActionProb = 0,
      seed,
    } = options;
    if (!(stickyActionProb >= 0 && stickyActionProb <= 1))
      throw new Error(`Snake: stickyActionProb must be in [0, 1], got ${stickyActionProb}`);
    this.stickyActionProb = stickyActionProb;
    if (!Number.isInteger(height) || !Number.isInteger(width) || height < 2 || width < 4) {
      throw new Error(
        `Snake: the board must be at least 2 rows x 4 columns, got ${height}x${width}`,
      );
    }
    if (!Number.isInteger(maxStepsWithoutFood) || maxStepsWithoutFood < 1) {
      throw new Error(
        `Snake: maxStepsWithoutFood must be a positive integer, got ${maxStepsWithoutFood}`,
      );
    }
    checkSeed(this.id, seed);
    this.height = height;
    this.width = width;
    this.maxStepsWithoutFood = maxStepsWithoutFood;
    this.occupied = new Uint8Array(height * width);
    this.observationSpace = boxSpace({
      shape: [3, height, width],
      low: 0,
      high: 1,
      labels: ['head', 'body', 'food'],
    });
    this.rng = new Random(seed);
  }

  reset(options: { seed?: number } = {}): ResetResult {
    checkSeed(this.id, options.seed);
    if (options.seed !== undefined) this.rng.seed(options.seed);
    const r = this.height >> 1;
    const c = this.width >> 1;
    this.body = [];
    for (let i = 0; i < this.initialLength; i++) this.body.push(r * this.width + c - i);
    this.syncOccupied();
    this.direction = 1;
    this.placeFood();
    this.stepsSinceFood = 0;
    this.steps = 0;
    this.done = false;
    return { observation: this.observe(), info: { length: this.body.length } };
  }

  step(action: number): StepResult {
    checkAction(this.id, action, this.actionSpace.n);
    checkNotDone(this.id, this.done);
    const sticky = this.stickyActionProb > 0 && this.rng.next() < this.stickyActionProb;
    // Turning back onto the neck is treated as going straight on.
    if (!sticky && action !== (this.direction + 2) % 4) this.direction = action;
    const head = this.body[0];
    const row = Math.floor(head / this.width) + DR[this.direction];
    const col = (head % this.width) + DC[this.direction];
    this.steps += 1;
    this.stepsSinceFood += 1;

    let reward = 0;
    let terminated = false;
    if (row < 0 || row >= this.height || col < 0 || col >= this.width) {
      reward = this.deathReward;
      terminated = true;
    } else {
      const cell = row * this.width + col;
      const eats = cell === this.food;
      // The tail leaves its cell this step unless the snake grows.
      const tail = this.body[this.body.length - 1];
      if (!eats) this.occupied[tail] = 0;
      if (this.occupied[cell] === 1) {
        // Dead: the body stays as it was, so the last frame shows the crash.
        if (!eats) this.occupied[tail] = 1;
        reward = this.deathReward;
        terminated = true;
      } else {
        if (!eats) this.body.pop();
        this.body.unshift(cell);
        this.occupied[cell] = 1;
        if (eats) {
          reward = this.foodReward;
          this.stepsSinceFood = 0;
          this.placeFood();
          terminated = this.food < 0; // the board is full: a win
        }
      }
    }
    const truncated = !terminated && this.stepsSinceFood >= this.maxStepsWithoutFood;
    this.done = terminated || truncated;
    return {
      observation: this.observe(),
      reward,
      terminated,
      truncated,
      info: { length: this.body.length },
    };
  }

  /** Cells from head to tail (row * width + col). */
  get segments(): readonly number[] {
    return this.body;
  }

  get foodCell(): number {
    return this.food;
  }

  /** Food on a uniformly random free cell, or -1 when none is free. */
  private placeFood(): void {
    const free = this.occupied.length - this.body.length;
    if (free <= 0) {
      this.food = -1;
      return;
    }
    let k = this.rng.int(free);
    for (let i = 0; i < this.occupied.length; i++) {
      if (this.occupied[i] === 0 && k-- === 0) {
        this.food = i;
        return;
      }
    }
  }

  private syncOccupied(): void {
    this.occupied.fill(0);
    for (const cell of this.body) this.occupied[cell] = 1;
  }

  getState(): SnakeState {
    return {
      body: this.body.slice(),
      direction: this.direction,
      food: this.food,
      stepsSinceFood: this.stepsSinceFood,
      steps: this.steps,
      done: this.done,
      rng: this.rng.getState(),
    };
  }

  setState(state: SnakeState): void {
    const r = new StateReader(this.id, state);
    const cells = this.height * this.width;
    const body = r.intArray('body', 0, cells - 1);
    if (body.length < 1 || new Set(body).size !== body.length) {
      throw new Error(`Snake: setState: field "body" must hold 1+ distinct cells, got ${body}`);
    }
    for (let i = 1; i < body.length; i++) {
      const a = body[i - 1];
      const b = body[i];
      const dist =
        Math.abs(Math.floor(a / this.width) - Math.floor(b / this.width)) +
        Math.abs((a % this.width) - (b % this.width));
      if (dist !== 1) {
        throw new Error(`Snake: setState: body cells ${a} and ${b} are not adjacent`);
      }
    }
    const next = {
      direction: r.int('direction', 0, 3),
      food: r.int('food', -1, cells - 1),
      stepsSinceFood: r.int('stepsSinceFood', 0, this.maxStepsWithoutFood),
      steps: r.int('steps', 0, Number.MAX_SAFE_INTEGER),
      done: r.boolean('done'),
      rng: r.rng(),
    };
    if (next.food >= 0 && body.includes(next.food)) {
      throw new Error(`Snake: setState: the food cell ${next.food} lies on the snake`);
    }
    this.body = body;
    this.syncOccupied();
    this.direction = next.direction;
    this.food = next.food;
    this.stepsSinceFood = next.stepsSinceFood;
    this.steps = next.steps;
    this.done = next.done;
    this.rng.setState(next.rng);
  }

  observe(): Float32Array {
    const plane = this.height * this.width;
    const o = new Float32Array(3 * plane);
    if (this.body.length === 0) return o; // before the first reset
    o[this.body[0]] = 1;
    for (let i = 1; i < this.body.length; i++) o[plane + this.body[i]] = 1;
    if (this.food >= 0) o[2 * plane + this.food] = 1;
    return o;
  }
}
