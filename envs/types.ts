/**
 * The environment API (Gymnasium's conventions). Environments are pure TypeScript state
 * machines: no DOM, no tfjs, nothing imported from the rest of the project but the
 * dependency-free src/math/ (docs/ARCHITECTURE.md). A renderer reads `getState()`; it never
 * changes the env.
 */

/** `n` actions, numbered 0..n-1. `meanings[i]` names action i ("left", "fire"...). */
export interface DiscreteSpace {
  readonly kind: 'discrete';
  readonly n: number;
  readonly meanings: readonly string[];
}

/**
 * A box of real values with an explicit shape (row-major; pixel observations are
 * [C, H, W] as in the book's CNNs), bounded per element as Gymnasium's `Box`: `low[i]` and
 * `high[i]` bound element i of the flattened observation (float32 values, ±Infinity where
 * unbounded). Build one with `boxSpace` (envs/spaces.ts), which checks the lengths.
 */
export interface BoxSpace {
  readonly kind: 'box';
  readonly shape: readonly number[];
  /** One bound per element: as many as the product of `shape`. */
  readonly low: readonly number[];
  readonly high: readonly number[];
  /** Names of the channels (pixel observations) or of the elements (vector observations). */
  readonly labels?: readonly string[];
}

/** Plain, JSON-safe extra facts about a step (score, length, why it ended...). */
export type Info = Record<string, number | string | boolean>;

export interface ResetResult {
  observation: Float32Array;
  info: Info;
}

export interface StepResult {
  observation: Float32Array;
  reward: number;
  /** The episode reached a terminal state of the task (pole fell, ball missed...). */
  terminated: boolean;
  /** The episode was cut short from outside the task (time limit). */
  truncated: boolean;
  info: Info;
}

/**
 * A Gym-style environment. `S` is its exact snapshot: a JSON-safe plain object holding the
 * whole state, the random generator's included, so `setState(getState())` replays exactly.
 */
export interface Env<S = unknown> {
  /** Short stable name ("CartPole-v1", "Catch"...). */
  readonly id: string;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace;
  /** Start an episode; a seed re-seeds the env's random generator (else it goes on). */
  reset(options?: { seed?: number }): ResetResult;
  /**
   * Advance one step. Throws for an action that is not an integer in [0, n) and for a step
   * after the episode ended (call reset first).
   */
  step(action: number): StepResult;
  getState(): S;
  setState(state: S): void;
}
