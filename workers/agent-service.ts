/**
 * The agent worker's service, usable in-process: one env + agent at a time behind the
 * plain-data AgentApi (agent-api.ts). The worker entry (agent.worker.ts) exposes an instance
 * with the worker kit. This file checks requests and keeps the one agent; the paced training
 * run is agent-run.ts, play and evaluation agent-play.ts, and the learning itself src/rl.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { type EnvName, isEnvName } from '../envs/registry';
import type { BackendChoice, BackendRequest } from '../src/nn/backend';
import { RunControl } from '../src/nn/run-control';
import { type AgentMeta, type LoadedAgent, loadAgent, saveAgent } from '../src/rl/agent-file';
import { attachAgent } from '../src/rl/attach-agent';
import { chooseRlBackend } from '../src/rl/choose-backend';
import type { DqnAgent } from '../src/rl/dqn';
import { buildAgent, isAlgoName } from '../src/rl/make-agent';
import type { TabularAgent } from '../src/rl/tabular';
import { TabularTrainLoop } from '../src/rl/tabular-loop';
import { DqnTrainLoop, type EnvFactory } from '../src/rl/train-loop';
import type {
  AgentApi,
  AgentEvent,
  AgentInfo,
  CreateOptions,
  EvalSummary,
  PlayOptions,
  RunSummary,
  Speed,
  StartOptions,
} from './agent-api';
import { actorOf, evaluatePaced, playPaced } from './agent-play';
import { type CurrentAgent, type Pace, trainPaced } from './agent-run';
import { EventChannel } from './kit/events';
import type { ServiceHost } from './kit/expose';

export interface AgentServiceOptions extends ServiceHost {
  /** Minimum milliseconds between two progress/episodes events (100). */
  eventMs?: number;
  /** Minimum milliseconds between two value-table events (250). */
  tableMs?: number;
}

type Busy = 'training' | 'playing' | 'evaluating';

function positiveInt(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be an integer >= 1, got ${n}`);
  return n;
}

function integer(n: number, what: string): number {
  if (!Number.isInteger(n)) throw new Error(`${what} must be an integer, got ${n}`);
  return n;
}

/** The loop that trains `agent` on `makeEnv` (its envs are the agent's from now on). */
function loopFor(
  agent: DqnAgent | TabularAgent,
  makeEnv: EnvFactory,
  numEnvs: number,
  seed: number,
): DqnTrainLoop | TabularTrainLoop {
  return 'online' in agent
    ? new DqnTrainLoop(agent, makeEnv, { numEnvs, seed })
    : new TabularTrainLoop(agent, makeEnv, { seed });
}

export class AgentService implements AgentApi {
  private choice: BackendChoice | null = null;
  private current: CurrentAgent | null = null;
  private busy: Busy | null = null;
  private control = new RunControl();
  private events: EventChannel<AgentEvent> | null = null;
  private readonly pace: Pace = { speed: 'max', showEvery: 1, snapshotHz: 30, clockReset: true };

  constructor(private readonly options: AgentServiceOptions = {}) {}

  async init(request: BackendRequest): Promise<BackendChoice> {
    this.refuseWhileBusy('change the backend');
    this.choice = await chooseRlBackend(request, { wasmPaths: await this.options.wasmPaths });
    return this.choice;
  }

  async create(options: CreateOptions): Promise<AgentInfo> {
    this.refuseWhileBusy('create a new agent');
    this.requireBackend();
    if (typeof options !== 'object' || options === null) throw new Error('create: give options');
    const { env, algo } = options;
    if (!isEnvName(env)) throw new Error(`unknown env ${JSON.stringify(env)}`);
    if (!isAlgoName(algo))
      throw new Error(`unknown algo ${JSON.stringify(algo)}; use dqn, q-learning or sarsa`);
    const seed = integer(options.seed, 'seed');
    const numEnvs = positiveInt(options.numEnvs ?? 1, 'numEnvs');
    if (numEnvs > 256) throw new Error(`numEnvs must be at most 256, got ${numEnvs}`);
    if (algo !== 'dqn' && numEnvs !== 1) throw new Error(`${algo} runs one env (numEnvs 1)`);
    const envOptions = options.envOptions ?? {};
    const built = buildAgent(env, algo, seed, options.config ?? {}, envOptions);
    const loop = loopFor(built.agent, built.makeEnv, numEnvs, seed);
    this.replace({ env, algo, envOptions, makeEnv: built.makeEnv, numEnvs, meta: {}, loop });
    return this.info();
  }

  async info(): Promise<AgentInfo> {
    const c = this.requireAgent();
    const probe = c.makeEnv(0);
    const agent = c.loop.agent;
    return {
      env: c.env,
      algo: c.algo,
      kind: c.loop instanceof DqnTrainLoop ? 'dqn' : 'tabular',
      obsShape: [...probe.observationSpace.shape],
      numActions: probe.actionSpace.n,
      actionMeanings: [...probe.actionSpace.meanings],
      parameterCount:
        c.loop instanceof DqnTrainLoop ? c.loop.agent.online.parameterCount : c.loop.agent.q.length,
      config: structuredClone(agent.config),
      numEnvs: c.numEnvs,
      steps: agent.counters.steps,
      episodes: agent.counters.episodes,
      grid: c.grid,
      meta: { ...c.meta },
    };
  }

  async start(onEvent: (e: AgentEvent) => void, options: StartOptions = {}): Promise<RunSummary> {
    const events = new EventChannel(onEvent);
    try {
      this.refuseWhileBusy('start training');
      const c = this.requireAgent();
      const budget =
        options.steps === undefined
          ? Number.POSITIVE_INFINITY
          : positiveInt(options.steps, 'steps');
      if (options.speed !== undefined) this.setSpeed(options.speed);
      if (options.showEvery !== undefined) this.setShowEvery(options.showEvery);
      if (options.snapshotHz !== undefined) this.setSnapshotHz(options.snapshotHz);
      const control = this.begin('training', events);
      try {
        return await trainPaced(c, budget, this.pace, {
          control,
          events,
          eventMs: this.options.eventMs ?? 100,
          tableMs: this.options.tableMs ?? 250,
        });
      } finally {
        await this.end(events);
      }
    } finally {
      events.close();
    }
  }

  pause(): void {
    if (!this.busy || this.control.paused) return;
    this.control.pause();
    void this.events?.send({ type: 'paused' });
  }

  resume(): void {
    if (!this.control.paused) return;
    this.control.resume();
    this.pace.clockReset = true;
    void this.events?.send({ type: 'resumed' });
  }

  stop(): void {
    if (this.busy) this.control.stop();
  }

  setSpeed(speed: Speed): void {
    if (speed !== 'max' && !(typeof speed === 'number' && speed > 0 && Number.isFinite(speed)))
      throw new Error(`speed must be a positive number of steps a second or 'max', got ${speed}`);
    this.pace.speed = speed;
    this.pace.clockReset = true;
  }

  setShowEvery(n: number): void {
    this.pace.showEvery = positiveInt(n, 'showEvery');
  }

  setSnapshotHz(hz: number): void {
    if (!(hz > 0 && hz <= 240)) throw new Error(`snapshotHz must be in (0, 240], got ${hz}`);
    this.pace.snapshotHz = hz;
  }

  async evaluate(episodes: number, seed: number): Promise<EvalSummary> {
    return this.episodes(true, episodes, seed);
  }

  async randomBaseline(episodes: number, seed: number): Promise<EvalSummary> {
    return this.episodes(false, episodes, seed);
  }

  async play(onEvent: (e: AgentEvent) => void, options: PlayOptions = {}): Promise<EvalSummary> {
    const events = new EventChannel(onEvent);
    try {
      this.refuseWhileBusy('play');
      const c = this.requireAgent();
      const episodes = positiveInt(options.episodes ?? 1, 'episodes');
      const seed = integer(options.seed ?? 0, 'seed');
      const fps = options.fps ?? 10;
      if (!(fps > 0 && fps <= 1000)) throw new Error(`fps must be in (0, 1000], got ${fps}`);
      const control = this.begin('playing', events);
      try {
        return await playPaced(c, episodes, seed, fps, control, events);
      } finally {
        await this.end(events);
      }
    } finally {
      events.close();
    }
  }

  async save(meta: AgentMeta = {}): Promise<Uint8Array> {
    this.refuseWhileBusy('save (pause is not enough: stop first)');
    const c = this.requireAgent();
    const bytes = await saveAgent(c.loop.agent, {
      ...c.meta,
      ...meta,
      env: c.env,
      algo: c.algo,
      envOptions: JSON.stringify(c.envOptions),
      savedAt: new Date().toISOString(),
    });
    return Comlink.transfer(bytes, [bytes.buffer]);
  }

  async load(bytes: Uint8Array, env?: EnvName): Promise<AgentInfo> {
    this.refuseWhileBusy('load an agent');
    this.requireBackend();
    if (!(bytes instanceof Uint8Array)) throw new Error('agent file: expected the file bytes');
    let loaded: LoadedAgent;
    try {
      loaded = loadAgent(bytes);
    } catch (e) {
      // A plain Error with the AgentFileError text ("agent file: ..."): comlink sends messages.
      throw new Error((e as Error).message);
    }
    try {
      const a = attachAgent(loaded, env);
      const loop = loopFor(a.loaded.agent, a.makeEnv, 1, a.loaded.agent.config.seed);
      const { envOptions, makeEnv, algo } = a;
      this.replace({ env: a.env, algo, envOptions, makeEnv, numEnvs: 1, meta: loaded.meta, loop });
    } catch (e) {
      if (loaded.kind === 'dqn' && this.current?.loop.agent !== loaded.agent)
        loaded.agent.dispose();
      throw new Error((e as Error).message);
    }
    return this.info();
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  private async episodes(greedy: boolean, episodes: number, seed: number): Promise<EvalSummary> {
    this.refuseWhileBusy('evaluate');
    const c = this.requireAgent();
    positiveInt(episodes, 'episodes');
    integer(seed, 'seed');
    const control = this.begin('evaluating', null);
    try {
      return await evaluatePaced(c, greedy ? actorOf(c) : null, episodes, seed, control);
    } finally {
      await this.end(null);
    }
  }

  private replace(next: Omit<CurrentAgent, 'grid'>): void {
    const old = this.current;
    const probe = next.makeEnv(0) as unknown as { rows?: number; cols?: number };
    const grid = next.env === 'gridworld' ? { rows: probe.rows ?? 0, cols: probe.cols ?? 0 } : null;
    this.current = { ...next, grid };
    if (old?.loop instanceof DqnTrainLoop && old.loop.agent !== (next.loop.agent as unknown))
      old.loop.agent.dispose();
  }

  private begin(what: Busy, events: EventChannel<AgentEvent> | null): RunControl {
    this.busy = what;
    this.control = new RunControl();
    this.events = events;
    this.pace.clockReset = true;
    return this.control;
  }

  private async end(events: EventChannel<AgentEvent> | null): Promise<void> {
    await events?.drain();
    this.busy = null;
    this.events = null;
  }

  private refuseWhileBusy(what: string): void {
    if (this.busy) throw new Error(`cannot ${what} while ${this.busy}: stop() first`);
  }

  private requireBackend(): BackendChoice {
    if (!this.choice) throw new Error('call init() first');
    return this.choice;
  }

  private requireAgent(): CurrentAgent {
    if (!this.current) throw new Error('no agent: call create() or load() first');
    return this.current;
  }
}
