/**
 * Tabular control (Sutton & Barto ch. 6): a table Q[s, a] for envs whose state is a small
 * index (GridWorld's `stateIndex`), updated after every step by a TD error:
 *   Q-learning (off-policy):  Q(s,a) += α [r + γ max_a' Q(s',a') - Q(s,a)]
 *   SARSA (on-policy):        Q(s,a) += α [r + γ Q(s',a') - Q(s,a)],  a' the action taken next
 * The bootstrap term is 0 when s' is terminal; a truncated episode (time limit) still
 * bootstraps. Behaviour is epsilon-greedy with ties broken at random, seeded.
 */
import type { Env } from '../../envs/types';
import { Rng } from '../nn/rng';
import { LinearSchedule, type LinearScheduleConfig } from './schedule';

/** What a tabular agent needs from an env besides the Env API (GridWorld has both). */
export interface DiscreteStateEnv {
  readonly numStates: number;
  readonly stateIndex: number;
}

export type TabularAlgorithm = 'q-learning' | 'sarsa';

export interface TabularConfig {
  algorithm: TabularAlgorithm;
  numStates: number;
  numActions: number;
  /** Step size α. */
  alpha: number;
  gamma: number;
  /** Exploration over env steps. */
  epsilon: LinearScheduleConfig;
  seed: number;
}

export interface TabularCounters {
  steps: number;
  episodes: number;
}

/** Check every field of an untrusted value (agent files); throws saying what is wrong. */
export function validateTabularConfig(raw: unknown): TabularConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('tabular config must be an object');
  const c = raw as Record<string, unknown>;
  const problems: string[] = [];
  const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (c.algorithm !== 'q-learning' && c.algorithm !== 'sarsa')
    problems.push(`algorithm must be "q-learning" or "sarsa", got ${JSON.stringify(c.algorithm)}`);
  for (const key of ['numStates', 'numActions']) {
    const v = c[key];
    if (!(isNum(v) && Number.isInteger(v) && v >= 1 && v <= 1_000_000))
      problems.push(`${key} must be an integer in [1, 1e6], got ${JSON.stringify(v)}`);
  }
  if (!(isNum(c.alpha) && c.alpha > 0 && c.alpha <= 1))
    problems.push(`alpha must be in (0, 1], got ${JSON.stringify(c.alpha)}`);
  if (!(isNum(c.gamma) && c.gamma >= 0 && c.gamma <= 1))
    problems.push(`gamma must be in [0, 1], got ${JSON.stringify(c.gamma)}`);
  if (!(isNum(c.seed) && Number.isInteger(c.seed) && c.seed >= 0 && c.seed < 2 ** 32))
    problems.push(`seed must be an integer in [0, 2^32), got ${JSON.stringify(c.seed)}`);
  const e = c.epsilon as Record<string, unknown> | null;
  if (
    typeof e !== 'object' ||
    e === null ||
    !(isNum(e.start) && e.start >= 0 && e.start <= 1) ||
    !(isNum(e.end) && e.end >= 0 && e.end <= 1) ||
    !(isNum(e.steps) && Number.isInteger(e.steps) && e.steps >= 0)
  )
    problems.push('epsilon must be { start, end in [0, 1], steps integer >= 0 }');
  if (problems.length > 0) throw new Error(`invalid tabular config: ${problems.join('; ')}`);
  return c as unknown as TabularConfig;
}

export class TabularAgent {
  readonly config: TabularConfig;
  /** Q[s * numActions + a]. */
  readonly q: Float32Array;
  readonly epsilonSchedule: LinearSchedule;
  readonly counters: TabularCounters = { steps: 0, episodes: 0 };
  private readonly rng: Rng;

  constructor(config: TabularConfig) {
    this.config = validateTabularConfig(structuredClone(config));
    this.q = new Float32Array(config.numStates * config.numActions);
    this.epsilonSchedule = new LinearSchedule(config.epsilon);
    this.rng = new Rng(config.seed);
  }

  get numActions(): number {
    return this.config.numActions;
  }

  get epsilon(): number {
    return this.epsilonSchedule.value(this.counters.steps);
  }

  private checkState(s: number): void {
    if (!(Number.isInteger(s) && s >= 0 && s < this.config.numStates))
      throw new Error(`state ${s} is not in [0, ${this.config.numStates})`);
  }

  /** The greedy action in s, ties broken at random (draws from the agent's Rng). */
  greedy(s: number): number {
    this.checkState(s);
    const k = this.numActions;
    let best = Number.NEGATIVE_INFINITY;
    let ties = 0;
    let choice = 0;
    for (let a = 0; a < k; a++) {
      const v = this.q[s * k + a];
      if (v > best) {
        best = v;
        ties = 1;
        choice = a;
      } else if (v === best) {
        ties++;
        if (this.rng.int(ties) === 0) choice = a;
      }
    }
    return choice;
  }

  /** Epsilon-greedy action in state s. */
  act(s: number, epsilon = this.epsilon): number {
    if (this.rng.next() < epsilon) return this.rng.int(this.numActions);
    return this.greedy(s);
  }

  /**
   * One TD update for (s, a, r, s'). SARSA needs `nextAction`, the action that will be taken
   * in s' (ignored when s' is terminal). Counts the step (and the episode when `done`).
   * Returns the TD error.
   */
  update(
    s: number,
    a: number,
    reward: number,
    nextState: number,
    terminated: boolean,
    truncated: boolean,
    nextAction?: number,
  ): number {
    this.checkState(s);
    this.checkState(nextState);
    const k = this.numActions;
    let bootstrap = 0;
    if (!terminated) {
      if (this.config.algorithm === 'q-learning') {
        bootstrap = this.q[nextState * k];
        for (let b = 1; b < k; b++) bootstrap = Math.max(bootstrap, this.q[nextState * k + b]);
      } else {
        if (nextAction === undefined) throw new Error('SARSA update needs the next action');
        bootstrap = this.q[nextState * k + nextAction];
      }
    }
    const i = s * k + a;
    const tdError = reward + this.config.gamma * bootstrap - this.q[i];
    this.q[i] += this.config.alpha * tdError;
    this.counters.steps++;
    if (terminated || truncated) this.counters.episodes++;
    return tdError;
  }

  /** V(s) = max_a Q(s, a) for every state (the UI's value overlay). */
  values(): Float32Array {
    const k = this.numActions;
    const v = new Float32Array(this.config.numStates);
    for (let s = 0; s < v.length; s++) {
      let m = this.q[s * k];
      for (let a = 1; a < k; a++) m = Math.max(m, this.q[s * k + a]);
      v[s] = m;
    }
    return v;
  }

  /** argmax_a Q(s, a) for every state, lowest index on ties (the UI's arrows; no Rng). */
  greedyActions(): Int32Array {
    const k = this.numActions;
    const out = new Int32Array(this.config.numStates);
    for (let s = 0; s < out.length; s++) {
      let best = 0;
      for (let a = 1; a < k; a++) if (this.q[s * k + a] > this.q[s * k + best]) best = a;
      out[s] = best;
    }
    return out;
  }

  getRngState(): { state: number; spareNormal: number | null } {
    return this.rng.getState();
  }

  setRngState(s: { state: number; spareNormal: number | null }): void {
    this.rng.setState(s);
  }
}

/** An env usable by a tabular agent. */
export type TabularEnv = Env & DiscreteStateEnv;

/** A tabular agent sized for `env`. */
export function tabularAgentFor(
  env: TabularEnv,
  options: Omit<TabularConfig, 'numStates' | 'numActions'>,
): TabularAgent {
  return new TabularAgent({ ...options, numStates: env.numStates, numActions: env.actionSpace.n });
}

/** A tabular agent as an evaluate() Actor: it reads the env's state index, not the pixels. */
export function tabularActor(agent: TabularAgent): {
  act(observation: Float32Array, epsilon: number, env: Env): number;
} {
  return {
    act: (_observation, epsilon, env) => {
      const s = (env as Partial<DiscreteStateEnv>).stateIndex;
      if (typeof s !== 'number') throw new Error(`${env.id} has no stateIndex for a tabular agent`);
      return agent.act(s, epsilon);
    },
  };
}
