/**
 * Deep Q-Network (Mnih et al. 2015) on the hand-written engine: an online Q-network trained
 * by Adam on mini-batches from experience replay, toward targets from a slowly moving target
 * network, with epsilon-greedy exploration. Options from the Rainbow family: Double DQN,
 * dueling heads, n-step returns; plus Huber loss and global gradient-norm clipping.
 *
 * The TD target for a transition (s, a, R, s', done, discount) is
 *   y = R + discount · (1 - done) · Q_target(s', a*)
 *   a* = argmax_a Q_target(s', a)           (DQN)
 *   a* = argmax_a Q_online(s', a)           (Double DQN: select online, evaluate target)
 * and the loss is Huber(Q_online(s, a) - y), averaged over the batch.
 *
 * Host/device traffic: a train step uploads one batch and reads back loss and gradient norm
 * in one `dataSync`; `actBatch` decides exploration on the CPU first and runs one forward for
 * all the copies that act greedily (none when all explore).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Env } from '../../envs/types';
import { Adam } from '../nn/optimizers/adam';
import { Rng } from '../nn/rng';
import { type DqnConfig, dqnConfig, validateDqnConfig } from './dqn-config';
import { NStepAccumulator, type StepTransition } from './n-step';
import { QNetwork } from './q-network';
import { ReplayBuffer } from './replay-buffer';
import { LinearSchedule } from './schedule';
import { actionMask, TakenActionHuberLoss } from './td-loss';

/** Training progress that a saved agent carries, so training resumes where it stopped. */
export interface DqnCounters {
  /** Env steps observed (drives epsilon and training frequency). */
  steps: number;
  /** Gradient steps taken. */
  updates: number;
  /** Episodes finished (terminated or truncated). */
  episodes: number;
  /** `steps` at the last hard target update. */
  lastTargetSync: number;
}

/** The generator states of an agent, for an exact resume. */
export interface DqnRngStates {
  explore: { state: number; spareNormal: number | null };
  sample: { state: number; spareNormal: number | null };
}

export class DqnAgent {
  readonly config: DqnConfig;
  readonly obsShape: readonly number[];
  readonly obsSize: number;
  readonly online: QNetwork;
  readonly target: QNetwork;
  readonly replay: ReplayBuffer;
  readonly epsilonSchedule: LinearSchedule;
  readonly counters: DqnCounters = { steps: 0, updates: 0, episodes: 0, lastTargetSync: 0 };
  /** Global gradient L2 norm of the last train step (before clipping). */
  lastGradNorm = 0;
  private readonly optimizer: Adam;
  private readonly loss: TakenActionHuberLoss;
  /** One n-step accumulator per environment copy (n > 1 only). */
  private readonly accumulators = new Map<number, NStepAccumulator>();
  private readonly exploreRng: Rng;
  private readonly sampleRng: Rng;

  constructor(
    config: DqnConfig,
    obsShape: readonly number[],
    readonly numActions: number,
  ) {
    this.config = validateDqnConfig(structuredClone(config));
    this.obsShape = [...obsShape];
    this.obsSize = obsShape.reduce((a, b) => a * b, 1);
    const root = new Rng(this.config.seed);
    const initRng = root.fork();
    this.exploreRng = root.fork();
    this.sampleRng = root.fork();
    const netOptions = { network: this.config.network, dueling: this.config.dueling };
    this.online = new QNetwork(netOptions, obsShape, numActions, initRng);
    this.target = new QNetwork(netOptions, obsShape, numActions, initRng);
    this.target.copyFrom(this.online);
    this.replay = new ReplayBuffer(this.config.replayCapacity, this.obsSize);
    this.epsilonSchedule = new LinearSchedule(this.config.epsilon);
    this.optimizer = new Adam(this.config.lr);
    this.loss = new TakenActionHuberLoss(this.config.huberDelta);
  }

  /** An agent sized for `env`'s observation and action spaces. */
  static forEnv(env: Env, overrides: Partial<DqnConfig> = {}): DqnAgent {
    return new DqnAgent(dqnConfig(overrides), env.observationSpace.shape, env.actionSpace.n);
  }

  /** The exploration rate at the current step. */
  get epsilon(): number {
    return this.epsilonSchedule.value(this.counters.steps);
  }

  /** Epsilon-greedy action for one observation. */
  act(observation: Float32Array, epsilon = this.epsilon): number {
    return this.actBatch(observation, 1, epsilon)[0];
  }

  /**
   * Epsilon-greedy actions for n observations [n * obsSize] (vectorised envs): exploration is
   * drawn on the CPU, then one forward for the copies that act greedily.
   */
  actBatch(observations: Float32Array, n: number, epsilon = this.epsilon): Int32Array {
    const size = this.obsSize;
    if (observations.length !== n * size)
      throw new Error(`actBatch: expected ${n} x ${size} values, got ${observations.length}`);
    const actions = new Int32Array(n);
    const greedy: number[] = [];
    for (let i = 0; i < n; i++) {
      // No draw at epsilon 0: greedy evaluation leaves the exploration stream untouched.
      if (epsilon > 0 && this.exploreRng.next() < epsilon)
        actions[i] = this.exploreRng.int(this.numActions);
      else greedy.push(i);
    }
    if (greedy.length === 0) return actions;
    const rows = greedy.length === n ? observations : new Float32Array(greedy.length * size);
    if (rows !== observations) {
      greedy.forEach((i, k) => {
        rows.set(observations.subarray(i * size, (i + 1) * size), k * size);
      });
    }
    const best = tf.tidy(() =>
      tf.argMax(this.online.forward(tf.tensor2d(rows, [greedy.length, size])), 1),
    );
    const picked = best.dataSync();
    best.dispose();
    greedy.forEach((i, k) => {
      actions[i] = picked[k];
    });
    return actions;
  }

  /** Greedy Q-values Q(s, ·) of one observation (the UI's bars). */
  qValues(observation: Float32Array): Float32Array {
    const q = tf.tidy(() => this.online.forward(tf.tensor2d(observation, [1, this.obsSize])));
    const values = q.dataSync() as Float32Array;
    q.dispose();
    return Float32Array.from(values);
  }

  /**
   * Record one env step of copy `envIndex` (counts the step and, at an episode end, the
   * episode). One-step transitions go straight to replay; with n > 1 they pass through that
   * copy's n-step accumulator.
   */
  observe(step: StepTransition, envIndex = 0): void {
    this.counters.steps++;
    if (step.terminated || step.truncated) this.counters.episodes++;
    const { nStep, gamma } = this.config;
    if (nStep === 1) {
      this.replay.add({
        observation: step.observation,
        action: step.action,
        reward: step.reward,
        nextObservation: step.nextObservation,
        terminated: step.terminated,
        discount: gamma,
      });
      return;
    }
    let acc = this.accumulators.get(envIndex);
    if (!acc) {
      acc = new NStepAccumulator(nStep, gamma);
      this.accumulators.set(envIndex, acc);
    }
    for (const t of acc.push(step)) this.replay.add(t);
  }

  /**
   * Forget unfinished n-step windows: their episodes will not continue (a new train loop
   * resets its envs). Transitions already in replay stay.
   */
  resetEpisodes(): void {
    for (const acc of this.accumulators.values()) acc.reset();
  }

  /**
   * Whether the step count calls for training now (after `observe`): the loop then runs
   * `config.gradientSteps` train steps.
   */
  shouldTrain(): boolean {
    const { learningStarts, trainFrequency, batchSize } = this.config;
    return (
      this.counters.steps >= learningStarts &&
      this.replay.size >= batchSize &&
      this.counters.steps % trainFrequency === 0
    );
  }

  /**
   * One gradient step on a uniform replay mini-batch; returns the loss (null while the replay
   * holds fewer than a batch). Then the target update: soft after every step, hard once
   * `every` env steps have passed since the last.
   */
  trainStep(): number | null {
    const { batchSize, double, maxGradNorm, targetUpdate } = this.config;
    if (this.replay.size < batchSize) return null;
    const batch = this.replay.sample(batchSize, this.sampleRng);
    const size = this.obsSize;
    const k = this.numActions;
    const mask = actionMask(batch.actions, k);
    const readout = tf.tidy(() => {
      const next = tf.tensor2d(batch.nextObservations, [batchSize, size]);
      // Targets first: the online forward on s' must come before the one backward reads.
      const qNextTarget = this.target.forward(next);
      let nextValue: tf.Tensor;
      if (double) {
        const best = tf.argMax(this.online.forward(next), 1);
        const pick = tf.cast(tf.oneHot(best, k), 'float32');
        nextValue = tf.sum(tf.mul(qNextTarget, pick), 1);
      } else {
        nextValue = tf.max(qNextTarget, 1);
      }
      const notDone = tf.sub(1, tf.tensor1d(batch.terminated));
      const y = tf.add(
        tf.tensor1d(batch.rewards),
        tf.mul(tf.mul(tf.tensor1d(batch.discounts), notDone), nextValue),
      ) as tf.Tensor1D;
      const q = this.online.forward(tf.tensor2d(batch.observations, [batchSize, size]), true);
      const loss = this.loss.forward(q, tf.tensor2d(mask, [batchSize, k]), y);
      this.online.backward(this.loss.backward());
      const grads = this.online.grads;
      let sq: tf.Tensor = tf.scalar(0);
      for (const g of grads.values()) sq = tf.add(sq, tf.sum(tf.square(g)));
      const norm = tf.sqrt(sq);
      let applied: ReadonlyMap<string, tf.Tensor> = grads;
      if (maxGradNorm !== null) {
        const scale = tf.minimum(1, tf.div(maxGradNorm, tf.add(norm, 1e-6)));
        applied = new Map([...grads].map(([name, g]) => [name, tf.mul(g, scale)]));
      }
      this.optimizer.update(this.online.params, applied);
      return tf.stack([loss, norm]);
    });
    const [lossValue, normValue] = readout.dataSync();
    readout.dispose();
    this.online.grads.clear();
    this.lastGradNorm = normValue;
    this.counters.updates++;
    if (targetUpdate.kind === 'soft') {
      this.target.softUpdateFrom(this.online, targetUpdate.tau);
    } else if (this.counters.steps - this.counters.lastTargetSync >= targetUpdate.every) {
      this.target.copyFrom(this.online);
      this.counters.lastTargetSync = this.counters.steps;
    }
    return lossValue;
  }

  /** A copy of the online weights (the caller disposes it, e.g. with disposeWeights). */
  snapshotWeights(): Map<string, tf.Tensor> {
    return new Map([...this.online.params].map(([name, p]) => [name, tf.clone(p)]));
  }

  /** Put a snapshot back into the online and the target net. */
  restoreWeights(weights: ReadonlyMap<string, tf.Tensor>): void {
    tf.tidy(() => {
      for (const [name, p] of this.online.params) {
        const w = weights.get(name);
        if (!w) throw new Error(`restoreWeights: the snapshot has no ${name}`);
        p.assign(w);
      }
    });
    this.target.copyFrom(this.online);
  }

  /** Learning rate, adjustable between steps. */
  get lr(): number {
    return this.optimizer.lr;
  }

  set lr(value: number) {
    if (!(value > 0) || !Number.isFinite(value))
      throw new Error(`learning rate must be positive, got ${value}`);
    this.optimizer.lr = value;
  }

  getRngStates(): DqnRngStates {
    return { explore: this.exploreRng.getState(), sample: this.sampleRng.getState() };
  }

  setRngStates(s: DqnRngStates): void {
    this.exploreRng.setState(s.explore);
    this.sampleRng.setState(s.sample);
  }

  dispose(): void {
    this.online.dispose();
    this.target.dispose();
    this.optimizer.dispose();
  }
}
