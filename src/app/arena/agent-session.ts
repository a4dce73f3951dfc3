/**
 * What the Arena's modes share: the one agent worker, its backend choice, and the agent last
 * trained or loaded (its file bytes and curves), so "watch a trained agent" can play the agent
 * "watch it learn" just trained and training can resume after the worker held another agent.
 */

import type { EnvName } from '../../../envs/registry';
import type { AgentInfo } from '../../../workers/agent-api';
import type { BackendChoice } from '../../nn/backend';
import type { AlgoName } from '../../rl/make-agent';
import type { EnvViewData } from '../../ui/env-view';
import type { Point } from '../../ui/line-chart';
import type { TrainingStatsData } from '../../ui/training-stats';
import type { AgentHandle } from './agent-client';
import type { ReturnFeed } from './return-feed';

export interface TrainedAgent {
  /** Agent-file bytes (.gaa) as of the last stop or load. */
  bytes: Uint8Array;
  info: AgentInfo;
  /** The seed it was created with (a different seed in the form means a new agent). */
  seed: number;
  /** Where it came from: "trained here", "file cartpole.gaa", "browser: my-agent". */
  source: string;
  /** Its return curve and [env step, loss] points from training it here (null: none). */
  curve: ReturnFeed | null;
  loss: Point[];
  /** The side panels as training left them, so coming back shows them, not "Waiting…". */
  panels?: LastPanels;
}

/** What "watch it learn" last drew in its panels. */
export interface LastPanels {
  shown: EnvViewData<unknown> | null;
  qValues: Float32Array | null;
  stats: TrainingStatsData | null;
}

export class AgentSession {
  /** The agent last trained or loaded, null before any. */
  trained: TrainedAgent | null = null;
  /** Whether the worker holds `trained` now (else another agent, or none). */
  holdsTrained = false;

  constructor(
    /** The agent worker now; `restart` replaces it when it dies. */
    public handle: AgentHandle,
    public backend: Promise<BackendChoice>,
  ) {}

  /**
   * A fresh worker in place of one that died: the trained agent's bytes (kept here, outside
   * the worker) go back into it on next use, and files saved in the browser are untouched.
   */
  restart(handle: AgentHandle, backend: Promise<BackendChoice>): void {
    this.handle = handle;
    this.backend = backend;
    this.holdsTrained = false;
  }

  get api(): AgentHandle['api'] {
    return this.handle.api;
  }

  /** Whether `trained` is the agent for this env, algorithm and seed. */
  trainedFits(env: EnvName, algo: AlgoName, seed?: number): boolean {
    const t = this.trained;
    return (
      t !== null &&
      t.info.env === env &&
      t.info.algo === algo &&
      (seed === undefined || t.seed === seed)
    );
  }

  /** Saves the worker's agent as the trained one (after a run ends or a file loads). */
  async keep(
    source: string,
    seed: number,
    curve: ReturnFeed | null,
    loss: Point[],
  ): Promise<TrainedAgent> {
    const bytes = await this.api.save({ source });
    const info = await this.api.info();
    this.trained = { bytes, info, seed, source, curve, loss };
    this.holdsTrained = true;
    return this.trained;
  }

  /** Puts the trained agent back in the worker if another one replaced it. */
  async restoreTrained(): Promise<void> {
    if (!this.trained || this.holdsTrained) return;
    await this.api.load(this.trained.bytes, this.trained.info.env);
    this.holdsTrained = true;
  }
}

/** The tabular algorithms only fit GridWorld (the env with discrete states). */
export function algosFor(env: EnvName): AlgoName[] {
  return env === 'gridworld' ? ['q-learning', 'sarsa', 'dqn'] : ['dqn'];
}

export const ALGO_LABELS: Record<AlgoName, string> = {
  dqn: 'DQN',
  'q-learning': 'Q-learning',
  sarsa: 'SARSA',
};
