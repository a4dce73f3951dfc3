/**
 * Agent files: everything needed to resume training or to watch an agent play, in one binary
 * file (".gaa"), in the container of the model files (src/nn/container.ts) with magic
 * "GAAGENT1" and the JSON header
 *
 *   { format: "gradient-arcade-agent", version: 1, agent: "dqn" | "tabular",
 *     config, obsShape, numActions (dqn), counters, rng,
 *     tensors: [{ name, shape, dtype: "float32", offset, length }], meta }
 *
 * DQN saves the online net ("online/W1", ...) and the target net ("target/W1", ...), its
 * counters (steps, updates, episodes, last target sync: epsilon's position follows from steps)
 * and its random generators' states. Not saved: the replay memory (refilled after a resume;
 * `learningStarts` is counted in env steps, so training restarts as soon as a batch is
 * there) and Adam's moment estimates (they restart from zero). A tabular agent saves its
 * Q table ("q" [numStates, numActions]).
 *
 * Loading trusts nothing: magic, lengths, JSON, config ranges, counters, generator states,
 * every tensor's name, shape, bounds and values (finite); errors are AgentFileError.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type ContainerKind,
  checkTensors,
  type FileMeta,
  headerMeta,
  openContainer,
  readTensorList,
  type TensorList,
  writeContainer,
} from '../nn/container';
import { DqnAgent, type DqnCounters, type DqnRngStates } from './dqn';
import { type DqnConfig, dqnSizeProblem, validateDqnConfig } from './dqn-config';
import {
  TabularAgent,
  type TabularConfig,
  type TabularCounters,
  validateTabularConfig,
} from './tabular';

const FORMAT = 'gradient-arcade-agent';
const VERSION = 1;

export class AgentFileError extends Error {
  constructor(message: string) {
    super(`agent file: ${message}`);
    this.name = 'AgentFileError';
  }
}

const AGENT_FILE: ContainerKind = {
  magic: 'GAAGENT1',
  format: FORMAT,
  version: VERSION,
  noun: 'agent',
  article: 'an',
  error: (message) => new AgentFileError(message),
};

/** Free-form facts saved with the agent (env name, how it was trained, its evaluation...). */
export type AgentMeta = FileMeta;

type RngState = { state: number; spareNormal: number | null };

interface DqnHeader {
  format: typeof FORMAT;
  version: number;
  agent: 'dqn';
  config: DqnConfig;
  obsShape: number[];
  numActions: number;
  counters: DqnCounters;
  rng: DqnRngStates;
  meta: AgentMeta;
}

interface TabularHeader {
  format: typeof FORMAT;
  version: number;
  agent: 'tabular';
  config: TabularConfig;
  counters: TabularCounters;
  rng: RngState;
  meta: AgentMeta;
}

export type LoadedAgent =
  | { kind: 'dqn'; agent: DqnAgent; meta: AgentMeta }
  | { kind: 'tabular'; agent: TabularAgent; meta: AgentMeta };

/** The tensor list goes last in the header, after the agent's own fields. */
function encode(
  header: DqnHeader | TabularHeader,
  tensors: Array<{ name: string; shape: number[]; values: Float32Array }>,
): Uint8Array {
  return writeContainer(AGENT_FILE, (entries) => ({ ...header, tensors: entries }), tensors);
}

/** Serialise a DQN or tabular agent. */
export async function saveAgent(
  agent: DqnAgent | TabularAgent,
  meta: AgentMeta = {},
): Promise<Uint8Array> {
  const common = { format: FORMAT, version: VERSION, meta } as const;
  if (agent instanceof TabularAgent) {
    return encode(
      {
        ...common,
        agent: 'tabular',
        config: agent.config,
        counters: { ...agent.counters },
        rng: agent.getRngState(),
      },
      [{ name: 'q', shape: [agent.config.numStates, agent.numActions], values: agent.q }],
    );
  }
  const tensors: Array<{ name: string; shape: number[]; values: Float32Array }> = [];
  for (const [prefix, net] of [
    ['online', agent.online],
    ['target', agent.target],
  ] as const) {
    for (const [name, v] of net.params) {
      tensors.push({
        name: `${prefix}/${name}`,
        shape: [...v.shape],
        values: (await v.data()) as Float32Array,
      });
    }
  }
  return encode(
    {
      ...common,
      agent: 'dqn',
      config: agent.config,
      obsShape: [...agent.obsShape],
      numActions: agent.numActions,
      counters: { ...agent.counters },
      rng: agent.getRngStates(),
    },
    tensors,
  );
}

/** The largest agent file read: far above the shipped agents (a few hundred KB). */
export const MAX_AGENT_FILE_BYTES = 256 * 2 ** 20;

/** Checked against the agent's tensors; values were checked finite while reading. */
const agentTensors = (list: TensorList) => ({
  owner: 'agent',
  checkFinite: false,
  layoutProblem: list.layoutProblem,
});

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;

function checkCounters(raw: unknown, keys: string[]): void {
  if (typeof raw !== 'object' || raw === null) throw new AgentFileError('counters missing');
  const c = raw as Record<string, unknown>;
  for (const k of keys)
    if (!isCount(c[k]))
      throw new AgentFileError(
        `counters.${k} must be an integer >= 0, got ${JSON.stringify(c[k])}`,
      );
}

function checkRng(raw: unknown, what: string): RngState {
  const r = raw as Partial<RngState> | null;
  if (
    typeof r !== 'object' ||
    r === null ||
    !(
      typeof r.state === 'number' &&
      Number.isInteger(r.state) &&
      r.state >= 0 &&
      r.state < 2 ** 32
    ) ||
    !(
      r.spareNormal === null ||
      (typeof r.spareNormal === 'number' && Number.isFinite(r.spareNormal))
    )
  )
    throw new AgentFileError(`${what} generator state is invalid: ${JSON.stringify(raw)}`);
  return { state: r.state, spareNormal: r.spareNormal };
}

/** An agent file read and checked as far as it can be without building the agent. */
export type ParsedAgent =
  | {
      kind: 'tabular';
      config: TabularConfig;
      counters: TabularCounters;
      rng: RngState;
      list: TensorList;
      meta: AgentMeta;
    }
  | {
      kind: 'dqn';
      config: DqnConfig;
      obsShape: number[];
      numActions: number;
      counters: DqnCounters;
      rng: DqnRngStates;
      list: TensorList;
      meta: AgentMeta;
    };

/**
 * Reads an agent file without building the agent (no tfjs backend needed): the container,
 * every header field, and the sizes they imply, all checked before anything is allocated.
 */
export function parseAgentFile(bytes: Uint8Array): ParsedAgent {
  const opened = openContainer(bytes, AGENT_FILE);
  const h = opened.header;
  const meta = headerMeta(h);
  if (h.agent === 'tabular') {
    let config: TabularConfig;
    try {
      config = validateTabularConfig(h.config);
    } catch (e) {
      throw new AgentFileError((e as Error).message);
    }
    checkCounters(h.counters, ['steps', 'episodes']);
    const rng = checkRng(h.rng, 'the agent');
    const list = readTensorList(opened, { checkFinite: true });
    return { kind: 'tabular', config, counters: h.counters as TabularCounters, rng, list, meta };
  }
  if (h.agent !== 'dqn')
    throw new AgentFileError(`agent must be "dqn" or "tabular", got ${JSON.stringify(h.agent)}`);
  let config: DqnConfig;
  try {
    config = validateDqnConfig(h.config);
  } catch (e) {
    throw new AgentFileError((e as Error).message);
  }
  const obsShape = h.obsShape;
  if (
    !Array.isArray(obsShape) ||
    obsShape.length < 1 ||
    obsShape.length > 3 ||
    !obsShape.every((d) => Number.isInteger(d) && d >= 1 && d <= 4096)
  )
    throw new AgentFileError(
      `obsShape must be 1 to 3 integers in [1, 4096], got ${JSON.stringify(obsShape)}`,
    );
  const numActions = h.numActions;
  if (
    !(
      typeof numActions === 'number' &&
      Number.isInteger(numActions) &&
      numActions >= 1 &&
      numActions <= 1024
    )
  )
    throw new AgentFileError(
      `numActions must be an integer in [1, 1024], got ${JSON.stringify(numActions)}`,
    );
  const tooBig = dqnSizeProblem(config, obsShape as number[], numActions);
  if (tooBig) throw new AgentFileError(tooBig);
  checkCounters(h.counters, ['steps', 'updates', 'episodes', 'lastTargetSync']);
  const counters = h.counters as DqnCounters;
  if (counters.lastTargetSync > counters.steps)
    throw new AgentFileError('counters.lastTargetSync is after counters.steps');
  const rngRaw = (h.rng ?? {}) as Partial<DqnRngStates>;
  const rng: DqnRngStates = {
    explore: checkRng(rngRaw.explore, 'the exploration'),
    sample: checkRng(rngRaw.sample, 'the replay sampling'),
  };
  const list = readTensorList(opened, { checkFinite: true });
  return {
    kind: 'dqn',
    config,
    obsShape: obsShape as number[],
    numActions,
    counters,
    rng,
    list,
    meta,
  };
}

/** Builds the agent a parsed file describes, once its tensors fit the agent exactly. */
export function instantiateAgent(parsed: ParsedAgent): LoadedAgent {
  const { list, meta } = parsed;
  if (parsed.kind === 'tabular') {
    const { config } = parsed;
    // The table is built only after the file proved it holds every value of it.
    checkTensors(
      AGENT_FILE,
      list.tensors,
      [{ name: 'q', shape: [config.numStates, config.numActions] }],
      agentTensors(list),
    );
    const agent = new TabularAgent(config);
    agent.q.set(list.tensors.get('q')!.values);
    Object.assign(agent.counters, parsed.counters);
    agent.setRngState(parsed.rng);
    return { kind: 'tabular', agent, meta };
  }
  let agent: DqnAgent;
  try {
    agent = new DqnAgent(parsed.config, parsed.obsShape, parsed.numActions);
  } catch (e) {
    throw new AgentFileError(`its config describes no buildable agent: ${(e as Error).message}`);
  }
  try {
    const expected: Array<{ name: string; shape: readonly number[] }> = [];
    for (const prefix of ['online', 'target'] as const)
      for (const [name, v] of agent[prefix].params)
        expected.push({ name: `${prefix}/${name}`, shape: v.shape });
    checkTensors(AGENT_FILE, list.tensors, expected, agentTensors(list));
  } catch (e) {
    agent.dispose();
    throw e;
  }
  tf.tidy(() => {
    for (const prefix of ['online', 'target'] as const) {
      for (const [name, v] of agent[prefix].params) {
        v.assign(tf.tensor(list.tensors.get(`${prefix}/${name}`)!.values, v.shape));
      }
    }
  });
  Object.assign(agent.counters, parsed.counters);
  agent.setRngStates(parsed.rng);
  return { kind: 'dqn', agent, meta };
}

/** Rebuild the agent a file describes, weights, counters and generator states included. */
export function loadAgent(bytes: Uint8Array): LoadedAgent {
  return instantiateAgent(parseAgentFile(bytes));
}
