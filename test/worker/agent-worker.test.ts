/**
 * The agent worker driven as the Arena drives it: a real worker_threads Worker started from
 * the worker kit's one bootstrap (startNodeWorker: comlink's node adapter), on the wasm backend.
 */
import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../workers/agent-api';
import type { AgentService } from '../../workers/agent-service';
import { type NodeWorkerHandle, startNodeWorker } from '../../workers/kit/node-client';

let worker: NodeWorkerHandle<AgentService>;
let api: Comlink.Remote<AgentService>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}
const ofType = <T extends AgentEvent['type']>(events: AgentEvent[], type: T) =>
  events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);

beforeAll(async () => {
  worker = startNodeWorker<AgentService>('agent');
  api = worker.api;
});

afterAll(async () => {
  await worker?.terminate();
});

describe('agent worker (worker_threads + comlink)', () => {
  let saved: Uint8Array;

  it('init measures wasm against cpu and says why; create describes the Catch agent', async () => {
    const choice = await api.init('auto');
    expect(['wasm', 'cpu']).toContain(choice.backend);
    expect(choice.reason).toMatch(/chosen by measurement/);
    const info = await api.create({ env: 'catch', algo: 'dqn', seed: 3 });
    expect(info.obsShape).toEqual([1, 10, 5]);
    expect(info.actionMeanings).toEqual(['left', 'stay', 'right']);
    expect(info.parameterCount).toBe(50 * 64 + 64 + 64 * 3 + 3);
    expect(info.kind).toBe('dqn');
    expect(info.steps).toBe(0);
  });

  it('rejects bad settings with the reason', async () => {
    await expect(api.create({ env: 'nope' as 'catch', algo: 'dqn', seed: 1 })).rejects.toThrow(
      /unknown env/,
    );
    await expect(api.create({ env: 'catch', algo: 'sarsa', seed: 1 })).rejects.toThrow(
      /discrete states/,
    );
    await expect(api.setSpeed(-3)).rejects.toThrow(/speed/);
  });

  it('trains Catch in a stream of events; pause, resume, stop; no tensor leak', async () => {
    await api.create({ env: 'catch', algo: 'dqn', seed: 3 });
    // Past learningStarts (200): Adam's moments exist from here on.
    const warm = await api.start(
      Comlink.proxy(() => {}),
      { steps: 400, speed: 'max' },
    );
    expect(warm).toMatchObject({ steps: 400, totalSteps: 400, reason: 'done' });
    const tensorsAfterWarmUp = await api.numTensors();
    const events: AgentEvent[] = [];
    const run = api.start(
      Comlink.proxy((e: AgentEvent) => {
        events.push(e);
      }),
      { speed: 'max', showEvery: 2, snapshotHz: 50 },
    );
    await until(() => ofType(events, 'progress').some((p) => p.steps >= 1500));
    await api.pause();
    await until(() => events.some((e) => e.type === 'paused'));
    const stepsAtPause = (await api.info()).steps;
    await sleep(300);
    expect((await api.info()).steps).toBe(stepsAtPause);
    await api.resume();
    await until(() => ofType(events, 'progress').some((p) => p.steps >= stepsAtPause + 500));
    await api.stop();
    const summary = await run;
    expect(summary.reason).toBe('stopped');
    expect(summary.totalSteps).toBeGreaterThan(stepsAtPause);
    expect(events.some((e) => e.type === 'resumed')).toBe(true);

    const episodes = ofType(events, 'episodes').flatMap((e) => e.episodes);
    expect(episodes.length).toBeGreaterThan(100);
    expect(episodes.every((e) => e.return === 1 || e.return === -1)).toBe(true);
    expect(episodes.map((e) => e.episode)).toEqual(episodes.map((_, i) => episodes[0].episode + i));
    const progress = ofType(events, 'progress');
    const last = progress[progress.length - 1];
    expect(last.epsilon).toBeLessThan(1);
    expect(last.replaySize).toBeGreaterThan(1000);
    expect(last.replayCapacity).toBe(5000);
    expect(progress.some((p) => p.loss !== null && Number.isFinite(p.loss))).toBe(true);
    expect(progress.some((p) => p.stepsPerSecond > 0)).toBe(true);

    const snaps = ofType(events, 'snapshot');
    expect(snaps.length).toBeGreaterThan(3);
    for (const s of snaps) {
      expect(s.snapshot.env).toBe('catch');
      // One episode in two of copy 0 is shown: odd episode numbers.
      expect(s.shown.episode % 2).toBe(1);
    }
    const live = snaps.find((s) => !s.shown.done)!;
    expect(live.qValues).toBeInstanceOf(Float32Array);
    expect(live.qValues).toHaveLength(3);
    expect(live.snapshot.env === 'catch' && live.snapshot.state.paddleX).toBeTypeOf('number');
    expect(await api.numTensors()).toBe(tensorsAfterWarmUp);
  }, 40_000);

  it('a low speed steps in real time and snapshots every step', async () => {
    const events: AgentEvent[] = [];
    const t0 = performance.now();
    const summary = await api.start(
      Comlink.proxy((e: AgentEvent) => {
        events.push(e);
      }),
      { speed: 20, steps: 12, showEvery: 1 },
    );
    const seconds = (performance.now() - t0) / 1000;
    expect(summary.steps).toBe(12);
    expect(summary.reason).toBe('done');
    expect(seconds).toBeGreaterThan(0.45);
    const live = ofType(events, 'snapshot').filter((s) => !s.shown.done);
    expect(live.length).toBeGreaterThanOrEqual(10);
  });

  it('evaluates greedily, saves and loads the agent with the same returns', async () => {
    const e1 = await api.evaluate(20, 100);
    expect(e1.returns).toHaveLength(20);
    saved = await api.save({ note: 'test' });
    const info = await api.load(saved);
    const before = await api.numTensors();
    expect(info.env).toBe('catch');
    expect(info.meta.note).toBe('test');
    expect(info.steps).toBeGreaterThan(1500);
    const e2 = await api.evaluate(20, 100);
    expect(e2.returns).toEqual(e1.returns);
    expect(await api.numTensors()).toBe(before);
    const random = await api.randomBaseline(20, 100);
    expect(random.returns).toHaveLength(20);
  });

  it('plays greedy episodes at a given fps, final frame included', async () => {
    const events: AgentEvent[] = [];
    const r = await api.play(
      Comlink.proxy((e: AgentEvent) => {
        events.push(e);
      }),
      { episodes: 1, seed: 5, fps: 200 },
    );
    expect(r.returns).toHaveLength(1);
    const snaps = ofType(events, 'snapshot');
    // Catch: 10 rows, so 9 steps and 10 frames.
    expect(snaps).toHaveLength(10);
    expect(snaps.every((s) => s.mode === 'play')).toBe(true);
    expect(snaps[snaps.length - 1].shown).toMatchObject({ done: true, step: 9 });
    expect(snaps[snaps.length - 1].shown.episodeReturn).toBe(r.returns[0]);
  });

  it('refuses a bad agent file with the reason, keeping the current agent', async () => {
    await expect(api.load(new Uint8Array([1, 2, 3]))).rejects.toThrow(/agent file: .*too short/);
    const broken = saved.slice(0, saved.length - 8);
    await expect(api.load(broken)).rejects.toThrow(/agent file: .*truncated/);
    const wrong = saved.slice();
    wrong[0] = 88;
    await expect(api.load(wrong)).rejects.toThrow(/not a Gradient Arcade agent/);
    await expect(api.load(saved, 'cartpole')).rejects.toThrow(/observation values/);
    expect((await api.info()).env).toBe('catch');
  });

  it('tabular Q-learning on GridWorld streams its value table', async () => {
    const info = await api.create({ env: 'gridworld', algo: 'q-learning', seed: 1 });
    expect(info.grid).not.toBeNull();
    const events: AgentEvent[] = [];
    const summary = await api.start(
      Comlink.proxy((e: AgentEvent) => {
        events.push(e);
      }),
      { steps: 3000, speed: 'max' },
    );
    expect(summary.steps).toBe(3000);
    const tables = ofType(events, 'table');
    expect(tables.length).toBeGreaterThan(0);
    const t = tables[tables.length - 1];
    expect(t.values).toHaveLength(info.grid!.rows * info.grid!.cols);
    expect(t.greedyActions).toHaveLength(t.values.length);
    expect(Math.max(...t.values)).toBeGreaterThan(0);
    const e = await api.evaluate(5, 0);
    expect(e.mean).toBeGreaterThan(0);
    const bytes = await api.save();
    const loaded = await api.load(bytes);
    expect(loaded.algo).toBe('q-learning');
    expect((await api.evaluate(5, 0)).returns).toEqual(e.returns);
  }, 30_000);
});
