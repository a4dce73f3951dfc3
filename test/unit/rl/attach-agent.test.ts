/**
 * The library pieces the agent worker and the CLI share: attaching a loaded agent file to an
 * env (one compatibility check), the episode-statistics wrapper and the frame-by-frame rollout.
 */
import { describe, expect, it } from 'vitest';
import { Catch } from '../../../envs/catch';
import { GridWorld } from '../../../envs/gridworld';
import { loadAgent, saveAgent } from '../../../src/rl/agent-file';
import { agentMismatch, attachAgent } from '../../../src/rl/attach-agent';
import { DqnAgent } from '../../../src/rl/dqn';
import { EpisodeStatsEnv } from '../../../src/rl/episode-stats-env';
import { EVAL_MAX_STEPS, evaluate, type RolloutFrame, rollout } from '../../../src/rl/evaluate';
import { buildAgent } from '../../../src/rl/make-agent';
import { TabularTrainLoop } from '../../../src/rl/tabular-loop';
import { DqnTrainLoop } from '../../../src/rl/train-loop';

const catchAgent = () =>
  DqnAgent.forEnv(new Catch(), { network: { type: 'mlp', hidden: [8] }, seed: 1 });

describe('attachAgent and agentMismatch', () => {
  it('attaches a DQN file to the env it names, with its env options, acting as evaluate does', async () => {
    const agent = catchAgent();
    const bytes = await saveAgent(agent, { env: 'catch', envOptions: '{}' });
    const loaded = loadAgent(bytes);
    const attached = attachAgent(loaded);
    expect(attached).toMatchObject({ env: 'catch', algo: 'dqn', envOptions: {} });
    const make = () => new Catch();
    expect(evaluate(attached.actor, attached.makeEnv, 5, 3)).toEqual(evaluate(agent, make, 5, 3));
    agent.dispose();
    if (loaded.kind === 'dqn') loaded.agent.dispose();
  });

  it('refuses a mismatch the same way in load, eval and the loops', async () => {
    const agent = catchAgent();
    const loaded = loadAgent(await saveAgent(agent, { env: 'catch' }));
    expect(() => attachAgent(loaded, 'cartpole')).toThrow(
      /^agent file: the agent takes 50 observation values and 3 actions; cartpole has 4 and 2 \(it was trained on catch\)$/,
    );
    expect(() => attachAgent({ ...loaded, meta: {} })).toThrow(/names no known env \(null\)/);
    // Env options the env refuses are the file's fault, said as such.
    expect(() =>
      attachAgent({ ...loaded, meta: { env: 'catch', envOptions: '{"rows":-3}' } }),
    ).toThrow(/^agent file: meta\.envOptions "\{\\"rows\\":-3\}" make no catch env: /);
    expect(agentMismatch(agent, new Catch())).toBeNull();
    expect(() => new DqnTrainLoop(agent, () => new GridWorld())).toThrow(
      /the agent takes 50 observation values and 3 actions; GridWorld has/,
    );
    const table = buildAgent('gridworld', 'q-learning', 0, {}, { layout: 'simple' });
    if (table.kind !== 'tabular') throw new Error('expected a table');
    expect(agentMismatch(table.agent, new Catch())).toMatch(/the table has \d+ states .*Catch/);
    expect(
      () => new TabularTrainLoop(table.agent, () => new GridWorld({ layout: 'cliff' })),
    ).toThrow(/does not match/);
    agent.dispose();
    if (loaded.kind === 'dqn') loaded.agent.dispose();
  });
});

describe('EpisodeStatsEnv', () => {
  it('counts return and length, and reports the end while the env holds the final state', () => {
    const env = new EpisodeStatsEnv(new Catch());
    const ends: Array<{ episode: number; length: number; ballY: number }> = [];
    env.onEpisodeEnd = (end, inner) => {
      const state = inner.getState() as { ballY: number };
      ends.push({ episode: end.episode, length: end.length, ballY: state.ballY });
      expect(end.return).toBe(env.episodeReturn);
    };
    env.reset({ seed: 1 });
    for (let i = 0; i < 18; i++) {
      const r = env.step(1);
      if (r.terminated) env.reset();
    }
    expect(env.finished).toBe(2);
    expect(ends.map((e) => [e.episode, e.length])).toEqual([
      [1, 9],
      [2, 9],
    ]);
    expect(ends[0].ballY).toBe(9);
    expect(env.episodeLength).toBe(0);
  });
});

describe('rollout', () => {
  it('yields the reset frame, then one frame per step, and cuts at maxSteps', () => {
    const frames: RolloutFrame[] = [...rollout(new Catch(), () => 1, { seed: 2 })];
    expect(frames.map((f) => f.t)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(frames.at(-1)?.terminated).toBe(true);
    const cut = [...rollout(new Catch(), () => 1, { seed: 2, maxSteps: 4 })];
    expect(cut.map((f) => [f.t, f.truncated])).toEqual([
      [0, false],
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(EVAL_MAX_STEPS).toBe(10_000);
  });
});
