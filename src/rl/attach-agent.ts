/**
 * Whether an agent fits an env, and a loaded agent file attached to its env: the one check
 * behind the training loops, the agent worker's load() and `rl eval`, so all three refuse a
 * mismatch the same way.
 */
import { type EnvName, isEnvName } from '../../envs/registry';
import type { Env } from '../../envs/types';
import { AgentFileError, type LoadedAgent } from './agent-file';
import { DqnAgent } from './dqn';
import type { Actor } from './evaluate';
import { type AlgoName, envFactory, hasDiscreteStates } from './make-agent';
import { type TabularAgent, tabularActor } from './tabular';
import type { EnvFactory } from './train-loop';

/** Why `agent` cannot act in `env` (named `envName` in the message), or null when it can. */
export function agentMismatch(
  agent: DqnAgent | TabularAgent,
  env: Env,
  envName: string = env.id,
): string | null {
  const size = env.observationSpace.shape.reduce((a, b) => a * b, 1);
  const actions = env.actionSpace.n;
  if (agent instanceof DqnAgent) {
    if (size === agent.obsSize && actions === agent.numActions) return null;
    return `the agent takes ${agent.obsSize} observation values and ${agent.numActions} actions; ${envName} has ${size} and ${actions}`;
  }
  const { numStates, numActions } = agent.config;
  if (hasDiscreteStates(env) && env.numStates === numStates && actions === numActions) return null;
  return `the table has ${numStates} states and ${numActions} actions; ${envName} does not match`;
}

export interface AttachedAgent {
  env: EnvName;
  /** The options the file's env was made with (when the agent runs on that same env). */
  envOptions: object;
  makeEnv: EnvFactory;
  algo: AlgoName;
  loaded: LoadedAgent;
  actor: Actor;
}

/**
 * The loaded agent on `env` (default: the env its file names, with the file's env options).
 * Throws an AgentFileError saying what does not fit; the caller disposes the agent then.
 */
export function attachAgent(loaded: LoadedAgent, env?: string): AttachedAgent {
  const { meta } = loaded;
  const name = env ?? meta.env;
  if (typeof name !== 'string' || !isEnvName(name))
    throw new AgentFileError(
      `it names no known env (${JSON.stringify(meta.env ?? null)}); give the env to run it on`,
    );
  let envOptions: object = {};
  if (typeof meta.envOptions === 'string' && name === meta.env) {
    try {
      envOptions = JSON.parse(meta.envOptions) as object;
    } catch {
      throw new AgentFileError('meta.envOptions is not valid JSON');
    }
  }
  const makeEnv = envFactory(name, envOptions);
  let probe: Env;
  try {
    probe = makeEnv(0);
  } catch (e) {
    throw new AgentFileError(
      `meta.envOptions ${JSON.stringify(meta.envOptions)} make no ${name} env: ${(e as Error).message}`,
    );
  }
  const mismatch = agentMismatch(loaded.agent, probe, name);
  if (mismatch) {
    const trainedOn =
      typeof meta.env === 'string' && meta.env !== name ? ` (it was trained on ${meta.env})` : '';
    throw new AgentFileError(mismatch + trainedOn);
  }
  return loaded.kind === 'dqn'
    ? { env: name, envOptions, makeEnv, algo: 'dqn', loaded, actor: loaded.agent }
    : {
        env: name,
        envOptions,
        makeEnv,
        algo: loaded.agent.config.algorithm,
        loaded,
        actor: tabularActor(loaded.agent),
      };
}
