/**
 * One way to build "an agent for env X with algorithm Y", shared by the agent worker and the
 * CLI's `rl train` so both mean the same thing: DQN takes the env's preset (presets.ts) with
 * the caller's overrides and seed on top; Q-learning and SARSA take a table sized for an env
 * with discrete states (GridWorld).
 */
import { type EnvName, isEnvName, makeEnv } from '../../envs/registry';
import type { Env } from '../../envs/types';
import { DqnAgent } from './dqn';
import { type DqnConfig, dqnSizeProblem } from './dqn-config';
import { dqnPreset, isDqnPresetName } from './presets';
import {
  type DiscreteStateEnv,
  TabularAgent,
  type TabularConfig,
  validateTabularConfig,
} from './tabular';
import type { EnvFactory } from './train-loop';

export const ALGO_NAMES = ['dqn', 'q-learning', 'sarsa'] as const;
export type AlgoName = (typeof ALGO_NAMES)[number];

export function isAlgoName(name: string): name is AlgoName {
  return (ALGO_NAMES as readonly string[]).includes(name);
}

/** Settings of a tabular agent the caller may change (the table size follows the env). */
export type TabularOverrides = Partial<Omit<TabularConfig, 'numStates' | 'numActions'>>;

/** Tabular defaults: alpha 0.5, gamma 0.99, epsilon 1 -> 0.05 over 5000 steps. */
export const DEFAULT_TABULAR: Omit<TabularConfig, 'numStates' | 'numActions' | 'algorithm'> = {
  alpha: 0.5,
  gamma: 0.99,
  epsilon: { start: 1, end: 0.05, steps: 5000 },
  seed: 0,
};

export type BuiltAgent =
  | { kind: 'dqn'; agent: DqnAgent; makeEnv: EnvFactory; config: DqnConfig }
  | { kind: 'tabular'; agent: TabularAgent; makeEnv: EnvFactory; config: TabularConfig };

/** Whether `env` exposes the discrete state a table needs. */
export function hasDiscreteStates(env: Env): env is Env & DiscreteStateEnv {
  const e = env as Partial<DiscreteStateEnv>;
  return typeof e.numStates === 'number' && typeof e.stateIndex === 'number';
}

/** The env factory for `name` with `options` (every copy the same; seeding is by reset). */
export function envFactory(name: string, options: object = {}): EnvFactory {
  if (!isEnvName(name)) makeEnv(name); // throws, listing the known envs
  return () => makeEnv(name as EnvName, options as never);
}

/** What `buildAgent` will build: the checked settings and the env's sizes. */
export type AgentPlan =
  | { kind: 'dqn'; makeEnv: EnvFactory; config: DqnConfig; obsShape: number[]; numActions: number }
  | { kind: 'tabular'; makeEnv: EnvFactory; config: TabularConfig };

/**
 * Checks the settings of an agent for `env` with `algo` without allocating a tensor:
 * `overrides` go on top of the DQN preset or the tabular defaults, `seed` wins over any seed
 * in them, and a DQN must fit the limits of dqnSizeProblem. Throws saying what is wrong.
 */
export function planAgent(
  env: string,
  algo: AlgoName,
  seed: number,
  overrides: Partial<DqnConfig> | TabularOverrides = {},
  envOptions: object = {},
): AgentPlan {
  if (!isAlgoName(algo))
    throw new Error(`unknown algorithm ${JSON.stringify(algo)}; use ${ALGO_NAMES.join(', ')}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const factory = envFactory(env, envOptions);
  const probe = factory(0);
  if (algo === 'dqn') {
    const base = isDqnPresetName(env) ? env : 'gridworld';
    const config = dqnPreset(base, { ...(overrides as Partial<DqnConfig>), seed });
    const obsShape = [...probe.observationSpace.shape];
    const numActions = probe.actionSpace.n;
    const tooBig = dqnSizeProblem(config, obsShape, numActions);
    if (tooBig) throw new Error(tooBig);
    return { kind: 'dqn', makeEnv: factory, config, obsShape, numActions };
  }
  if (!hasDiscreteStates(probe))
    throw new Error(
      `${algo} needs an env with discrete states (gridworld); ${env} has ${probe.observationSpace.shape.join('x')} observations: use dqn`,
    );
  const config = validateTabularConfig({
    ...DEFAULT_TABULAR,
    ...(overrides as TabularOverrides),
    algorithm: algo,
    seed,
    numStates: probe.numStates,
    numActions: probe.actionSpace.n,
  });
  return { kind: 'tabular', makeEnv: factory, config };
}

/**
 * Build a fresh agent for `env` (validated) with `algo`, as `planAgent` checks it.
 */
export function buildAgent(
  env: string,
  algo: AlgoName,
  seed: number,
  overrides: Partial<DqnConfig> | TabularOverrides = {},
  envOptions: object = {},
): BuiltAgent {
  const plan = planAgent(env, algo, seed, overrides, envOptions);
  if (plan.kind === 'dqn') {
    const agent = new DqnAgent(plan.config, plan.obsShape, plan.numActions);
    return { kind: 'dqn', agent, makeEnv: plan.makeEnv, config: agent.config };
  }
  const agent = new TabularAgent(plan.config);
  return { kind: 'tabular', agent, makeEnv: plan.makeEnv, config: agent.config };
}
