/**
 * Tabular training step by step (Q-learning and SARSA on GridWorld), beside the DQN loop and
 * with its callbacks and controls: the agent worker paces it a step at a time, the CLI runs it
 * flat out. SARSA needs the next action ahead, so the loop keeps (state, action) between steps.
 */
import { yieldToEventLoop } from '../nn/run-control';
import { agentMismatch } from './attach-agent';
import { EpisodeStatsEnv } from './episode-stats-env';
import { hasDiscreteStates } from './make-agent';
import type { TabularAgent, TabularEnv } from './tabular';
import type {
  EnvFactory,
  EpisodeReport,
  ProgressReport,
  RunOptions,
  TrainSummary,
} from './train-loop';

export class TabularTrainLoop {
  /** The env, with the running episode's statistics. */
  readonly stats: EpisodeStatsEnv;
  /** TD updates so far in this loop. */
  updates = 0;
  private readonly table: TabularEnv;
  private s: number;
  private a: number;

  constructor(
    readonly agent: TabularAgent,
    makeEnv: EnvFactory,
    options: { seed?: number } = {},
  ) {
    const env = makeEnv(0);
    if (!hasDiscreteStates(env)) throw new Error(`${env.id} has no discrete states`);
    const mismatch = agentMismatch(agent, env);
    if (mismatch) throw new Error(mismatch);
    this.table = env;
    this.stats = new EpisodeStatsEnv(env);
    this.stats.reset({ seed: options.seed ?? agent.config.seed });
    this.s = env.stateIndex;
    this.a = agent.act(this.s);
  }

  /** Q(s, ·) of the state the agent acts in next (a copy). */
  qValues(): Float32Array {
    const k = this.agent.numActions;
    return this.agent.q.slice(this.s * k, (this.s + 1) * k);
  }

  /** One env step and its TD update; the finished episode when this step ended one. */
  step(): EpisodeReport | null {
    const { agent, table } = this;
    const r = this.stats.step(this.a);
    const s2 = table.stateIndex;
    const done = r.terminated || r.truncated;
    const a2 = done ? 0 : agent.act(s2);
    agent.update(this.s, this.a, r.reward, s2, r.terminated, r.truncated, a2);
    this.updates++;
    if (!done) {
      this.s = s2;
      this.a = a2;
      return null;
    }
    const report: EpisodeReport = {
      episode: agent.counters.episodes,
      envIndex: 0,
      return: this.stats.episodeReturn,
      length: this.stats.episodeLength,
      terminated: r.terminated,
      truncated: r.truncated,
      steps: agent.counters.steps,
    };
    this.stats.reset();
    this.s = table.stateIndex;
    this.a = agent.act(this.s);
    return report;
  }

  /** Run `steps` more env steps, yielding to the event loop every `yieldMs`. */
  async run(steps: number, options: RunOptions = {}): Promise<TrainSummary> {
    const control = options.control;
    const yieldMs = options.yieldMs ?? 50;
    const progressEvery = options.progressEvery ?? 1000;
    const start = performance.now();
    let lastYield = start;
    let done = 0;
    let episodes = 0;
    const stopped = () => control?.stopped === true || options.signal?.aborted === true;
    while (done < steps && !stopped()) {
      if (control?.paused || performance.now() - lastYield >= yieldMs) {
        await yieldToEventLoop();
        await control?.checkpoint();
        lastYield = performance.now();
        if (stopped()) break;
      }
      const ended = this.step();
      done++;
      if (ended) {
        episodes++;
        options.onEpisode?.(ended);
      }
      if (done % progressEvery === 0) options.onProgress?.(this.progress(start, done));
    }
    const seconds = (performance.now() - start) / 1000;
    return {
      steps: done,
      episodes,
      seconds,
      stepsPerSecond: seconds > 0 ? done / seconds : 0,
      reason: done >= steps ? 'done' : 'stopped',
    };
  }

  private progress(start: number, done: number): ProgressReport {
    const seconds = (performance.now() - start) / 1000;
    return {
      steps: this.agent.counters.steps,
      episodes: this.agent.counters.episodes,
      updates: this.updates,
      epsilon: this.agent.epsilon,
      loss: null,
      gradNorm: 0,
      replaySize: 0,
      stepsPerSecond: seconds > 0 ? done / seconds : 0,
    };
  }
}
