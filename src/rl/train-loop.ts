/**
 * The DQN training loop shared by the agent worker and the CLI: N copies of an env stepped in
 * lockstep (VectorEnv, auto-reset), one batched action selection per step for all copies,
 * every transition observed by the agent, a gradient step whenever the agent's train
 * frequency says so. Progress goes out through callbacks: one per finished episode and one
 * every `progressEvery` env steps (cheap to throttle further on the receiving side).
 *
 * The loop is async and yields to the event loop every `yieldMs`, so a worker can receive
 * pause/stop messages; it checks its RunControl and AbortSignal between steps. A loop object
 * keeps its envs, so `run` can be called again to continue (the worker's resume, chunked runs).
 * The tabular loop beside it: tabular-loop.ts; evaluation: evaluate.ts.
 */

import type * as tf from '@tensorflow/tfjs-core';
import type { Env } from '../../envs/types';
import { VectorEnv } from '../../envs/vector-env';
import { type RunControl, yieldToEventLoop } from '../nn/run-control';
import { agentMismatch } from './attach-agent';
import type { DqnAgent } from './dqn';
import { EpisodeStatsEnv } from './episode-stats-env';
import { type EvalResult, evaluate } from './evaluate';

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
  control?: RunControl;
  signal?: AbortSignal;
  /** Yield to the event loop at least this often, in ms (default 50). */
  yieldMs?: number;
}

function disposeWeights(weights: Map<string, tf.Tensor>): void {
  for (const t of weights.values()) t.dispose();
}

export class DqnTrainLoop {
  readonly vec: VectorEnv;
  /** Copy 0 with its running episode's statistics. */
  readonly stats: EpisodeStatsEnv;
  private readonly makeEnv: EnvFactory;
  /** Current observation of every copy [numEnvs * obsSize]. */
  private observations: Float32Array;

  constructor(
    readonly agent: DqnAgent,
    makeEnv: EnvFactory,
    options: TrainLoopOptions = {},
  ) {
    this.makeEnv = makeEnv;
    let stats: EpisodeStatsEnv | null = null;
    this.vec = new VectorEnv((i) => {
      const env = makeEnv(i);
      if (i > 0) return env;
      stats = new EpisodeStatsEnv(env);
      return stats;
    }, options.numEnvs ?? 1);
    this.stats = stats as unknown as EpisodeStatsEnv;
    const mismatch = agentMismatch(agent, this.vec.envs[0]);
    if (mismatch) throw new Error(mismatch);
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

  /** Q(s, ·) of the observation copy `index` acts on next. */
  qValues(index = 0): Float32Array {
    return this.agent.qValues(this.observation(index));
  }

  /** Gradient steps so far. */
  get updates(): number {
    return this.agent.counters.updates;
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
        await options.control?.checkpoint();
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
