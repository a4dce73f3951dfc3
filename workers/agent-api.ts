/**
 * The typed API of the agent worker (workers/agent.worker.ts): the Arena's training, play and
 * evaluation off the main thread. Shared by the page (through comlink) and the Node tests
 * (worker_threads + comlink's node adapter). Everything that crosses is plain data or a
 * transferable typed array: never a tensor, never an env object.
 */
import type { BreakoutState } from '../envs/breakout';
import type { CartPoleState } from '../envs/cartpole';
import type { CatchState } from '../envs/catch';
import type { GridWorldState } from '../envs/gridworld';
import type { EnvName, EnvOptionsByName } from '../envs/registry';
import type { SnakeState } from '../envs/snake';
import type { BackendChoice, BackendRequest } from '../src/nn/backend';
import type { AgentMeta } from '../src/rl/agent-file';
import type { DqnConfig } from '../src/rl/dqn-config';
import type { AlgoName, TabularOverrides } from '../src/rl/make-agent';
import type { TabularConfig } from '../src/rl/tabular';
import type { EpisodeReport } from '../src/rl/train-loop';

export interface EnvStateByName {
  gridworld: GridWorldState;
  cartpole: CartPoleState;
  catch: CatchState;
  breakout: BreakoutState;
  snake: SnakeState;
}

/** An env's exact `getState()`, tagged with the env's name (switch on `env`). */
export type EnvSnapshot = { [N in EnvName]: { env: N; state: EnvStateByName[N] } }[EnvName];

export interface CreateOptions {
  env: EnvName;
  envOptions?: EnvOptionsByName[EnvName];
  algo: AlgoName;
  /** On top of the env's DQN preset (dqn) or the tabular defaults (q-learning, sarsa). */
  config?: Partial<DqnConfig> | TabularOverrides;
  seed: number;
  /** Env copies stepped in lockstep with one batched action selection (dqn only; 1). */
  numEnvs?: number;
}

export interface AgentInfo {
  env: EnvName;
  algo: AlgoName;
  kind: 'dqn' | 'tabular';
  /** Observation shape ([C, H, W] for pixel envs). */
  obsShape: number[];
  numActions: number;
  /** Name of each action ("left", "stay", "right"...). */
  actionMeanings: string[];
  parameterCount: number;
  config: DqnConfig | TabularConfig;
  numEnvs: number;
  /** Training done so far (a loaded agent keeps its counters). */
  steps: number;
  episodes: number;
  /** Grid size for GridWorld (tabular value tables are rows * cols, row-major). */
  grid: { rows: number; cols: number } | null;
  /** The agent file's meta after load(); {} for a fresh agent. */
  meta: AgentMeta;
}

/** Env steps per second (a person can watch ~5-30), or 'max' to train flat out. */
export type Speed = number | 'max';

export interface StartOptions {
  /** Stop after this many more env steps (all copies counted; default: until stop()). */
  steps?: number;
  speed?: Speed;
  /** Show one episode in N of copy 0 (1 = every episode; default 1). */
  showEvery?: number;
  /** At most this many snapshots a second (default 30). */
  snapshotHz?: number;
}

/** The shown episode's facts, as the env views take them (src/ui EpisodeInfo). */
export interface ShownEpisode {
  /** 1-based episode number of copy 0 (play: of this play run). */
  episode: number;
  /** Steps taken in the episode. */
  step: number;
  /** Sum of its rewards so far. */
  episodeReturn: number;
  /** True on the frame where the episode ended (the state before any auto-reset). */
  done: boolean;
}

/** A finished episode as the training loops report it (raw return: the UI averages). */
export type FinishedEpisodeEvent = EpisodeReport;

export type AgentEvent =
  /** Episodes that ended since the last event, in order. */
  | { type: 'episodes'; episodes: FinishedEpisodeEvent[] }
  | {
      type: 'progress';
      steps: number;
      episodes: number;
      /** Gradient steps so far (tabular: TD updates). */
      updates: number;
      epsilon: number;
      /** Mean loss of the gradient steps since the last progress event (null: none). */
      loss: number | null;
      replaySize: number;
      replayCapacity: number;
      /** Env steps per second since the last progress event. */
      stepsPerSecond: number;
      speed: Speed;
    }
  /**
   * The env state of copy 0 (training) or of the played env, with Q(s, ·) of the state the
   * agent acts on next (null on a final frame) and the action it would take greedily.
   */
  | {
      type: 'snapshot';
      mode: 'train' | 'play';
      snapshot: EnvSnapshot;
      shown: ShownEpisode;
      qValues: Float32Array | null;
      greedyAction: number | null;
    }
  /** Tabular agents on GridWorld: V(s) = max_a Q(s, a) and argmax per cell, row-major. */
  | {
      type: 'table';
      values: Float32Array;
      greedyActions: Int32Array;
      q: Float32Array;
      rows: number;
      cols: number;
    }
  | { type: 'paused' }
  | { type: 'resumed' };

export interface RunSummary {
  /** Env steps in this call. */
  steps: number;
  /** Agent env steps in all (loaded counters included). */
  totalSteps: number;
  episodes: number;
  seconds: number;
  stepsPerSecond: number;
  reason: 'done' | 'stopped';
}

export interface EvalSummary {
  episodes: number;
  seed: number;
  mean: number;
  std: number;
  returns: number[];
  lengths: number[];
  stopped: boolean;
}

export interface PlayOptions {
  /** Greedy episodes to play (default 1). */
  episodes?: number;
  /** Episode k resets with seed + k (default 0). */
  seed?: number;
  /** Frames (env steps) a second (default 10). */
  fps?: number;
}

export interface AgentApi {
  /** Start tfjs; on 'auto' the faster of wasm/cpu by measurement (webgpu only when forced). */
  init(request: BackendRequest): Promise<BackendChoice>;
  /** A fresh env and agent (replacing any current one); refused while a run is going. */
  create(options: CreateOptions): Promise<AgentInfo>;
  info(): Promise<AgentInfo>;
  /** Train until stop() or the step budget, streaming throttled events; resumes where the last run ended. */
  start(onEvent: (e: AgentEvent) => void, options?: StartOptions): Promise<RunSummary>;
  pause(): void;
  resume(): void;
  /** Ends the running start(), play() or evaluate() (they resolve with what was done). */
  stop(): void;
  setSpeed(speed: Speed): void;
  setShowEvery(n: number): void;
  setSnapshotHz(hz: number): void;
  /** Greedy returns of `episodes` episodes (episode k seeded seed + k), as `rl eval` computes them. */
  evaluate(episodes: number, seed: number): Promise<EvalSummary>;
  /** The uniform random policy on the same episodes: the baseline. */
  randomBaseline(episodes: number, seed: number): Promise<EvalSummary>;
  /** Watch the agent play greedily: a snapshot every step at `fps`. */
  play(onEvent: (e: AgentEvent) => void, options?: PlayOptions): Promise<EvalSummary>;
  /** The agent as agent-file bytes (.gaa); the env and algorithm go in its meta. */
  save(meta?: AgentMeta): Promise<Uint8Array>;
  /** Replace the agent with one from agent-file bytes; the env is the file's unless given. */
  load(bytes: Uint8Array, env?: EnvName): Promise<AgentInfo>;
  /** tf.memory().numTensors, for leak tests. */
  numTensors(): number;
}
