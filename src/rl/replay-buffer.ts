/**
 * Experience replay (Lin 1992; Mnih et al. 2015): a fixed-size memory of transitions
 * (s, a, r, s', done) from which the learner samples uniformly, breaking the correlation of
 * consecutive steps. A ring buffer on typed arrays: once full, each new transition overwrites
 * the oldest, and nothing is allocated per step.
 *
 * `terminated` is stored, never `truncated`: a time limit is not a terminal state of the task,
 * so the target still bootstraps from s' (Pardo et al. 2018, "Time Limits in RL").
 * `discount` is the factor in front of the bootstrapped value: gamma for a one-step
 * transition, gamma^k for a k-step one (see n-step.ts).
 */
import type { Rng } from '../nn/rng';

/** One transition as the agent observes it. */
export interface Transition {
  observation: Float32Array;
  action: number;
  reward: number;
  nextObservation: Float32Array;
  /** s' is a terminal state: its value is 0, the target does not bootstrap. */
  terminated: boolean;
  /** Factor on the bootstrapped value max_a Q(s', a): gamma^k for a k-step transition. */
  discount: number;
}

/** A sampled mini-batch; its arrays are reused by the next `sample` call. */
export interface ReplayBatch {
  size: number;
  /** [size * obsSize] */
  observations: Float32Array;
  nextObservations: Float32Array;
  actions: Int32Array;
  rewards: Float32Array;
  /** 1 where s' is terminal, else 0. */
  terminated: Float32Array;
  discounts: Float32Array;
  /** Buffer slots the rows came from (tests, debugging). */
  indices: Int32Array;
}

export class ReplayBuffer {
  readonly observations: Float32Array;
  readonly nextObservations: Float32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly discounts: Float32Array;
  /** Slot the next transition goes to. */
  private next = 0;
  private count = 0;
  private batch: ReplayBatch | null = null;

  constructor(
    readonly capacity: number,
    /** Number of floats in one observation. */
    readonly obsSize: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`replay capacity must be an integer >= 1, got ${capacity}`);
    if (!Number.isInteger(obsSize) || obsSize < 1)
      throw new Error(`observation size must be an integer >= 1, got ${obsSize}`);
    this.observations = new Float32Array(capacity * obsSize);
    this.nextObservations = new Float32Array(capacity * obsSize);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Uint8Array(capacity);
    this.discounts = new Float32Array(capacity);
  }

  /** Number of transitions held (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Store a transition, overwriting the oldest once full. */
  add(t: Transition): void {
    const n = this.obsSize;
    if (t.observation.length !== n || t.nextObservation.length !== n) {
      throw new Error(
        `replay: observations must have ${n} values, got ${t.observation.length} and ${t.nextObservation.length}`,
      );
    }
    const i = this.next;
    this.observations.set(t.observation, i * n);
    this.nextObservations.set(t.nextObservation, i * n);
    this.actions[i] = t.action;
    this.rewards[i] = t.reward;
    this.terminated[i] = t.terminated ? 1 : 0;
    this.discounts[i] = t.discount;
    this.next = (i + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Uniform sample with replacement of `batchSize` transitions, into reused arrays. */
  sample(batchSize: number, rng: Rng): ReplayBatch {
    if (this.count === 0) throw new Error('replay: cannot sample from an empty buffer');
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new Error(`replay: batch size must be an integer >= 1, got ${batchSize}`);
    const n = this.obsSize;
    let b = this.batch;
    if (!b || b.size !== batchSize) {
      b = {
        size: batchSize,
        observations: new Float32Array(batchSize * n),
        nextObservations: new Float32Array(batchSize * n),
        actions: new Int32Array(batchSize),
        rewards: new Float32Array(batchSize),
        terminated: new Float32Array(batchSize),
        discounts: new Float32Array(batchSize),
        indices: new Int32Array(batchSize),
      };
      this.batch = b;
    }
    for (let k = 0; k < batchSize; k++) {
      const i = rng.int(this.count);
      b.indices[k] = i;
      b.observations.set(this.observations.subarray(i * n, (i + 1) * n), k * n);
      b.nextObservations.set(this.nextObservations.subarray(i * n, (i + 1) * n), k * n);
      b.actions[k] = this.actions[i];
      b.rewards[k] = this.rewards[i];
      b.terminated[k] = this.terminated[i];
      b.discounts[k] = this.discounts[i];
    }
    return b;
  }

  clear(): void {
    this.next = 0;
    this.count = 0;
  }
}
