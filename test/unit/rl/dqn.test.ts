/**
 * The DQN agent: no tensor leaks across train steps, same seed same run, the TD target
 * (Double DQN, terminal states, n-step discounts) computed as the paper writes it, target
 * updates at the right moments, truncation never stored as terminal.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Env, StepResult } from '../../../envs/types';
import { DqnAgent } from '../../../src/rl/dqn';
import { type DqnConfig, dqnConfig } from '../../../src/rl/dqn-config';
import { dqnPreset, isDqnPresetName } from '../../../src/rl/presets';
import type { ReplayBatch } from '../../../src/rl/replay-buffer';
import { DqnTrainLoop } from '../../../src/rl/train-loop';

function randomFill(agent: DqnAgent, count: number, seed = 1): void {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < count; i++) {
    const o = Float32Array.from({ length: agent.obsSize }, () => rand() * 2 - 1);
    const o2 = Float32Array.from({ length: agent.obsSize }, () => rand() * 2 - 1);
    agent.observe({
      observation: o,
      action: Math.floor(rand() * agent.numActions),
      reward: rand() * 2 - 1,
      nextObservation: o2,
      terminated: rand() < 0.2,
      truncated: false,
    });
  }
}

const small = (overrides: Partial<DqnConfig> = {}) =>
  dqnConfig({
    network: { type: 'mlp', hidden: [16] },
    batchSize: 16,
    replayCapacity: 500,
    learningStarts: 0,
    targetUpdate: { kind: 'hard', every: 10 },
    ...overrides,
  });

function lossesOf(config: DqnConfig, steps: number, obsShape = [4], actions = 3): number[] {
  const agent = new DqnAgent(config, obsShape, actions);
  randomFill(agent, 200);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push(agent.trainStep()!);
  agent.dispose();
  return out;
}

describe('DqnAgent', () => {
  it.each([
    ['MLP, Double, hard target', small()],
    [
      'MLP, dueling, 3-step, soft target',
      small({ dueling: true, nStep: 3, targetUpdate: { kind: 'soft', tau: 0.01 } }),
    ],
    ['MLP, vanilla DQN, no clipping', small({ double: false, maxGradNorm: null })],
  ])('%s: numTensors stays flat across 50 train steps', (_name, config) => {
    const agent = new DqnAgent(config, [4], 3);
    randomFill(agent, 200);
    agent.trainStep(); // Adam creates its moment buffers on the first step.
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      expect(agent.trainStep()).toBeTypeOf('number');
      agent.act(new Float32Array(4));
      agent.actBatch(new Float32Array(12), 3);
      agent.qValues(new Float32Array(4));
    }
    expect(tf.memory().numTensors).toBe(before);
    agent.dispose();
  });

  it('CNN with dueling head: numTensors flat, loss finite', () => {
    const config = small({
      network: { type: 'cnn', filters: 4, kernel: 3, hidden: 16 },
      dueling: true,
    });
    const agent = new DqnAgent(config, [2, 6, 5], 3);
    randomFill(agent, 100);
    agent.trainStep();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) expect(Number.isFinite(agent.trainStep())).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    agent.dispose();
  });

  it('same seed, same losses and actions; another seed, other losses', () => {
    const a = lossesOf(small({ seed: 3 }), 20);
    const b = lossesOf(small({ seed: 3 }), 20);
    const c = lossesOf(small({ seed: 4 }), 20);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const actions = (seed: number) => {
      const agent = new DqnAgent(small({ seed }), [4], 3);
      const out = Array.from(agent.actBatch(new Float32Array(4 * 50).fill(0.3), 50, 0.5));
      agent.dispose();
      return out;
    };
    expect(actions(9)).toEqual(actions(9));
  });

  it('computes the TD target with the target net (Double DQN: online argmax, target value)', () => {
    for (const double of [true, false]) {
      const config = small({
        double,
        lr: 1e-12,
        gamma: 0.9,
        maxGradNorm: null,
        seed: 5,
        targetUpdate: { kind: 'hard', every: 1_000_000 },
      });
      const agent = new DqnAgent(config, [4], 3);
      randomFill(agent, 100);
      // Make the target net differ from the online net.
      const other = new DqnAgent(small({ seed: 77 }), [4], 3);
      agent.target.softUpdateFrom(other.online, 0.7);
      other.dispose();
      let batch: ReplayBatch | null = null;
      const sample = agent.replay.sample.bind(agent.replay);
      agent.replay.sample = (n, rng) => {
        const b = sample(n, rng);
        batch = {
          ...b,
          observations: b.observations.slice(),
          nextObservations: b.nextObservations.slice(),
        };
        return b;
      };
      const loss = agent.trainStep()!;
      const b = batch as unknown as ReplayBatch;
      const n = b.size;
      const rows = (data: Float32Array) => tf.tensor2d(data, [n, 4]);
      const q = tf.tidy(() => agent.online.forward(rows(b.observations))).arraySync() as number[][];
      const qNextOnline = tf
        .tidy(() => agent.online.forward(rows(b.nextObservations)))
        .arraySync() as number[][];
      const qNextTarget = tf
        .tidy(() => agent.target.forward(rows(b.nextObservations)))
        .arraySync() as number[][];
      const argmax = (r: number[]) => r.indexOf(Math.max(...r));
      let expected = 0;
      for (let i = 0; i < n; i++) {
        const next = double ? qNextTarget[i][argmax(qNextOnline[i])] : Math.max(...qNextTarget[i]);
        const y = b.rewards[i] + 0.9 * (1 - b.terminated[i]) * next;
        const d = Math.abs(q[i][b.actions[i]] - y);
        expected += d <= 1 ? 0.5 * d * d : d - 0.5;
        expect(b.discounts[i]).toBeCloseTo(0.9);
      }
      expect(loss).toBeCloseTo(expected / n, 4);
      agent.dispose();
    }
  });

  it('hard target update every K env steps; soft update moves by tau', () => {
    const agent = new DqnAgent(
      small({ targetUpdate: { kind: 'hard', every: 50 }, lr: 0.01 }),
      [4],
      3,
    );
    const w = (net: 'online' | 'target') => Array.from(agent[net].params.get('Wq')!.dataSync());
    randomFill(agent, 40);
    agent.trainStep();
    expect(w('target')).not.toEqual(w('online'));
    randomFill(agent, 10);
    agent.trainStep();
    expect(agent.counters.lastTargetSync).toBe(50);
    expect(w('target')).toEqual(w('online'));
    agent.dispose();
  });

  it('epsilon follows the schedule over env steps; act explores only with epsilon > 0', () => {
    const agent = new DqnAgent(small({ epsilon: { start: 1, end: 0.1, steps: 100 } }), [4], 3);
    expect(agent.epsilon).toBe(1);
    randomFill(agent, 50);
    expect(agent.epsilon).toBeCloseTo(0.55);
    const q = agent.qValues(new Float32Array([0.1, 0.2, 0.3, 0.4]));
    const best = q.indexOf(Math.max(...q));
    for (let i = 0; i < 20; i++)
      expect(agent.act(new Float32Array([0.1, 0.2, 0.3, 0.4]), 0)).toBe(best);
    agent.dispose();
  });

  it('rejects bad configs with a sentence', () => {
    expect(() => dqnConfig({ gamma: 1.5 })).toThrow(/gamma must be in \[0, 1\]/);
    expect(() => dqnConfig({ network: { type: 'mlp', hidden: [0] } })).toThrow(/network.hidden/);
    expect(() => dqnConfig({ targetUpdate: { kind: 'soft', tau: 2 } })).toThrow(/tau/);
  });
});

/** Observation = [step index]; truncated after 3 steps, never terminated. */
class Countdown implements Env<number> {
  readonly id = 'Countdown';
  readonly observationSpace = { kind: 'box' as const, shape: [1], low: [0], high: [10] };
  readonly actionSpace = { kind: 'discrete' as const, n: 2, meanings: ['a', 'b'] };
  private t = 0;
  reset() {
    this.t = 0;
    return { observation: new Float32Array([0]), info: {} };
  }
  step(): StepResult {
    this.t++;
    return {
      observation: new Float32Array([this.t]),
      reward: 1,
      terminated: false,
      truncated: this.t === 3,
      info: {},
    };
  }
  getState() {
    return this.t;
  }
  setState(s: number) {
    this.t = s;
  }
}

describe('DqnTrainLoop and time limits', () => {
  it("stores truncation as non-terminal, with the true last observation as s'", async () => {
    const agent = new DqnAgent(small({ learningStarts: 1000 }), [1], 2);
    const loop = new DqnTrainLoop(agent, () => new Countdown(), { numEnvs: 2 });
    const episodes: number[] = [];
    await loop.run(12, { onEpisode: (e) => episodes.push(e.length) });
    expect(episodes).toEqual([3, 3, 3, 3]);
    expect(agent.counters.episodes).toBe(4);
    const r = agent.replay;
    expect(r.size).toBe(12);
    expect(r.terminated.subarray(0, 12).every((v) => v === 0)).toBe(true);
    for (let i = 0; i < 12; i++) expect(r.nextObservations[i]).toBe(r.observations[i] + 1);
    agent.dispose();
  });
});

describe('n-step through the loop', () => {
  it('a new loop drops the unfinished n-step windows of the old one', async () => {
    const agent = new DqnAgent(small({ learningStarts: 1000, nStep: 3, gamma: 0.5 }), [1], 2);
    await new DqnTrainLoop(agent, () => new Countdown()).run(2);
    expect(agent.replay.size).toBe(0);
    await new DqnTrainLoop(agent, () => new Countdown()).run(3);
    expect(agent.replay.size).toBe(3);
    // Rewards 1 per step: 3-step return 1 + 0.5 + 0.25, then the shortened ones.
    expect(Array.from(agent.replay.rewards.subarray(0, 3))).toEqual([1.75, 1.5, 1]);
    expect(Array.from(agent.replay.discounts.subarray(0, 3))).toEqual([0.125, 0.25, 0.5]);
    agent.dispose();
  });
});

describe('presets', () => {
  it('every preset is a valid config and takes overrides', () => {
    for (const name of ['cartpole', 'catch', 'breakout', 'snake', 'gridworld'] as const) {
      expect(isDqnPresetName(name)).toBe(true);
      expect(dqnPreset(name, { seed: 3 }).seed).toBe(3);
    }
    expect(isDqnPresetName('pong')).toBe(false);
  });
});
