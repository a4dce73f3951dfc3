/**
 * VectorEnv: N copies of one env stepped in lockstep, with auto-reset (Gymnasium's
 * SyncVectorEnv with "same-step" autoreset).
 *
 * - `reset({ seed })` seeds copy i with seed + i.
 * - `step(actions)` steps every copy and returns batched arrays. A copy whose episode ended is
 *   reset in the same call: its row of `observations` is the new episode's first observation,
 *   and the observation its episode ended on is in `finalObservations[i]` (null for copies
 *   still running), so a replay buffer can store the true last transition.
 * - `episodes` lists the episodes that ended in this step with their return and length.
 */
import type { BoxSpace, DiscreteSpace, Env, Info } from './types';

export interface FinishedEpisode {
  /** Which copy. */
  index: number;
  /** Sum of the episode's rewards. */
  return: number;
  /** Number of steps. */
  length: number;
  terminated: boolean;
  truncated: boolean;
}

export interface VectorResetResult {
  /** [numEnvs * obsSize], copy i in row i. */
  observations: Float32Array;
  infos: Info[];
}

export interface VectorStepResult {
  /** [numEnvs * obsSize]; a row whose episode ended holds the next episode's first observation. */
  observations: Float32Array;
  rewards: Float32Array;
  /** 1 where the copy's episode terminated in this step. */
  terminated: Uint8Array;
  /** 1 where the copy's episode was truncated in this step. */
  truncated: Uint8Array;
  /** The last observation of each episode that ended in this step; null elsewhere. */
  finalObservations: (Float32Array | null)[];
  infos: Info[];
  /** The episodes that ended in this step. */
  episodes: FinishedEpisode[];
}

export class VectorEnv<S = unknown> {
  readonly numEnvs: number;
  readonly envs: readonly Env<S>[];
  readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace;
  /** Elements in one observation (product of the shape). */
  readonly obsSize: number;

  /** Return and length of each copy's running episode. */
  private readonly returns: Float64Array;
  private readonly lengths: Int32Array;

  constructor(factory: (index: number) => Env<S>, n: number) {
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`VectorEnv: the number of copies must be a positive integer, got ${n}`);
    }
    const envs: Env<S>[] = [];
    for (let i = 0; i < n; i++) envs.push(factory(i));
    const first = envs[0];
    for (const env of envs) {
      if (
        env.observationSpace.shape.join('x') !== first.observationSpace.shape.join('x') ||
        env.actionSpace.n !== first.actionSpace.n
      ) {
        throw new Error(
          `VectorEnv: every copy must have the same spaces; ${env.id} differs from ${first.id}`,
        );
      }
    }
    this.numEnvs = n;
    this.envs = envs;
    this.observationSpace = first.observationSpace;
    this.actionSpace = first.actionSpace;
    this.obsSize = first.observationSpace.shape.reduce((a, b) => a * b, 1);
    this.returns = new Float64Array(n);
    this.lengths = new Int32Array(n);
  }

  reset(options: { seed?: number } = {}): VectorResetResult {
    const observations = new Float32Array(this.numEnvs * this.obsSize);
    const infos: Info[] = [];
    for (let i = 0; i < this.numEnvs; i++) {
      const seed = options.seed === undefined ? undefined : options.seed + i;
      const { observation, info } = this.envs[i].reset(seed === undefined ? {} : { seed });
      observations.set(observation, i * this.obsSize);
      infos.push(info);
    }
    this.returns.fill(0);
    this.lengths.fill(0);
    return { observations, infos };
  }

  step(actions: ArrayLike<number>): VectorStepResult {
    if (actions.length !== this.numEnvs) {
      throw new Error(
        `VectorEnv: expected ${this.numEnvs} actions (one per copy), got ${actions.length}`,
      );
    }
    const n = this.numEnvs;
    const observations = new Float32Array(n * this.obsSize);
    const rewards = new Float32Array(n);
    const terminated = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    const finalObservations: (Float32Array | null)[] = new Array(n).fill(null);
    const infos: Info[] = [];
    const episodes: FinishedEpisode[] = [];
    for (let i = 0; i < n; i++) {
      const env = this.envs[i];
      const r = env.step(actions[i]);
      rewards[i] = r.reward;
      terminated[i] = r.terminated ? 1 : 0;
      truncated[i] = r.truncated ? 1 : 0;
      this.returns[i] += r.reward;
      this.lengths[i] += 1;
      let observation = r.observation;
      let info = r.info;
      if (r.terminated || r.truncated) {
        finalObservations[i] = r.observation;
        episodes.push({
          index: i,
          return: this.returns[i],
          length: this.lengths[i],
          terminated: r.terminated,
          truncated: r.truncated,
        });
        this.returns[i] = 0;
        this.lengths[i] = 0;
        // Auto-reset: the copy's generator goes on (no re-seed), so runs stay reproducible.
        const next = env.reset();
        observation = next.observation;
        info = next.info;
      }
      observations.set(observation, i * this.obsSize);
      infos.push(info);
    }
    return { observations, rewards, terminated, truncated, finalObservations, infos, episodes };
  }
}
