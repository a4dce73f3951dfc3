/**
 * The agent worker's training run, paced: the loop (src/rl) runs in chunks of env steps
 * between which the run yields (so pause, stop, setSpeed... arrive within a few ms) and sends
 * throttled events. At a watchable speed it sleeps between steps; at 'max' a chunk is sized to
 * ~25 ms of work. Copy 0's episode statistics (EpisodeStatsEnv) label the shown episode and
 * catch its final frame before the env resets.
 */
import type { EnvName } from '../envs/registry';
import type { RunControl } from '../src/nn/run-control';
import type { AgentMeta } from '../src/rl/agent-file';
import type { AlgoName } from '../src/rl/make-agent';
import { TabularTrainLoop } from '../src/rl/tabular-loop';
import { DqnTrainLoop, type EnvFactory } from '../src/rl/train-loop';
import type {
  AgentEvent,
  EnvSnapshot,
  FinishedEpisodeEvent,
  RunSummary,
  ShownEpisode,
  Speed,
} from './agent-api';
import type { EventChannel } from './kit/events';

/** The worker's agent: its env, its loop (which holds the agent) and where it came from. */
export interface CurrentAgent {
  env: EnvName;
  algo: AlgoName;
  envOptions: object;
  makeEnv: EnvFactory;
  numEnvs: number;
  meta: AgentMeta;
  loop: DqnTrainLoop | TabularTrainLoop;
  grid: { rows: number; cols: number } | null;
}

/** How the run is watched; the service changes it while the run goes on. */
export interface Pace {
  speed: Speed;
  /** Show one episode in N of copy 0. */
  showEvery: number;
  snapshotHz: number;
  /** Restart the real-time clock (speed changed, or resumed). */
  clockReset: boolean;
}

export interface PacedRunOptions {
  control: RunControl;
  events: EventChannel<AgentEvent>;
  /** Minimum milliseconds between two progress/episodes events, and table events. */
  eventMs: number;
  tableMs: number;
}

/** Work per chunk at 'max' speed before yielding. */
const CHUNK_MS = 25;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The snapshot event of `state`, with the greedy action of `qValues`. */
export function sendSnapshot(
  c: CurrentAgent,
  events: EventChannel<AgentEvent>,
  mode: 'train' | 'play',
  state: unknown,
  shown: ShownEpisode,
  qValues: Float32Array | null,
): void {
  let greedyAction: number | null = null;
  if (qValues) {
    greedyAction = 0;
    for (let a = 1; a < qValues.length; a++)
      if (qValues[a] > qValues[greedyAction]) greedyAction = a;
  }
  // The env's state is plain data: structuredClone detaches it from the live env.
  const snapshot = { env: c.env, state: structuredClone(state) } as EnvSnapshot;
  void events.send(
    { type: 'snapshot', mode, snapshot, shown, qValues, greedyAction },
    qValues ? [qValues.buffer] : [],
  );
}

function sendTable(c: CurrentAgent, loop: TabularTrainLoop, events: EventChannel<AgentEvent>) {
  const values = loop.agent.values();
  const greedyActions = loop.agent.greedyActions();
  const q = loop.agent.q.slice();
  const { rows, cols } = c.grid ?? { rows: 0, cols: 0 };
  void events.send({ type: 'table', values, greedyActions, q, rows, cols }, [
    values.buffer,
    greedyActions.buffer,
    q.buffer,
  ]);
}

/** Train `c` for `budget` more env steps (or until stopped), paced by `pace`. */
export async function trainPaced(
  c: CurrentAgent,
  budget: number,
  pace: Pace,
  { control, events, eventMs, tableMs }: PacedRunOptions,
): Promise<RunSummary> {
  const loop = c.loop;
  const stats = loop.stats;
  const n = c.numEnvs;
  const started = performance.now();
  let done = 0;
  let episodesHere = 0;
  let pending: FinishedEpisodeEvent[] = [];
  let lossSum = 0;
  let lossCount = 0;
  let lastEvent = Number.NEGATIVE_INFINITY;
  let lastEventSteps = loop.agent.counters.steps;
  let lastEventTime = started;
  let lastTable = Number.NEGATIVE_INFINITY;
  let lastSnapshot = Number.NEGATIVE_INFINITY;
  let clockStart = 0;
  let clockSteps = 0;
  let chunk = n; // env steps per chunk at 'max', adapted to CHUNK_MS
  let finalFrame: { state: unknown; shown: ShownEpisode } | null = null;
  const isShown = (finished: number) => finished % pace.showEvery === 0;
  stats.onEpisodeEnd = (end, env) => {
    if (isShown(end.episode - 1))
      finalFrame = {
        state: env.getState(),
        shown: { episode: end.episode, step: end.length, episodeReturn: end.return, done: true },
      };
  };

  const flush = (now: number, force = false) => {
    if (!force && now - lastEvent < eventMs) return;
    if (pending.length) {
      void events.send({ type: 'episodes', episodes: pending });
      pending = [];
    }
    const steps = loop.agent.counters.steps;
    const dt = (now - lastEventTime) / 1000;
    const dqn = loop instanceof DqnTrainLoop ? loop.agent : null;
    void events.send({
      type: 'progress',
      steps,
      episodes: loop.agent.counters.episodes,
      updates: loop.updates,
      epsilon: loop.agent.epsilon,
      loss: lossCount ? lossSum / lossCount : null,
      replaySize: dqn?.replay.size ?? 0,
      replayCapacity: dqn?.config.replayCapacity ?? 0,
      stepsPerSecond: dt > 0 ? (steps - lastEventSteps) / dt : 0,
      speed: pace.speed,
    });
    lossSum = 0;
    lossCount = 0;
    lastEvent = now;
    lastEventSteps = steps;
    lastEventTime = now;
    if (loop instanceof TabularTrainLoop && (force || now - lastTable >= tableMs)) {
      lastTable = now;
      sendTable(c, loop, events);
    }
  };

  try {
    while (done < budget) {
      if (control.paused) {
        flush(performance.now(), true);
        await control.checkpoint();
        lastEventTime = performance.now();
        lastEventSteps = loop.agent.counters.steps;
      }
      if (control.stopped) break;
      const speed = pace.speed;
      const watchEvery = speed !== 'max' && speed <= pace.snapshotHz;
      let steps: number;
      if (speed === 'max') {
        steps = chunk;
      } else {
        if (pace.clockReset) {
          pace.clockReset = false;
          clockStart = performance.now();
          clockSteps = 0;
        }
        const due = Math.floor(((performance.now() - clockStart) / 1000) * speed * n) - clockSteps;
        if (due < n) {
          const wait = ((clockSteps + n) / (speed * n)) * 1000 - (performance.now() - clockStart);
          await sleep(Math.min(50, Math.max(1, wait)));
          flush(performance.now());
          continue;
        }
        steps = watchEvery ? n : Math.min(due - (due % n), 64 * n);
        clockSteps += steps;
      }
      steps = Math.min(steps, budget - done);
      const t0 = performance.now();
      const r = await loop.run(steps, {
        control,
        progressEvery: Math.max(1, steps),
        yieldMs: CHUNK_MS * 2,
        onEpisode: (e) => {
          episodesHere++;
          pending.push(e);
        },
        onProgress: (p) => {
          if (p.loss === null) return;
          lossSum += p.loss;
          lossCount++;
        },
      });
      done += r.steps;
      const frame = finalFrame as { state: unknown; shown: ShownEpisode } | null;
      finalFrame = null;
      if (frame && (watchEvery || performance.now() - lastSnapshot >= 1000 / pace.snapshotHz)) {
        lastSnapshot = performance.now();
        sendSnapshot(c, events, 'train', frame.state, frame.shown, null);
      }
      const now = performance.now();
      if (speed === 'max') {
        const took = Math.max(0.1, now - t0);
        chunk = Math.max(n, Math.min(4096 * n, Math.round((chunk * CHUNK_MS) / took / n) * n));
      }
      if (isShown(stats.finished) && (watchEvery || now - lastSnapshot >= 1000 / pace.snapshotHz)) {
        lastSnapshot = now;
        const shown = {
          episode: stats.finished + 1,
          step: stats.episodeLength,
          episodeReturn: stats.episodeReturn,
          done: false,
        };
        sendSnapshot(c, events, 'train', stats.getState(), shown, loop.qValues());
      }
      flush(now);
      await sleep(0);
    }
  } finally {
    stats.onEpisodeEnd = null;
  }
  flush(performance.now(), true);
  const seconds = (performance.now() - started) / 1000;
  return {
    steps: done,
    totalSteps: loop.agent.counters.steps,
    episodes: episodesHere,
    seconds,
    stepsPerSecond: seconds > 0 ? done / seconds : 0,
    reason: done >= budget ? 'done' : 'stopped',
  };
}
