/**
 * Playing a policy: one episode as a stream of frames (`rollout`), greedy evaluation over many
 * episodes and the random-policy baseline, used by the CLI, the agent worker's evaluation and
 * its paced "watch it play" alike (DESIGN: a figure is computed once).
 */
import type { Env } from '../../envs/types';
import { Rng } from '../nn/rng';
import type { EnvFactory } from './train-loop';

/** Greedy policies may loop forever in an env without a time limit: episodes end here. */
export const EVAL_MAX_STEPS = 10_000;

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
  /** Cut an episode after this many steps (default 100,000). */
  maxSteps?: number;
}

/** One moment of an episode: after the reset (t = 0) or after step t. */
export interface RolloutFrame {
  /** Steps taken so far. */
  t: number;
  /** The observation the policy acts on next (the final one when the episode is over). */
  observation: Float32Array;
  /** Sum of the rewards so far. */
  total: number;
  terminated: boolean;
  /** Ended by the env's time limit or by `maxSteps`. */
  truncated: boolean;
}

/**
 * One episode of `policy` on `env`, reset with `seed`, frame by frame: the env holds the
 * frame's state while the consumer looks at it, so a paced caller can draw each frame.
 */
export function* rollout(
  env: Env,
  policy: (observation: Float32Array, env: Env) => number,
  options: { seed?: number; maxSteps?: number } = {},
): Generator<RolloutFrame, void, void> {
  const maxSteps = options.maxSteps ?? 100_000;
  let observation = env.reset(options.seed === undefined ? {} : { seed: options.seed }).observation;
  let total = 0;
  yield { t: 0, observation, total, terminated: false, truncated: false };
  for (let t = 1; t <= maxSteps; t++) {
    const r = env.step(policy(observation, env));
    total += r.reward;
    observation = r.observation;
    const truncated = r.truncated || (!r.terminated && t === maxSteps);
    yield { t, observation, total, terminated: r.terminated, truncated };
    if (r.terminated || truncated) return;
  }
}

/**
 * `episodes` episodes of `policy` one after another (episode k reset with seed + k), frame by
 * frame: one stream a paced caller can draw without a loop of its own per episode.
 */
export function* rolloutEpisodes(
  env: Env,
  policy: (observation: Float32Array, env: Env) => number,
  options: { episodes: number; seed: number; maxSteps?: number },
): Generator<{ episode: number; frame: RolloutFrame }, void, void> {
  for (let episode = 0; episode < options.episodes; episode++)
    for (const frame of rollout(env, policy, {
      seed: options.seed + episode,
      maxSteps: options.maxSteps,
    }))
      yield { episode, frame };
}

/** Mean and (population) std of episode returns. */
export function summariseReturns(returns: number[], lengths: number[]): EvalResult {
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
  const rng = new Rng(seed);
  const env = makeEnv(0);
  const n = env.actionSpace.n;
  const policy = (obs: Float32Array, e: Env) =>
    epsilon > 0 && rng.next() < epsilon ? rng.int(n) : agent.act(obs, 0, e);
  const returns: number[] = [];
  const lengths: number[] = [];
  for (let k = 0; k < episodes; k++) {
    let last: RolloutFrame | undefined;
    for (const frame of rollout(env, policy, { seed: seed + k, maxSteps: options.maxSteps }))
      last = frame;
    returns.push(last?.total ?? 0);
    lengths.push(last?.t ?? 0);
  }
  return summariseReturns(returns, lengths);
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
