/**
 * The training loop shared by the agent worker and the CLI: N copies of an env stepped in
 * lockstep (VectorEnv, auto-reset), one batched action selection per step for all copies,
 * every transition observed by the agent, a gradient step whenever the agent's train
 * frequency says so. Progress goes out through callbacks: one per finished episode and one
 * every `progressEvery` env steps (cheap to throttle further on the receiving side).
 *
 * The loop is async and yields to the event loop every `yieldMs`, so a worker can receive
 * pause/stop messages; it checks its TrainControl and AbortSignal between steps. A loop object
 * keeps its envs, so `run` can be called again to continue (the worker's resume, chunked runs).
 *
 * Also here: greedy evaluation and the random-policy baseline, one function each, used by
 * both the CLI and the UI (DESIGN.md: figures are computed once).
 */

import type * as tf from '@tensorflow/tfjs-core';
import type { Env } from '../../envs/types';
import { VectorEnv } from '../../envs/vector-env';
import { Rng } from '../nn/rng';
import type { DqnAgent } from './dqn';
import { runTabularEpisode, type TabularAgent, type TabularEnv } from './tabular';

/** Makes copy `index` of the env (seeding is done by the loop through reset). */
export type EnvFactory = (index: number) => Env;

export interface EpisodeReport {
  /** Episodes finished by the agent so far, this one included. */
  episode: number;
  envIndex: number;
  return: number;
  length: number;
  terminated: boolean;
  truncated: boolean;
  /** Agent env steps when it ended. */
  steps: number;
}

export interface ProgressReport {
  steps: number;
  episodes: number;
  updates: number;
  epsilon: number;
  /** Mean loss of the gradient steps since the last report (null: none yet). */
  loss: number | null;
  gradNorm: number;
  replaySize: number;
  /** Env steps per second over this run so far. */
  stepsPerSecond: number;
}

export interface TrainSummary {
  steps: number;
  episodes: number;
  seconds: number;
  stepsPerSecond: number;
  /** Why the run ended. */
  reason: 'done' | 'stopped';
}

/** Pause, resume and stop a running loop from outside (the worker's buttons). */
export class TrainControl {
  private pausedFlag = false;
  private stoppedFlag = false;
  private wake: (() => void) | null = null;

  get paused(): boolean {
    return this.pausedFlag;
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    this.wake?.();
  }

  stop(): void {
    this.stoppedFlag = true;
    this.wake?.();
  }

  /** Resolves at once unless paused; then when resumed or stopped. */
  async waitWhilePaused(): Promise<void> {
    while (this.pausedFlag && !this.stoppedFlag) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }
}

export interface TrainLoopOptions {
  /** Env copies stepped in lockstep (default 1). */
  numEnvs?: number;
  /** Copy i's first reset uses seed + i (default: the agent's seed). */
  seed?: number;
}

/**
 * Greedy evaluation every `every` env steps during a run (the learning curve a user compares
 * with the random policy). DQN's greedy return can collapse late in training (CartPole is
 * famous for it); `keepBest` leaves the best-evaluated weights in the agent when the run ends,
 * as SB3's EvalCallback keeps its best model.
 */
export interface PeriodicEvaluation {
  every: number;
  episodes: number;
  /** Seed of the evaluation episodes (the same episodes each time, so numbers compare). */
  seed: number;
  epsilon?: number;
  maxSteps?: number;
  keepBest?: boolean;
  /** Evaluation env (default: the loop's factory). */
  makeEnv?: EnvFactory;
}

export interface EvaluationReport {
  steps: number;
  result: EvalResult;
  /** Best mean return so far in this run. */
  best: number;
}

export interface RunOptions {
  evaluation?: PeriodicEvaluation;
  onEvaluation?: (e: EvaluationReport) => void;
  onEpisode?: (e: EpisodeReport) => void;
  onProgress?: (p: ProgressReport) => void;
  /** Env steps between progress reports (default 1000). */
  progressEvery?: number;
  control?: TrainControl;
  signal?: AbortSignal;
  /** Yield to the event loop at least this often, in ms (default 50). */
  yieldMs?: number;
}

function disposeWeights(weights: Map<string, tf.Tensor>): void {
  for (const t of weights.values()) t.dispose();
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class DqnTrainLoop {
  readonly vec: VectorEnv;
  private readonly makeEnv: EnvFactory;
  /** Current observation of every copy [numEnvs * obsSize]. */
  private observations: Float32Array;

  constructor(
    readonly agent: DqnAgent,
    makeEnv: EnvFactory,
    options: TrainLoopOptions = {},
  ) {
    this.makeEnv = makeEnv;
    this.vec = new VectorEnv(makeEnv, options.numEnvs ?? 1);
    if (this.vec.obsSize !== agent.obsSize || this.vec.actionSpace.n !== agent.numActions) {
      throw new Error(
        `the agent takes ${agent.obsSize} observation values and ${agent.numActions} actions; ` +
          `the env has ${this.vec.obsSize} and ${this.vec.actionSpace.n}`,
      );
    }
    agent.resetEpisodes();
    this.observations = this.vec.reset({ seed: options.seed ?? agent.config.seed }).observations;
  }

  /** The env copy whose state the UI shows. */
  env(index = 0): Env {
    return this.vec.envs[index];
  }

  /** The observation copy `index` will act on next (a copy: the UI's Q-value bars). */
  observation(index = 0): Float32Array {
    const size = this.vec.obsSize;
    return this.observations.slice(index * size, (index + 1) * size);
  }

  /** Run `steps` more env steps (counted over all copies, rounded up to whole vector steps). */
  async run(steps: number, options: RunOptions = {}): Promise<TrainSummary> {
    const { agent, vec } = this;
    const n = vec.numEnvs;
    const size = vec.obsSize;
    const progressEvery = options.progressEvery ?? 1000;
    const yieldMs = options.yieldMs ?? 50;
    const start = performance.now();
    let lastYield = start;
    let done = 0;
    let episodesHere = 0;
    let lossSum = 0;
    let lossCount = 0;
    let sinceProgress = 0;
    const stopRequested = () =>
      options.control?.stopped === true || options.signal?.aborted === true;
    const evaluation = options.evaluation;
    let sinceEvaluation = 0;
    let best = Number.NEGATIVE_INFINITY;
    let bestWeights: Map<string, tf.Tensor> | null = null;
    while (done < steps) {
      if (stopRequested()) break;
      if (options.control?.paused || performance.now() - lastYield >= yieldMs) {
        await yieldToEventLoop();
        await options.control?.waitWhilePaused();
        lastYield = performance.now();
        if (stopRequested()) break;
      }
      const actions = agent.actBatch(this.observations, n);
      const r = vec.step(actions);
      for (let i = 0; i < n; i++) {
        const obs = this.observations.subarray(i * size, (i + 1) * size);
        const next = r.finalObservations[i] ?? r.observations.subarray(i * size, (i + 1) * size);
        agent.observe(
          {
            observation: obs,
            action: actions[i],
            reward: r.rewards[i],
            nextObservation: next,
            terminated: r.terminated[i] === 1,
            truncated: r.truncated[i] === 1,
          },
          i,
        );
        if (agent.shouldTrain()) {
          for (let g = 0; g < agent.config.gradientSteps; g++) {
            const loss = agent.trainStep();
            if (loss !== null) {
              lossSum += loss;
              lossCount++;
            }
          }
        }
      }
      const firstEpisode = agent.counters.episodes - r.episodes.length + 1;
      for (const [j, e] of r.episodes.entries()) {
        episodesHere++;
        options.onEpisode?.({
          episode: firstEpisode + j,
          envIndex: e.index,
          return: e.return,
          length: e.length,
          terminated: e.terminated,
          truncated: e.truncated,
          steps: agent.counters.steps,
        });
      }
      this.observations = r.observations;
      done += n;
      sinceProgress += n;
      if (sinceProgress >= progressEvery) {
        sinceProgress = 0;
        options.onProgress?.(this.progress(start, done, lossCount ? lossSum / lossCount : null));
        lossSum = 0;
        lossCount = 0;
      }
      sinceEvaluation += n;
      if (evaluation && sinceEvaluation >= evaluation.every) {
        sinceEvaluation = 0;
        const result = evaluate(
          agent,
          evaluation.makeEnv ?? this.makeEnv,
          evaluation.episodes,
          evaluation.seed,
          { epsilon: evaluation.epsilon, maxSteps: evaluation.maxSteps },
        );
        if (result.mean > best) {
          best = result.mean;
          if (evaluation.keepBest) {
            if (bestWeights) disposeWeights(bestWeights);
            bestWeights = agent.snapshotWeights();
          }
        }
        options.onEvaluation?.({ steps: agent.counters.steps, result, best });
      }
    }
    if (bestWeights) {
      agent.restoreWeights(bestWeights);
      disposeWeights(bestWeights);
    }
    const seconds = (performance.now() - start) / 1000;
    return {
      steps: done,
      episodes: episodesHere,
      seconds,
      stepsPerSecond: seconds > 0 ? done / seconds : 0,
      reason: done >= steps ? 'done' : 'stopped',
    };
  }

  private progress(start: number, done: number, loss: number | null): ProgressReport {
    const { agent } = this;
    const seconds = (performance.now() - start) / 1000;
    return {
      steps: agent.counters.steps,
      episodes: agent.counters.episodes,
      updates: agent.counters.updates,
      epsilon: agent.epsilon,
      loss,
      gradNorm: agent.lastGradNorm,
      replaySize: agent.replay.size,
      stepsPerSecond: seconds > 0 ? done / seconds : 0,
    };
  }
}

/** Build a loop and run it once: the CLI's path. */
export async function trainDqn(
  agent: DqnAgent,
  makeEnv: EnvFactory,
  steps: number,
  options: TrainLoopOptions & RunOptions = {},
): Promise<TrainSummary> {
  return new DqnTrainLoop(agent, makeEnv, options).run(steps, options);
}

/** Anything that picks an action for an observation (DqnAgent; tabularActor for tables). */
export interface Actor {
  act(observation: Float32Array, epsilon: number, env: Env): number;
}

export interface EvalResult {
  mean: number;
  std: number;
  returns: number[];
  lengths: number[];
}

export interface EvaluateOptions {
  /** Probability of a random action (0: greedy; 0.05 as in DQN's evaluation). */
  epsilon?: number;
  /** Cut an episode after this many steps (a greedy policy may loop in an env without a limit). */
  maxSteps?: number;
}

function summarise(returns: number[], lengths: number[]): EvalResult {
  const mean = returns.reduce((a, b) => a + b, 0) / Math.max(1, returns.length);
  const variance = returns.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, returns.length);
  return { mean, std: Math.sqrt(variance), returns, lengths };
}

/**
 * Play `episodes` episodes on a fresh env (episode k reset with seed + k) and return the mean
 * and std of their returns. Random actions (epsilon) come from an Rng of `seed`, so the
 * agent's own exploration stream is not touched.
 */
export function evaluate(
  agent: Actor,
  makeEnv: EnvFactory,
  episodes: number,
  seed: number,
  options: EvaluateOptions = {},
): EvalResult {
  const epsilon = options.epsilon ?? 0;
  const maxSteps = options.maxSteps ?? 100_000;
  const rng = new Rng(seed);
  const env = makeEnv(0);
  const n = env.actionSpace.n;
  const returns: number[] = [];
  const lengths: number[] = [];
  for (let k = 0; k < episodes; k++) {
    let obs = env.reset({ seed: seed + k }).observation;
    let total = 0;
    let t = 0;
    while (t < maxSteps) {
      const a = epsilon > 0 && rng.next() < epsilon ? rng.int(n) : agent.act(obs, 0, env);
      const r = env.step(a);
      total += r.reward;
      t++;
      obs = r.observation;
      if (r.terminated || r.truncated) break;
    }
    returns.push(total);
    lengths.push(t);
  }
  return summarise(returns, lengths);
}

/** The uniform random policy's returns: the baseline a learning curve is read against. */
export function randomPolicyReturn(
  makeEnv: EnvFactory,
  episodes: number,
  seed: number,
  options: Omit<EvaluateOptions, 'epsilon'> = {},
): EvalResult {
  const rng = new Rng(seed ^ 0x5eed);
  const random: Actor = { act: (_obs, _eps, env) => rng.int(env.actionSpace.n) };
  return evaluate(random, makeEnv, episodes, seed, options);
}

/**
 * Tabular training episode by episode (GridWorld's Q-learning and SARSA), with the same
 * callbacks and controls as the DQN loop: `onEpisode` after each episode, `onProgress`-like
 * reporting left to the caller (the table is small: read `values()` when drawing).
 */
export async function trainTabular(
  agent: TabularAgent,
  env: TabularEnv,
  episodes: number,
  options: Pick<RunOptions, 'onEpisode' | 'control' | 'signal' | 'yieldMs'> = {},
): Promise<TrainSummary> {
  const start = performance.now();
  const yieldMs = options.yieldMs ?? 50;
  let lastYield = start;
  let steps = 0;
  let done = 0;
  const stopRequested = () => options.control?.stopped === true || options.signal?.aborted === true;
  while (done < episodes && !stopRequested()) {
    if (performance.now() - lastYield >= yieldMs) {
      await yieldToEventLoop();
      await options.control?.waitWhilePaused();
      lastYield = performance.now();
      if (stopRequested()) break;
    }
    const r = runTabularEpisode(agent, env);
    steps += r.length;
    done++;
    options.onEpisode?.({
      episode: agent.counters.episodes,
      envIndex: 0,
      return: r.return,
      length: r.length,
      terminated: r.terminated,
      truncated: !r.terminated,
      steps: agent.counters.steps,
    });
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    steps,
    episodes: done,
    seconds,
    stepsPerSecond: seconds > 0 ? steps / seconds : 0,
    reason: done >= episodes ? 'done' : 'stopped',
  };
}
