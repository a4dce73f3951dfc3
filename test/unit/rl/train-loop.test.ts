import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { CartPole } from '../../../envs/cartpole';
import { Catch } from '../../../envs/catch';
import { RunControl } from '../../../src/nn/run-control';
import { DqnAgent } from '../../../src/rl/dqn';
import { evaluate, randomPolicyReturn } from '../../../src/rl/evaluate';
import {
  DqnTrainLoop,
  type EvaluationReport,
  type ProgressReport,
} from '../../../src/rl/train-loop';

const agentFor = (seed = 0) =>
  DqnAgent.forEnv(new Catch(), {
    network: { type: 'mlp', hidden: [16] },
    batchSize: 16,
    learningStarts: 100,
    replayCapacity: 1000,
    epsilon: { start: 1, end: 0.1, steps: 500 },
    seed,
  });

describe('DqnTrainLoop', () => {
  it('runs vectorised copies, reports episodes in order and progress every K steps', async () => {
    const agent = agentFor();
    const loop = new DqnTrainLoop(agent, () => new Catch(), { numEnvs: 4 });
    const episodes: number[] = [];
    const progress: ProgressReport[] = [];
    const summary = await loop.run(360, {
      progressEvery: 120,
      onEpisode: (e) => {
        episodes.push(e.episode);
        expect(e.length).toBe(9);
        expect(Math.abs(e.return)).toBe(1);
      },
      onProgress: (p) => progress.push(p),
    });
    expect(summary).toMatchObject({ steps: 360, episodes: 40, reason: 'done' });
    expect(episodes).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(progress.map((p) => p.steps)).toEqual([120, 240, 360]);
    expect(progress[0].updates).toBe(21); // learning starts at step 100
    expect(progress[2].loss).toBeTypeOf('number');
    expect(progress[2].updates).toBe(261);
    expect(progress[2].replaySize).toBe(360);
    expect(progress[2].epsilon).toBeCloseTo(1 - 0.9 * (360 / 500));
    // A second run continues the same envs and counters.
    await loop.run(36);
    expect(agent.counters.steps).toBe(396);
    agent.dispose();
  });

  it('same seed, same run', async () => {
    const run = async () => {
      const agent = agentFor(5);
      const returns: number[] = [];
      await new DqnTrainLoop(agent, () => new Catch(), { numEnvs: 2 }).run(400, {
        onEpisode: (e) => returns.push(e.return),
      });
      const q = Array.from(agent.qValues(new Float32Array(50)));
      agent.dispose();
      return { returns, q };
    };
    expect(await run()).toEqual(await run());
  });

  it('stops on RunControl.stop and on an aborted signal; pauses and resumes', async () => {
    const agent = agentFor();
    const loop = new DqnTrainLoop(agent, () => new Catch());
    const control = new RunControl();
    const stopped = await loop.run(10_000, {
      control,
      onEpisode: (e) => {
        if (e.episode === 3) control.stop();
      },
    });
    expect(stopped.reason).toBe('stopped');
    expect(stopped.steps).toBe(27);

    const abort = new AbortController();
    abort.abort();
    expect((await loop.run(100, { signal: abort.signal })).steps).toBe(0);

    const pausing = new RunControl();
    pausing.pause();
    let finished = false;
    const running = loop.run(18, { control: pausing }).then((s) => {
      finished = true;
      return s;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(finished).toBe(false);
    const stepsWhilePaused = agent.counters.steps;
    expect(stepsWhilePaused).toBe(27);
    pausing.resume();
    expect((await running).steps).toBe(18);
    agent.dispose();
  });

  it('evaluates periodically and keeps the best weights without leaking tensors', async () => {
    const agent = agentFor(2);
    const loop = new DqnTrainLoop(agent, () => new Catch());
    await loop.run(150); // past learning starts: Adam's buffers exist
    const before = tf.memory().numTensors;
    const reports: EvaluationReport[] = [];
    await loop.run(600, {
      evaluation: { every: 150, episodes: 10, seed: 3, keepBest: true },
      onEvaluation: (e) => reports.push(e),
    });
    expect(reports.map((r) => r.steps)).toEqual([300, 450, 600, 750]);
    const best = Math.max(...reports.map((r) => r.result.mean));
    expect(reports[3].best).toBe(best);
    expect(evaluate(agent, () => new Catch(), 10, 3).mean).toBe(best);
    expect(tf.memory().numTensors).toBe(before);
    agent.dispose();
  });

  it('refuses an agent built for another env', () => {
    const agent = agentFor();
    expect(() => new DqnTrainLoop(agent, () => new CartPole())).toThrow(/observation values/);
    agent.dispose();
  });
});

describe('evaluate and the random baseline', () => {
  it('are deterministic for a seed and leave no tensors behind', () => {
    const agent = agentFor();
    const before = tf.memory().numTensors;
    const a = evaluate(agent, () => new Catch(), 20, 7);
    const b = evaluate(agent, () => new Catch(), 20, 7);
    expect(a).toEqual(b);
    expect(a.returns).toHaveLength(20);
    expect(a.lengths.every((l) => l === 9)).toBe(true);
    const mean = a.returns.reduce((x, y) => x + y, 0) / 20;
    expect(a.mean).toBeCloseTo(mean);
    const eps = evaluate(agent, () => new Catch(), 20, 7, { epsilon: 0.05 });
    expect(eps).toEqual(evaluate(agent, () => new Catch(), 20, 7, { epsilon: 0.05 }));
    expect(tf.memory().numTensors).toBe(before);
    // Evaluation does not touch the agent's exploration stream.
    expect(agent.getRngStates()).toEqual(agentFor().getRngStates());
    agent.dispose();
  });

  it('random policy: CartPole about 22, Catch below 0, maxSteps cuts long episodes', () => {
    const cart = randomPolicyReturn(() => new CartPole(), 100, 0);
    expect(cart.mean).toBeGreaterThan(15);
    expect(cart.mean).toBeLessThan(30);
    expect(cart.std).toBeGreaterThan(0);
    expect(randomPolicyReturn(() => new CartPole(), 100, 0)).toEqual(cart);
    expect(randomPolicyReturn(() => new Catch(), 200, 1).mean).toBeLessThan(-0.3);
    const cut = randomPolicyReturn(() => new CartPole(), 5, 0, { maxSteps: 5 });
    expect(cut.lengths).toEqual([5, 5, 5, 5, 5]);
  });
});
