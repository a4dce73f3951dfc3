/**
 * CartPole-v1, exactly as Gymnasium defines it (gymnasium/envs/classic_control/cartpole.py
 * plus the TimeLimit of 500 steps that `gym.make('CartPole-v1')` adds).
 *
 * ## Description
 * A pole is attached by an un-actuated joint to a cart moving along a frictionless track
 * (Barto, Sutton & Anderson, 1983). The pole starts upright; push the cart left or right to
 * keep it from falling.
 *
 * ## Action space: Discrete(2)
 * - 0: push the cart to the left (force -10 N)
 * - 1: push the cart to the right (force +10 N)
 *
 * ## Observation: Float32Array, shape [4]
 * | i | observation           | bounds while running    |
 * |---|-----------------------|-------------------------|
 * | 0 | cart position x       | (-2.4, 2.4)             |
 * | 1 | cart velocity x_dot   | unbounded               |
 * | 2 | pole angle theta      | (-12°, 12°) in radians  |
 * | 3 | pole angular velocity | unbounded               |
 * The space's bounds are twice the running ones (±4.8, ±0.418 rad), as Gymnasium's.
 * The state itself is kept in float64 (as Gymnasium's numpy state); the observation is its
 * float32 copy.
 *
 * ## Rewards
 * +1 for every step, the terminating one included.
 *
 * ## Start state
 * All four state variables uniform in (-0.05, 0.05). (Same distribution as Gymnasium; our
 * generator is not numpy's, so a given seed gives other numbers than Gymnasium's.)
 *
 * ## Episode end
 * - Terminated: |theta| > 12° (12 * 2 * pi / 360 rad) or |x| > 2.4.
 * - Truncated: 500 steps (TimeLimit). As in Gymnasium's TimeLimit, `truncated` is set on
 *   step 500 even when that step also terminates.
 */
import { checkAction, checkNotDone, checkSeed, StateReader } from './checks';
import { ENV_INFO } from './metadata';
import { Random } from './random';
import { boxSpace, discreteSpace } from './spaces';
import type { BoxSpace, DiscreteSpace, Env, ResetResult, StepResult } from './types';

export interface CartPoleOptions {
  /** TimeLimit; 500 for CartPole-v1. */
  maxEpisodeSteps?: number;
  /** Seed of the generator used by reset() when reset gets no seed. */
  seed?: number;
}

/** The exact snapshot: the float64 physical state, the step count, done and the rng. */
export interface CartPoleState {
  x: number;
  xDot: number;
  theta: number;
  thetaDot: number;
  steps: number;
  done: boolean;
  rng: number;
}

export class CartPole implements Env<CartPoleState> {
  readonly id = ENV_INFO.cartpole.id;
  readonly gravity = 9.8;
  readonly masscart = 1.0;
  readonly masspole = 0.1;
  readonly totalMass = this.masspole + this.masscart;
  /** Actually half the pole's length (Gymnasium's naming). */
  readonly length = 0.5;
  readonly polemassLength = this.masspole * this.length;
  readonly forceMag = 10.0;
  /** Seconds between state updates. */
  readonly tau = 0.02;
  readonly kinematicsIntegrator = 'euler';
  /** Angle at which the episode fails: 12 degrees. */
  readonly thetaThresholdRadians = (12 * 2 * Math.PI) / 360;
  readonly xThreshold = 2.4;
  readonly maxEpisodeSteps: number;

  readonly actionSpace: DiscreteSpace = discreteSpace(ENV_INFO.cartpole.actions);
  /**
   * Gymnasium's bounds: twice the failure thresholds (±4.8 m, ±24° = ±0.418 rad), so the
   * observation that ends an episode is still inside the box; the velocities are unbounded
   * (±Infinity, Gymnasium 1.x's np.inf; old gym wrote float32's largest value there).
   */
  readonly observationSpace: BoxSpace = boxSpace({
    shape: [4],
    low: [-2 * this.xThreshold, -Infinity, -2 * this.thetaThresholdRadians, -Infinity],
    high: [2 * this.xThreshold, Infinity, 2 * this.thetaThresholdRadians, Infinity],
    labels: ['cart position', 'cart velocity', 'pole angle', 'pole angular velocity'],
  });

  private x = 0;
  private xDot = 0;
  private theta = 0;
  private thetaDot = 0;
  private steps = 0;
  private done = true;
  private readonly rng: Random;

  constructor(options: CartPoleOptions = {}) {
    const { maxEpisodeSteps = 500, seed } = options;
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new Error(
        `${this.id}: maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`,
      );
    }
    checkSeed(this.id, seed);
    this.maxEpisodeSteps = maxEpisodeSteps;
    this.rng = new Random(seed);
  }

  reset(options: { seed?: number } = {}): ResetResult {
    checkSeed(this.id, options.seed);
    if (options.seed !== undefined) this.rng.seed(options.seed);
    this.x = this.rng.uniform(-0.05, 0.05);
    this.xDot = this.rng.uniform(-0.05, 0.05);
    this.theta = this.rng.uniform(-0.05, 0.05);
    this.thetaDot = this.rng.uniform(-0.05, 0.05);
    this.steps = 0;
    this.done = false;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult {
    checkAction(this.id, action, this.actionSpace.n);
    checkNotDone(this.id, this.done);
    const force = action === 1 ? this.forceMag : -this.forceMag;
    const costheta = Math.cos(this.theta);
    const sintheta = Math.sin(this.theta);

    // https://coneural.org/florian/papers/05_cart_pole.pdf
    const temp =
      (force + this.polemassLength * this.thetaDot * this.thetaDot * sintheta) / this.totalMass;
    const thetaacc =
      (this.gravity * sintheta - costheta * temp) /
      (this.length * (4.0 / 3.0 - (this.masspole * costheta * costheta) / this.totalMass));
    const xacc = temp - (this.polemassLength * thetaacc * costheta) / this.totalMass;

    // Euler, in Gymnasium's order: positions move with the old velocities.
    this.x = this.x + this.tau * this.xDot;
    this.xDot = this.xDot + this.tau * xacc;
    this.theta = this.theta + this.tau * this.thetaDot;
    this.thetaDot = this.thetaDot + this.tau * thetaacc;
    this.steps += 1;

    const terminated =
      this.x < -this.xThreshold ||
      this.x > this.xThreshold ||
      this.theta < -this.thetaThresholdRadians ||
      this.theta > this.thetaThresholdRadians;
    const truncated = this.steps >= this.maxEpisodeSteps;
    this.done = terminated || truncated;
    return { observation: this.observe(), reward: 1.0, terminated, truncated, info: {} };
  }

  getState(): CartPoleState {
    return {
      x: this.x,
      xDot: this.xDot,
      theta: this.theta,
      thetaDot: this.thetaDot,
      steps: this.steps,
      done: this.done,
      rng: this.rng.getState(),
    };
  }

  setState(state: CartPoleState): void {
    const r = new StateReader(this.id, state);
    const next = {
      x: r.number('x'),
      xDot: r.number('xDot'),
      theta: r.number('theta'),
      thetaDot: r.number('thetaDot'),
      steps: r.int('steps', 0, this.maxEpisodeSteps),
      done: r.boolean('done'),
      rng: r.rng(),
    };
    this.x = next.x;
    this.xDot = next.xDot;
    this.theta = next.theta;
    this.thetaDot = next.thetaDot;
    this.steps = next.steps;
    this.done = next.done;
    this.rng.setState(next.rng);
  }

  /** The observation of the current state (float32 copy). */
  observe(): Float32Array {
    const o = new Float32Array(4);
    o[0] = this.x;
    o[1] = this.xDot;
    o[2] = this.theta;
    o[3] = this.thetaDot;
    return o;
  }
}
