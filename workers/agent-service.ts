/**
 * The agent worker's logic, usable in-process: one env + agent at a time behind the
 * plain-data AgentApi (agent-api.ts). The worker entry (agent.worker.ts) only exposes an
 * instance of this class with comlink.
 *
 * Training runs in chunks of env steps between which the service yields to the event loop
 * (so pause, stop, setSpeed... arrive within a few ms) and sends throttled events. At a
 * watchable speed it sleeps between steps; at 'max' a chunk is sized to ~25 ms of work.
 * Copy 0 of the envs is wrapped (WatchedEnv) to know its episode's return and to catch the
 * final frame of an episode before the vector env resets it.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { type EnvName, isEnvName } from '../envs/registry';
import type { Env, StepResult } from '../envs/types';
import type { BackendChoice, BackendRequest, ChooseBackendOptions } from '../src/nn/backend';
import { AgentFileError, type AgentMeta, loadAgent, saveAgent } from '../src/rl/agent-file';
import { chooseRlBackend } from '../src/rl/choose-backend';
import type { DqnAgent } from '../src/rl/dqn';
import {
  type AlgoName,
  buildAgent,
  envFactory,
  hasDiscreteStates,
  isAlgoName,
} from '../src/rl/make-agent';
import { type TabularAgent, type TabularEnv, tabularActor } from '../src/rl/tabular';
import {
  type Actor,
  DqnTrainLoop,
  type EnvFactory,
  evaluate as evaluateEpisodes,
  randomPolicyReturn,
  TrainControl,
} from '../src/rl/train-loop';
import type {
  AgentApi,
  AgentEvent,
  AgentInfo,
  CreateOptions,
  EnvSnapshot,
  EvalSummary,
  FinishedEpisodeEvent,
  PlayOptions,
  RunSummary,
  ShownEpisode,
  Speed,
  StartOptions,
} from './agent-api';

export type WasmPaths = NonNullable<ChooseBackendOptions['wasmPaths']>;

export interface AgentServiceOptions {
  /** Browser: URLs of the tfjs wasm binaries (a promise: known after the worker exposes). */
  wasmPaths?: WasmPaths | Promise<WasmPaths>;
  /** Minimum milliseconds between two progress/episodes events (100). */
  eventMs?: number;
  /** Minimum milliseconds between two value-table events (250). */
  tableMs?: number;
}

/** Greedy episodes may loop forever in an env without a time limit (as `rl eval`). */
const EVAL_MAX_STEPS = 10_000;
/** Work per chunk at 'max' speed before yielding. */
const CHUNK_MS = 25;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Copy 0 of the training envs: records its episode's return and its final frame. */
class WatchedEnv implements Env {
  episodeReturn = 0;
  step_ = 0;
  /** Episodes of this copy finished so far. */
  finished = 0;
  /** getState() on the step a shown episode ended (the last one, until taken). */
  finalFrame: { state: unknown; shown: ShownEpisode } | null = null;
  /** Episodes shown: one in `showEvery` (0: none). */
  showEvery = 0;

  constructor(readonly inner: Env) {}

  get id(): string {
    return this.inner.id;
  }
  get observationSpace() {
    return this.inner.observationSpace;
  }
  get actionSpace() {
    return this.inner.actionSpace;
  }
  reset(options?: { seed?: number }) {
    this.episodeReturn = 0;
    this.step_ = 0;
    return this.inner.reset(options);
  }
  step(action: number): StepResult {
    const r = this.inner.step(action);
    this.episodeReturn += r.reward;
    this.step_++;
    if (r.terminated || r.truncated) {
      if (this.showEvery > 0 && this.finished % this.showEvery === 0)
        this.finalFrame = {
          state: this.inner.getState(),
          shown: {
            episode: this.finished + 1,
            step: this.step_,
            episodeReturn: this.episodeReturn,
            done: true,
          },
        };
      this.finished++;
    }
    return r;
  }
  getState(): unknown {
    return this.inner.getState();
  }
  setState(s: unknown): void {
    this.inner.setState(s);
  }
}

/** Sends events without waiting for each; drain() waits until the receiver has them all. */
class EventSender {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly callback: (e: AgentEvent) => unknown) {}

  send(e: AgentEvent, transfer: Transferable[] = []): void {
    const value = transfer.length ? Comlink.transfer(e, transfer) : e;
    const delivered = (async () => {
      try {
        await this.callback(value);
      } catch {
        // A listener that throws or has gone away must not end the run.
      }
    })();
    this.inFlight.add(delivered);
    void delivered.then(() => this.inFlight.delete(delivered));
  }

  async drain(timeoutMs = 2000): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all([...this.inFlight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  release(): void {
    (this.callback as { [Comlink.releaseProxy]?: () => void })[Comlink.releaseProxy]?.();
  }
}

interface DqnState {
  kind: 'dqn';
  agent: DqnAgent;
  loop: DqnTrainLoop;
  watched: WatchedEnv;
}

interface TabularState {
  kind: 'tabular';
  agent: TabularAgent;
  env: TabularEnv;
  /** Current state, action chosen in it (SARSA needs it ahead), step count and return. */
  s: number;
  a: number;
  step: number;
  episodeReturn: number;
  finished: number;
  updates: number;
}

interface Current {
  env: EnvName;
  algo: AlgoName;
  envOptions: object;
  makeEnv: EnvFactory;
  numEnvs: number;
  meta: AgentMeta;
  run: DqnState | TabularState;
}

type Busy = 'train' | 'play' | 'evaluate' | null;

function checkSpeed(speed: Speed): Speed {
  if (speed === 'max') return speed;
  if (typeof speed !== 'number' || !(speed > 0) || !Number.isFinite(speed))
    throw new Error(`speed must be a positive number of steps a second or 'max', got ${speed}`);
  return speed;
}

function positiveInt(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be an integer >= 1, got ${n}`);
  return n;
}

export class AgentService implements AgentApi {
  private choice: BackendChoice | null = null;
  private current: Current | null = null;
  private busy: Busy = null;
  private control = new TrainControl();
  private sender: EventSender | null = null;
  private speed: Speed = 'max';
  /** Restart the real-time clock (speed changed, or resumed). */
  private clockReset = true;
  private showEvery = 1;
  private snapshotHz = 30;

  constructor(private readonly options: AgentServiceOptions = {}) {}

  async init(request: BackendRequest): Promise<BackendChoice> {
    this.refuseWhileBusy('change the backend');
    const wasmPaths = await this.options.wasmPaths;
    this.choice = await chooseRlBackend(request, { wasmPaths });
    return this.choice;
  }

  async create(options: CreateOptions): Promise<AgentInfo> {
    this.refuseWhileBusy('create a new agent');
    this.requireBackend();
    if (typeof options !== 'object' || options === null) throw new Error('create: give options');
    const { env, algo, seed } = options;
    if (!isEnvName(env)) throw new Error(`unknown env ${JSON.stringify(env)}`);
    if (!isAlgoName(algo))
      throw new Error(`unknown algo ${JSON.stringify(algo)}; use dqn, q-learning or sarsa`);
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
    const numEnvs = positiveInt(options.numEnvs ?? 1, 'numEnvs');
    if (numEnvs > 256) throw new Error(`numEnvs must be at most 256, got ${numEnvs}`);
    if (algo !== 'dqn' && numEnvs !== 1) throw new Error(`${algo} runs one env (numEnvs 1)`);
    const envOptions = options.envOptions ?? {};
    const built = buildAgent(env, algo, seed, options.config ?? {}, envOptions);
    this.replace({
      env,
      algo,
      envOptions,
      makeEnv: built.makeEnv,
      numEnvs,
      meta: {},
      run:
        built.kind === 'dqn'
          ? this.dqnState(built.agent, built.makeEnv, numEnvs, seed)
          : this.tabularState(built.agent, built.makeEnv, seed),
    });
    return this.info();
  }

  async info(): Promise<AgentInfo> {
    const c = this.requireAgent();
    const probe = c.makeEnv(0);
    const run = c.run;
    const grid =
      c.env === 'gridworld'
        ? {
            rows: (probe as unknown as { rows: number }).rows,
            cols: (probe as unknown as { cols: number }).cols,
          }
        : null;
    return {
      env: c.env,
      algo: c.algo,
      kind: run.kind,
      obsShape: [...probe.observationSpace.shape],
      numActions: probe.actionSpace.n,
      actionMeanings: [...probe.actionSpace.meanings],
      parameterCount: run.kind === 'dqn' ? run.agent.online.parameterCount : run.agent.q.length,
      config: structuredClone(run.agent.config),
      numEnvs: c.numEnvs,
      steps: run.agent.counters.steps,
      episodes: run.agent.counters.episodes,
      grid,
      meta: { ...c.meta },
    };
  }

  async start(onEvent: (e: AgentEvent) => void, options: StartOptions = {}): Promise<RunSummary> {
    const sender = new EventSender(onEvent);
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
      this.begin('train', sender);
      try {
        return await this.train(c, budget, sender);
      } finally {
        await sender.drain();
        this.end();
      }
    } finally {
      sender.release();
    }
  }

  pause(): void {
    if (!this.busy || this.control.paused) return;
    this.control.pause();
    this.sender?.send({ type: 'paused' });
  }

  resume(): void {
    if (!this.control.paused) return;
    this.control.resume();
    this.clockReset = true;
    this.sender?.send({ type: 'resumed' });
  }

  stop(): void {
    if (this.busy) this.control.stop();
  }

  setSpeed(speed: Speed): void {
    this.speed = checkSpeed(speed);
    this.clockReset = true;
  }

  setShowEvery(n: number): void {
    this.showEvery = positiveInt(n, 'showEvery');
  }

  setSnapshotHz(hz: number): void {
    if (!(hz > 0 && hz <= 240)) throw new Error(`snapshotHz must be in (0, 240], got ${hz}`);
    this.snapshotHz = hz;
  }

  async evaluate(episodes: number, seed: number): Promise<EvalSummary> {
    const c = this.requireAgent();
    const actor: Actor = c.run.kind === 'dqn' ? c.run.agent : tabularActor(c.run.agent);
    return this.episodes(c, actor, episodes, seed);
  }

  async randomBaseline(episodes: number, seed: number): Promise<EvalSummary> {
    const c = this.requireAgent();
    positiveInt(episodes, 'episodes');
    return this.episodes(c, null, episodes, seed);
  }

  async play(onEvent: (e: AgentEvent) => void, options: PlayOptions = {}): Promise<EvalSummary> {
    const sender = new EventSender(onEvent);
    try {
      this.refuseWhileBusy('play');
      const c = this.requireAgent();
      const episodes = positiveInt(options.episodes ?? 1, 'episodes');
      const seed = options.seed ?? 0;
      if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
      const fps = options.fps ?? 10;
      if (!(fps > 0 && fps <= 1000)) throw new Error(`fps must be in (0, 1000], got ${fps}`);
      this.begin('play', sender);
      try {
        return await this.playEpisodes(c, episodes, seed, fps, sender);
      } finally {
        await sender.drain();
        this.end();
      }
    } finally {
      sender.release();
    }
  }

  async save(meta: AgentMeta = {}): Promise<Uint8Array> {
    this.refuseWhileBusy('save (pause is not enough: stop first)');
    const c = this.requireAgent();
    const bytes = await saveAgent(c.run.agent, {
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
    let loaded: ReturnType<typeof loadAgent>;
    try {
      loaded = loadAgent(bytes);
    } catch (e) {
      // A plain Error with the AgentFileError text ("agent file: ..."): comlink sends messages.
      throw new Error((e as Error).message);
    }
    try {
      const { meta } = loaded;
      const name = env ?? meta.env;
      if (typeof name !== 'string' || !isEnvName(name))
        throw new AgentFileError(
          `it names no known env (${JSON.stringify(meta.env ?? null)}); pass the env to load()`,
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
      const probe = makeEnv(0);
      const size = probe.observationSpace.shape.reduce((a, b) => a * b, 1);
      let run: DqnState | TabularState;
      let algo: AlgoName;
      if (loaded.kind === 'dqn') {
        if (size !== loaded.agent.obsSize || probe.actionSpace.n !== loaded.agent.numActions)
          throw new AgentFileError(
            `the agent takes ${loaded.agent.obsSize} observation values and ${loaded.agent.numActions} actions; ${name} has ${size} and ${probe.actionSpace.n}`,
          );
        algo = 'dqn';
        run = this.dqnState(loaded.agent, makeEnv, 1, loaded.agent.config.seed);
      } else {
        if (!hasDiscreteStates(probe) || probe.numStates !== loaded.agent.config.numStates)
          throw new AgentFileError(
            `the table has ${loaded.agent.config.numStates} states; ${name} does not match`,
          );
        algo = loaded.agent.config.algorithm;
        run = this.tabularState(loaded.agent, makeEnv, loaded.agent.config.seed);
      }
      this.replace({ env: name, algo, envOptions, makeEnv, numEnvs: 1, meta, run });
    } catch (e) {
      if (loaded.kind === 'dqn' && this.current?.run.agent !== loaded.agent) loaded.agent.dispose();
      throw new Error((e as Error).message);
    }
    return this.info();
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  // ---- training -------------------------------------------------------------------------

  private async train(c: Current, budget: number, sender: EventSender): Promise<RunSummary> {
    const run = c.run;
    const n = run.kind === 'dqn' ? c.numEnvs : 1;
    const eventMs = this.options.eventMs ?? 100;
    const tableMs = this.options.tableMs ?? 250;
    const started = performance.now();
    const startSteps = run.agent.counters.steps;
    let done = 0;
    let episodesHere = 0;
    let pendingEpisodes: FinishedEpisodeEvent[] = [];
    let lossSum = 0;
    let lossCount = 0;
    let lastEvent = Number.NEGATIVE_INFINITY;
    let lastEventSteps = startSteps;
    let lastEventTime = started;
    let lastTable = Number.NEGATIVE_INFINITY;
    let lastSnapshot = Number.NEGATIVE_INFINITY;
    let clockStart = 0;
    let clockSteps = 0;
    let chunk = n; // env steps per chunk at 'max', adapted to CHUNK_MS
    const onEpisode = (e: FinishedEpisodeEvent) => {
      episodesHere++;
      pendingEpisodes.push(e);
    };

    const flush = (now: number, force = false) => {
      if (!force && now - lastEvent < eventMs) return;
      if (pendingEpisodes.length) {
        sender.send({ type: 'episodes', episodes: pendingEpisodes });
        pendingEpisodes = [];
      }
      const steps = run.agent.counters.steps;
      const dt = (now - lastEventTime) / 1000;
      sender.send({
        type: 'progress',
        steps,
        episodes: run.agent.counters.episodes,
        updates: run.kind === 'dqn' ? run.agent.counters.updates : run.updates,
        epsilon: run.agent.epsilon,
        loss: lossCount ? lossSum / lossCount : null,
        replaySize: run.kind === 'dqn' ? run.agent.replay.size : 0,
        replayCapacity: run.kind === 'dqn' ? run.agent.config.replayCapacity : 0,
        stepsPerSecond: dt > 0 ? (steps - lastEventSteps) / dt : 0,
        speed: this.speed,
      });
      lossSum = 0;
      lossCount = 0;
      lastEvent = now;
      lastEventSteps = steps;
      lastEventTime = now;
      if (run.kind === 'tabular' && (force || now - lastTable >= tableMs)) {
        lastTable = now;
        this.sendTable(c, run, sender);
      }
    };

    while (done < budget) {
      if (this.control.paused) {
        flush(performance.now(), true);
        await this.control.waitWhilePaused();
        lastEventTime = performance.now();
        lastEventSteps = run.agent.counters.steps;
      }
      if (this.control.stopped) break;
      const speed = this.speed;
      const watchEvery = speed !== 'max' && speed <= this.snapshotHz;
      let steps: number;
      if (speed === 'max') {
        steps = chunk;
      } else {
        if (this.clockReset) {
          this.clockReset = false;
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
      const shownNow = () => this.isShown(run);
      const t0 = performance.now();
      if (run.kind === 'dqn') {
        run.watched.showEvery = this.showEvery;
        const r = await run.loop.run(steps, {
          control: this.control,
          progressEvery: Math.max(1, steps),
          yieldMs: CHUNK_MS * 2,
          onEpisode,
          onProgress: (p) => {
            if (p.loss !== null) {
              lossSum += p.loss;
              lossCount++;
            }
          },
        });
        done += r.steps;
        const frame = run.watched.finalFrame;
        run.watched.finalFrame = null;
        if (frame && (watchEvery || performance.now() - lastSnapshot >= 1000 / this.snapshotHz)) {
          lastSnapshot = performance.now();
          this.sendSnapshot(c, 'train', frame.state, frame.shown, null, sender);
        }
      } else {
        for (let i = 0; i < steps && !this.control.stopped; i++) {
          this.tabularStep(run, onEpisode);
          done++;
        }
      }
      const now = performance.now();
      if (speed === 'max') {
        const took = Math.max(0.1, now - t0);
        chunk = Math.max(n, Math.min(4096 * n, Math.round((chunk * CHUNK_MS) / took / n) * n));
      }
      if (shownNow() && (watchEvery || now - lastSnapshot >= 1000 / this.snapshotHz)) {
        lastSnapshot = now;
        this.sendLiveSnapshot(c, sender);
      }
      flush(now);
      await sleep(0);
    }
    flush(performance.now(), true);
    const seconds = (performance.now() - started) / 1000;
    return {
      steps: done,
      totalSteps: run.agent.counters.steps,
      episodes: episodesHere,
      seconds,
      stepsPerSecond: seconds > 0 ? done / seconds : 0,
      reason: done >= budget ? 'done' : 'stopped',
    };
  }

  /** Whether copy 0's running episode is one in `showEvery`. */
  private isShown(run: DqnState | TabularState): boolean {
    const finished = run.kind === 'dqn' ? run.watched.finished : run.finished;
    return finished % this.showEvery === 0;
  }

  private tabularStep(run: TabularState, onEpisode: (e: FinishedEpisodeEvent) => void): void {
    const { agent, env } = run;
    const r = env.step(run.a);
    run.step++;
    run.episodeReturn += r.reward;
    const s2 = env.stateIndex;
    const done = r.terminated || r.truncated;
    const a2 = done ? 0 : agent.act(s2);
    agent.update(run.s, run.a, r.reward, s2, r.terminated, r.truncated, a2);
    run.updates++;
    if (done) {
      run.finished++;
      onEpisode({
        episode: agent.counters.episodes,
        envIndex: 0,
        return: run.episodeReturn,
        length: run.step,
        terminated: r.terminated,
        truncated: r.truncated,
        steps: agent.counters.steps,
      });
      env.reset();
      run.step = 0;
      run.episodeReturn = 0;
      run.s = env.stateIndex;
      run.a = agent.act(run.s);
    } else {
      run.s = s2;
      run.a = a2;
    }
  }

  private sendLiveSnapshot(c: Current, sender: EventSender): void {
    const run = c.run;
    if (run.kind === 'dqn') {
      const w = run.watched;
      const q = run.agent.qValues(run.loop.observation(0));
      this.sendSnapshot(
        c,
        'train',
        w.getState(),
        { episode: w.finished + 1, step: w.step_, episodeReturn: w.episodeReturn, done: false },
        q,
        sender,
      );
    } else {
      const k = run.agent.numActions;
      this.sendSnapshot(
        c,
        'train',
        run.env.getState(),
        {
          episode: run.finished + 1,
          step: run.step,
          episodeReturn: run.episodeReturn,
          done: false,
        },
        run.agent.q.slice(run.s * k, (run.s + 1) * k),
        sender,
      );
    }
  }

  private sendSnapshot(
    c: Current,
    mode: 'train' | 'play',
    state: unknown,
    shown: ShownEpisode,
    qValues: Float32Array | null,
    sender: EventSender,
  ): void {
    let greedyAction: number | null = null;
    if (qValues) {
      greedyAction = 0;
      for (let a = 1; a < qValues.length; a++)
        if (qValues[a] > qValues[greedyAction]) greedyAction = a;
    }
    // The env's state is plain data: structuredClone detaches it from the live env.
    const snapshot = { env: c.env, state: structuredClone(state) } as EnvSnapshot;
    sender.send(
      { type: 'snapshot', mode, snapshot, shown, qValues, greedyAction },
      qValues ? [qValues.buffer] : [],
    );
  }

  private sendTable(c: Current, run: TabularState, sender: EventSender): void {
    const info = c.makeEnv(0) as unknown as { rows: number; cols: number };
    const values = run.agent.values();
    const greedyActions = run.agent.greedyActions();
    const q = run.agent.q.slice();
    sender.send({ type: 'table', values, greedyActions, q, rows: info.rows, cols: info.cols }, [
      values.buffer,
      greedyActions.buffer,
      q.buffer,
    ]);
  }

  // ---- play and evaluation ---------------------------------------------------------------

  private async playEpisodes(
    c: Current,
    episodes: number,
    seed: number,
    fps: number,
    sender: EventSender,
  ): Promise<EvalSummary> {
    const env = c.makeEnv(0);
    const run = c.run;
    const returns: number[] = [];
    const lengths: number[] = [];
    const frameMs = 1000 / fps;
    let next = performance.now();
    const qOf = (obs: Float32Array): Float32Array => {
      if (run.kind === 'dqn') return run.agent.qValues(obs);
      const s = (env as TabularEnv).stateIndex;
      const k = run.agent.numActions;
      return run.agent.q.slice(s * k, (s + 1) * k);
    };
    for (let k = 0; k < episodes && !this.control.stopped; k++) {
      let obs = env.reset({ seed: seed + k }).observation;
      let total = 0;
      let t = 0;
      let q = qOf(obs);
      this.sendSnapshot(
        c,
        'play',
        env.getState(),
        this.shown(k, t, total, false),
        q.slice(),
        sender,
      );
      for (;;) {
        next += frameMs;
        await sleep(Math.max(0, next - performance.now()));
        await this.control.waitWhilePaused();
        if (this.control.stopped) break;
        let action = 0;
        for (let a = 1; a < q.length; a++) if (q[a] > q[action]) action = a;
        const r = env.step(action);
        total += r.reward;
        t++;
        obs = r.observation;
        const done = r.terminated || r.truncated || t >= EVAL_MAX_STEPS;
        q = done ? q : qOf(obs);
        this.sendSnapshot(
          c,
          'play',
          env.getState(),
          this.shown(k, t, total, done),
          done ? null : q.slice(),
          sender,
        );
        if (done) {
          returns.push(total);
          lengths.push(t);
          sender.send({
            type: 'episodes',
            episodes: [
              {
                episode: k + 1,
                envIndex: 0,
                return: total,
                length: t,
                terminated: r.terminated,
                truncated: r.truncated || t >= EVAL_MAX_STEPS,
                steps: t,
              },
            ],
          });
          break;
        }
      }
      if (performance.now() > next + 1000) next = performance.now();
    }
    return this.summary(returns, lengths, seed, this.control.stopped);
  }

  private shown(k: number, step: number, episodeReturn: number, done: boolean): ShownEpisode {
    return { episode: k + 1, step, episodeReturn, done };
  }

  /** Greedy (actor) or random (null) episodes one at a time, yielding between them. */
  private async episodes(
    c: Current,
    actor: Actor | null,
    episodes: number,
    seed: number,
  ): Promise<EvalSummary> {
    this.refuseWhileBusy('evaluate');
    positiveInt(episodes, 'episodes');
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
    this.begin('evaluate', null);
    try {
      const returns: number[] = [];
      const lengths: number[] = [];
      let last = performance.now();
      if (actor === null) {
        // The random policy draws from one generator across episodes: keep it in one call.
        const r = randomPolicyReturn(c.makeEnv, episodes, seed, { maxSteps: EVAL_MAX_STEPS });
        return this.summary(r.returns, r.lengths, seed, false);
      }
      for (let k = 0; k < episodes && !this.control.stopped; k++) {
        // evaluate() resets episode k with seed + k: one episode at a time gives the same
        // returns as `rl eval` (greedy: no random draws) without blocking the message loop.
        const r = evaluateEpisodes(actor, c.makeEnv, 1, seed + k, { maxSteps: EVAL_MAX_STEPS });
        returns.push(r.returns[0]);
        lengths.push(r.lengths[0]);
        if (performance.now() - last > 30) {
          await sleep(0);
          last = performance.now();
        }
      }
      return this.summary(returns, lengths, seed, this.control.stopped);
    } finally {
      this.end();
    }
  }

  private summary(
    returns: number[],
    lengths: number[],
    seed: number,
    stopped: boolean,
  ): EvalSummary {
    const mean = returns.reduce((a, b) => a + b, 0) / Math.max(1, returns.length);
    const variance = returns.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, returns.length);
    return {
      episodes: returns.length,
      seed,
      mean,
      std: Math.sqrt(variance),
      returns,
      lengths,
      stopped,
    };
  }

  // ---- bookkeeping ----------------------------------------------------------------------

  private dqnState(agent: DqnAgent, makeEnv: EnvFactory, numEnvs: number, seed: number): DqnState {
    let watched: WatchedEnv | null = null;
    const factory: EnvFactory = (i) => {
      const env = makeEnv(i);
      if (i !== 0) return env;
      watched = new WatchedEnv(env);
      return watched;
    };
    const loop = new DqnTrainLoop(agent, factory, { numEnvs, seed });
    return { kind: 'dqn', agent, loop, watched: watched! };
  }

  private tabularState(agent: TabularAgent, makeEnv: EnvFactory, seed: number): TabularState {
    const env = makeEnv(0);
    if (!hasDiscreteStates(env)) throw new Error(`${env.id} has no discrete states`);
    env.reset({ seed });
    const s = env.stateIndex;
    return {
      kind: 'tabular',
      agent,
      env,
      s,
      a: agent.act(s),
      step: 0,
      episodeReturn: 0,
      finished: 0,
      updates: 0,
    };
  }

  private replace(next: Current): void {
    const old = this.current;
    this.current = next;
    if (old?.run.kind === 'dqn' && old.run.agent !== (next.run.agent as unknown))
      old.run.agent.dispose();
  }

  private begin(what: Busy, sender: EventSender | null): void {
    this.busy = what;
    this.control = new TrainControl();
    this.sender = sender;
    this.clockReset = true;
  }

  private end(): void {
    this.busy = null;
    this.sender = null;
  }

  private refuseWhileBusy(what: string): void {
    if (this.busy)
      throw new Error(
        `cannot ${what} while ${this.busy === 'train' ? 'training' : this.busy === 'play' ? 'playing' : 'evaluating'}: stop() first`,
      );
  }

  private requireBackend(): BackendChoice {
    if (!this.choice) throw new Error('call init() first');
    return this.choice;
  }

  private requireAgent(): Current {
    if (!this.current) throw new Error('no agent: call create() or load() first');
    return this.current;
  }
}
