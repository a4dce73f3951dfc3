/**
 * Agent files: everything needed to resume training or to watch an agent play, in one binary
 * file (".gaa"), in the style of the model files (src/nn/serialize.ts):
 *
 *   bytes 0..7    ASCII "GAAGENT1"                      (magic and format version)
 *   bytes 8..11   header length H, uint32 little-endian
 *   bytes 12..    H bytes of UTF-8 JSON header:
 *                 { format: "gradient-arcade-agent", version: 1, agent: "dqn" | "tabular",
 *                   config, obsShape, numActions (dqn), counters, rng,
 *                   tensors: [{ name, shape, dtype: "float32", offset, length }], meta }
 *   then zero padding to a multiple of 4 bytes, then every tensor's float32 values
 *   (little-endian) at `offset` bytes from the start of the data section.
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
import { DqnAgent, type DqnCounters, type DqnRngStates } from './dqn';
import { type DqnConfig, validateDqnConfig } from './dqn-config';
import {
  TabularAgent,
  type TabularConfig,
  type TabularCounters,
  validateTabularConfig,
} from './tabular';

const MAGIC = 'GAAGENT1';
const FORMAT = 'gradient-arcade-agent';
const VERSION = 1;
const MAX_HEADER_BYTES = 1 << 20;

export class AgentFileError extends Error {
  constructor(message: string) {
    super(`agent file: ${message}`);
    this.name = 'AgentFileError';
  }
}

/** Free-form facts saved with the agent (env name, how it was trained, its evaluation...). */
export type AgentMeta = Record<string, string | number | boolean | null>;

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  offset: number;
  length: number;
}

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
  tensors: TensorEntry[];
  meta: AgentMeta;
}

interface TabularHeader {
  format: typeof FORMAT;
  version: number;
  agent: 'tabular';
  config: TabularConfig;
  counters: TabularCounters;
  rng: RngState;
  tensors: TensorEntry[];
  meta: AgentMeta;
}

export type LoadedAgent =
  | { kind: 'dqn'; agent: DqnAgent; meta: AgentMeta }
  | { kind: 'tabular'; agent: TabularAgent; meta: AgentMeta };

const align4 = (n: number) => (n + 3) & ~3;

function encode(
  header: Omit<DqnHeader, 'tensors'> | Omit<TabularHeader, 'tensors'>,
  tensors: Array<{ name: string; shape: number[]; values: Float32Array }>,
): Uint8Array {
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const t of tensors) {
    entries.push({
      name: t.name,
      shape: t.shape,
      dtype: 'float32',
      offset,
      length: t.values.length,
    });
    offset += t.values.length * 4;
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, tensors: entries }));
  const dataStart = align4(12 + headerBytes.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  tensors.forEach((t, i) => {
    const base = dataStart + entries[i].offset;
    for (let j = 0; j < t.values.length; j++) view.setFloat32(base + j * 4, t.values[j], true);
  });
  return out;
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

interface Parsed {
  header: Record<string, unknown>;
  tensors: Map<string, { shape: number[]; values: Float32Array }>;
}

/** Check the container: magic, header JSON, tensor table, data bounds, finite values. */
function parseContainer(bytes: Uint8Array): Parsed {
  if (bytes.length < 12)
    throw new AgentFileError(`${bytes.length} bytes is too short to be an agent file`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== MAGIC)
    throw new AgentFileError(
      `not a Gradient Arcade agent (expected "${MAGIC}" at the start, found ${JSON.stringify(magic)})`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || 12 + headerLength > bytes.length)
    throw new AgentFileError(
      `header length ${headerLength} does not fit in a file of ${bytes.length} bytes (truncated?)`,
    );
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headerLength)),
    );
  } catch (e) {
    throw new AgentFileError(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new AgentFileError('header is not an object');
  const h = header as Record<string, unknown>;
  if (h.format !== FORMAT) throw new AgentFileError(`header format must be "${FORMAT}"`);
  if (h.version !== VERSION)
    throw new AgentFileError(
      `version ${String(h.version)} is not supported (this build reads version ${VERSION})`,
    );
  if (!Array.isArray(h.tensors)) throw new AgentFileError('header has no tensor list');
  const dataStart = align4(12 + headerLength);
  const dataBytes = bytes.length - dataStart;
  const tensors = new Map<string, { shape: number[]; values: Float32Array }>();
  const spans: Array<[number, number, string]> = [];
  for (const raw of h.tensors as unknown[]) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new AgentFileError(`a tensor entry is ${JSON.stringify(raw)}, not an object`);
    const t = raw as Partial<TensorEntry>;
    const name = typeof t.name === 'string' && t.name.length > 0 ? t.name : null;
    if (!name) throw new AgentFileError('a tensor entry has no name');
    if (tensors.has(name)) throw new AgentFileError(`tensor ${name} appears twice`);
    if (t.dtype !== 'float32')
      throw new AgentFileError(
        `tensor ${name} has dtype ${JSON.stringify(t.dtype)}; only float32 is supported`,
      );
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0))
      throw new AgentFileError(`tensor ${name} has an invalid shape ${JSON.stringify(t.shape)}`);
    const size = t.shape.reduce((a: number, b: number) => a * b, 1);
    if (t.length !== size)
      throw new AgentFileError(
        `tensor ${name}: length ${String(t.length)} does not match shape [${t.shape}]`,
      );
    const offset = t.offset;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset % 4 !== 0)
      throw new AgentFileError(`tensor ${name} has an invalid offset ${String(offset)}`);
    if (offset + size * 4 > dataBytes)
      throw new AgentFileError(
        `tensor ${name} needs bytes ${offset}..${offset + size * 4} but the data section has ${dataBytes} (truncated?)`,
      );
    const values = new Float32Array(size);
    for (let j = 0; j < size; j++) {
      const x = view.getFloat32(dataStart + offset + j * 4, true);
      if (!Number.isFinite(x))
        throw new AgentFileError(`tensor ${name} holds a non-finite value (${x}) at index ${j}`);
      values[j] = x;
    }
    tensors.set(name, { shape: t.shape, values });
    spans.push([offset, offset + size * 4, name]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let end = 0;
  for (const [start, stop, name] of spans) {
    if (start < end)
      throw new AgentFileError(`tensor ${name} overlaps the tensor before it in the data section`);
    end = stop;
  }
  if (end !== dataBytes)
    throw new AgentFileError(
      `${dataBytes - end} trailing bytes after the last tensor (a damaged or mismatched file?)`,
    );
  return { header: h, tensors };
}

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

/** Every expected tensor present with its shape; nothing else in the file. */
function checkTensors(
  parsed: Parsed,
  expected: Array<{ name: string; shape: readonly number[] }>,
): void {
  const problems: string[] = [];
  for (const { name, shape } of expected) {
    const t = parsed.tensors.get(name);
    if (!t) problems.push(`missing tensor ${name} [${shape}]`);
    else if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))
      problems.push(`tensor ${name} has shape [${t.shape}], the agent needs [${shape}]`);
  }
  const names = new Set(expected.map((e) => e.name));
  for (const name of parsed.tensors.keys())
    if (!names.has(name)) problems.push(`unexpected tensor ${name}`);
  if (problems.length > 0) throw new AgentFileError(problems.join('; '));
}

/** Rebuild the agent a file describes, weights, counters and generator states included. */
export function loadAgent(bytes: Uint8Array): LoadedAgent {
  const parsed = parseContainer(bytes);
  const h = parsed.header;
  const meta: AgentMeta =
    typeof h.meta === 'object' && h.meta !== null && !Array.isArray(h.meta)
      ? (h.meta as AgentMeta)
      : {};
  if (h.agent === 'tabular') {
    let config: TabularConfig;
    try {
      config = validateTabularConfig(h.config);
    } catch (e) {
      throw new AgentFileError((e as Error).message);
    }
    checkCounters(h.counters, ['steps', 'episodes']);
    const rng = checkRng(h.rng, 'the agent');
    checkTensors(parsed, [{ name: 'q', shape: [config.numStates, config.numActions] }]);
    const agent = new TabularAgent(config);
    agent.q.set(parsed.tensors.get('q')!.values);
    Object.assign(agent.counters, h.counters as TabularCounters);
    agent.setRngState(rng);
    return { kind: 'tabular', agent, meta };
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
      `obsShape must be 1 to 3 positive integers, got ${JSON.stringify(obsShape)}`,
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
  checkCounters(h.counters, ['steps', 'updates', 'episodes', 'lastTargetSync']);
  const counters = h.counters as DqnCounters;
  if (counters.lastTargetSync > counters.steps)
    throw new AgentFileError('counters.lastTargetSync is after counters.steps');
  const rngRaw = (h.rng ?? {}) as Partial<DqnRngStates>;
  const rng: DqnRngStates = {
    explore: checkRng(rngRaw.explore, 'the exploration'),
    sample: checkRng(rngRaw.sample, 'the replay sampling'),
  };
  let agent: DqnAgent;
  try {
    agent = new DqnAgent(config, obsShape as number[], numActions);
  } catch (e) {
    throw new AgentFileError(`its config describes no buildable agent: ${(e as Error).message}`);
  }
  try {
    const expected: Array<{ name: string; shape: readonly number[] }> = [];
    for (const prefix of ['online', 'target'] as const)
      for (const [name, v] of agent[prefix].params)
        expected.push({ name: `${prefix}/${name}`, shape: v.shape });
    checkTensors(parsed, expected);
  } catch (e) {
    agent.dispose();
    throw e;
  }
  tf.tidy(() => {
    for (const prefix of ['online', 'target'] as const) {
      for (const [name, v] of agent[prefix].params) {
        v.assign(tf.tensor(parsed.tensors.get(`${prefix}/${name}`)!.values, v.shape));
      }
    }
  });
  Object.assign(agent.counters, counters);
  agent.setRngStates(rng);
  return { kind: 'dqn', agent, meta };
}
