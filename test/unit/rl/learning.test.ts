/**
 * The agents learn: tabular Q-learning and SARSA solve a small GridWorld, DQN learns bsuite's
 * Catch (mean greedy return > 0.5; a random policy gets about -0.6) within a few thousand
 * env steps. Budgets measured on a loaded 2-core machine: Catch ~12-25 s.
 */
import { describe, expect, it } from 'vitest';
import { Catch } from '../../../envs/catch';
import { GridWorld } from '../../../envs/gridworld';
import { RunControl } from '../../../src/nn/run-control';
import { DqnAgent } from '../../../src/rl/dqn';
import { evaluate, randomPolicyReturn } from '../../../src/rl/evaluate';
import { type TabularAlgorithm, tabularActor, tabularAgentFor } from '../../../src/rl/tabular';
import { TabularTrainLoop } from '../../../src/rl/tabular-loop';
import { trainDqn } from '../../../src/rl/train-loop';

describe('tabular control on GridWorld ("simple" layout, optimal return 0.93: 8 steps)', () => {
  it.each(['q-learning', 'sarsa'] as TabularAlgorithm[])(
    '%s finds the shortest safe path',
    async (algorithm) => {
      const env = new GridWorld({ layout: 'simple' });
      const agent = tabularAgentFor(env, {
        algorithm,
        alpha: 0.5,
        gamma: 0.99,
        epsilon: { start: 1, end: 0.05, steps: 3000 },
        seed: 1,
      });
      await new TabularTrainLoop(agent, () => env).run(6000);
      const greedy = evaluate(tabularActor(agent), () => new GridWorld({ layout: 'simple' }), 3, 0);
      expect(greedy.lengths).toEqual([8, 8, 8]);
      expect(greedy.mean).toBeCloseTo(0.93, 5);
      // The UI's overlay: one value and one arrow per cell; next to the goal, the arrow points at it.
      const values = agent.values();
      const arrows = agent.greedyActions();
      expect(values).toHaveLength(env.numStates);
      expect(arrows[2 * env.cols + 4]).toBe(2); // above G: down
      expect(values[2 * env.cols + 4]).toBeGreaterThan(0.9);
    },
  );
});

describe('DQN on Catch', () => {
  it('learns to catch within 3000 env steps (mean greedy return > 0.5)', async () => {
    const make = () => new Catch();
    const agent = DqnAgent.forEnv(make(), {
      network: { type: 'mlp', hidden: [64] },
      batchSize: 32,
      lr: 2e-3,
      learningStarts: 200,
      replayCapacity: 5000,
      epsilon: { start: 1, end: 0.05, steps: 1500 },
      targetUpdate: { kind: 'hard', every: 200 },
      seed: 0,
    });
    const returns: number[] = [];
    const summary = await trainDqn(agent, make, 3000, { onEpisode: (e) => returns.push(e.return) });
    expect(summary.steps).toBe(3000);
    expect(returns).toHaveLength(Math.floor(3000 / 9)); // Catch episodes last exactly 9 steps
    const trained = evaluate(agent, make, 100, 1234);
    const random = randomPolicyReturn(make, 100, 1234);
    expect(random.mean).toBeLessThan(0);
    expect(trained.mean).toBeGreaterThan(0.5);
    agent.dispose();
  });
});

describe('TabularTrainLoop', () => {
  it('reports every episode and stops on request', async () => {
    const env = new GridWorld({ layout: 'simple' });
    const agent = tabularAgentFor(env, {
      algorithm: 'q-learning',
      alpha: 0.5,
      gamma: 0.99,
      epsilon: { start: 0.3, end: 0.05, steps: 1000 },
      seed: 2,
    });
    const control = new RunControl();
    const seen: number[] = [];
    const loop = new TabularTrainLoop(agent, () => env);
    const summary = await loop.run(100_000, {
      control,
      onEpisode: (e) => {
        seen.push(e.episode);
        if (e.episode === 30) control.stop();
      },
    });
    expect(summary.reason).toBe('stopped');
    expect(summary.episodes).toBe(30);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(summary.steps).toBe(agent.counters.steps);
    expect(loop.updates).toBe(agent.counters.steps);
    expect(loop.stats.finished).toBe(30);
    // The next 5 steps go on where it stopped, in the 31st episode.
    expect((await loop.run(5)).steps).toBe(5);
    expect(loop.stats.episodeLength).toBeGreaterThan(0);
    expect(loop.qValues()).toHaveLength(4);
  });
});
