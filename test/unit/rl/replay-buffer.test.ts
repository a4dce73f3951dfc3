import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/nn/rng';
import { NStepAccumulator, type StepTransition } from '../../../src/rl/n-step';
import { ReplayBuffer } from '../../../src/rl/replay-buffer';
import { LinearSchedule } from '../../../src/rl/schedule';

const obs = (v: number, size = 2) => new Float32Array(size).fill(v);

function fill(buffer: ReplayBuffer, count: number): void {
  for (let i = 0; i < count; i++) {
    buffer.add({
      observation: obs(i),
      action: i % 3,
      reward: i * 10,
      nextObservation: obs(i + 0.5),
      terminated: i % 4 === 0,
      discount: 0.9,
    });
  }
}

describe('ReplayBuffer', () => {
  it('grows to capacity, then overwrites the oldest (wrap-around)', () => {
    const b = new ReplayBuffer(5, 2);
    fill(b, 3);
    expect(b.size).toBe(3);
    fill(b, 0);
    for (let i = 3; i < 8; i++)
      b.add({
        observation: obs(i),
        action: i % 3,
        reward: i * 10,
        nextObservation: obs(i + 0.5),
        terminated: false,
        discount: 0.9,
      });
    expect(b.size).toBe(5);
    expect(b.capacity).toBe(5);
    // Slots 0..2 were overwritten by transitions 5, 6, 7; slots 3, 4 hold 3, 4.
    expect([...b.rewards]).toEqual([50, 60, 70, 30, 40]);
    expect([...b.observations]).toEqual([5, 5, 6, 6, 7, 7, 3, 3, 4, 4]);
    expect([...b.nextObservations.subarray(0, 2)]).toEqual([5.5, 5.5]);
    expect([...b.actions]).toEqual([2, 0, 1, 0, 1]);
  });

  it('samples uniformly: rows match their slots, same seed gives the same batch', () => {
    const b = new ReplayBuffer(100, 2);
    fill(b, 150);
    const batch = b.sample(64, new Rng(7));
    for (let k = 0; k < 64; k++) {
      const i = batch.indices[k];
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(100);
      expect(batch.observations[k * 2]).toBe(b.observations[i * 2]);
      expect(batch.nextObservations[k * 2 + 1]).toBe(b.nextObservations[i * 2 + 1]);
      expect(batch.actions[k]).toBe(b.actions[i]);
      expect(batch.rewards[k]).toBe(b.rewards[i]);
      expect(batch.terminated[k]).toBe(b.terminated[i]);
      expect(batch.discounts[k]).toBeCloseTo(0.9);
    }
    const first = Array.from(batch.indices);
    const again = b.sample(64, new Rng(7));
    expect(again).toBe(batch); // arrays are reused
    expect(Array.from(again.indices)).toEqual(first);
    expect(Array.from(b.sample(64, new Rng(8)).indices)).not.toEqual(first);
  });

  it('only samples filled slots, and covers all of them', () => {
    const b = new ReplayBuffer(50, 1);
    fill(b, 0);
    for (let i = 0; i < 10; i++)
      b.add({
        observation: obs(i, 1),
        action: 0,
        reward: 0,
        nextObservation: obs(i, 1),
        terminated: false,
        discount: 1,
      });
    const seen = new Set<number>();
    const rng = new Rng(1);
    for (let r = 0; r < 50; r++) for (const i of b.sample(16, rng).indices) seen.add(i);
    expect([...seen].sort((a, c) => a - c)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects wrong observation sizes and empty sampling', () => {
    const b = new ReplayBuffer(4, 3);
    expect(() => b.sample(2, new Rng(0))).toThrow(/empty/);
    expect(() =>
      b.add({
        observation: obs(0, 2),
        action: 0,
        reward: 0,
        nextObservation: obs(0, 3),
        terminated: false,
        discount: 1,
      }),
    ).toThrow(/3 values/);
  });
});

function step(
  i: number,
  reward: number,
  end: '' | 'terminated' | 'truncated' = '',
): StepTransition {
  return {
    observation: obs(i, 1),
    action: i,
    reward,
    nextObservation: obs(i + 1, 1),
    terminated: end === 'terminated',
    truncated: end === 'truncated',
  };
}

describe('n-step returns', () => {
  const g = 0.5;
  it('emits an n-step transition once n steps are in, with gamma^n', () => {
    const acc = new NStepAccumulator(3, g);
    expect(acc.push(step(0, 1))).toEqual([]);
    expect(acc.push(step(1, 2))).toEqual([]);
    const [t] = acc.push(step(2, 4));
    expect(t.observation[0]).toBe(0);
    expect(t.action).toBe(0);
    expect(t.reward).toBeCloseTo(1 + g * 2 + g * g * 4);
    expect(t.nextObservation[0]).toBe(3);
    expect(t.terminated).toBe(false);
    expect(t.discount).toBeCloseTo(g ** 3);
    const [u] = acc.push(step(3, 8));
    expect(u.action).toBe(1);
    expect(u.reward).toBeCloseTo(2 + g * 4 + g * g * 8);
  });

  it('flushes every pending step at termination, none bootstrapping', () => {
    const acc = new NStepAccumulator(3, g);
    acc.push(step(0, 1));
    acc.push(step(1, 2));
    const out = acc.push(step(2, 4, 'terminated'));
    expect(out.map((t) => t.action)).toEqual([0, 1, 2]);
    expect(out.map((t) => t.reward)).toEqual([1 + g * 2 + g * g * 4, 2 + g * 4, 4]);
    expect(out.every((t) => t.terminated)).toBe(true);
    expect(out.every((t) => t.nextObservation[0] === 3)).toBe(true);
    expect(acc.pendingCount).toBe(0);
  });

  it('flushes at truncation, bootstrapping each with gamma^k of its own k', () => {
    const acc = new NStepAccumulator(4, g);
    acc.push(step(0, 1));
    const out = acc.push(step(1, 2, 'truncated'));
    expect(out).toHaveLength(2);
    expect(out[0].reward).toBeCloseTo(1 + g * 2);
    expect(out[0].discount).toBeCloseTo(g * g);
    expect(out[1].reward).toBeCloseTo(2);
    expect(out[1].discount).toBeCloseTo(g);
    expect(out.some((t) => t.terminated)).toBe(false);
    expect(out[0].nextObservation[0]).toBe(2);
  });

  it('copies observations, so callers may reuse their arrays', () => {
    const acc = new NStepAccumulator(2, g);
    const o = obs(1, 1);
    acc.push({ ...step(0, 0), observation: o });
    o[0] = 99;
    const [t] = acc.push(step(1, 0));
    expect(t.observation[0]).toBe(1);
  });

  it('n = 1 is the one-step transition', () => {
    const [t] = new NStepAccumulator(1, 0.9).push(step(5, 3));
    expect(t.reward).toBe(3);
    expect(t.discount).toBeCloseTo(0.9);
  });
});

describe('LinearSchedule', () => {
  it('anneals linearly, then holds', () => {
    const s = new LinearSchedule({ start: 1, end: 0.1, steps: 100 });
    expect(s.value(0)).toBe(1);
    expect(s.value(50)).toBeCloseTo(0.55);
    expect(s.value(100)).toBeCloseTo(0.1);
    expect(s.value(1e6)).toBeCloseTo(0.1);
    expect(s.value(-5)).toBe(1);
    expect(new LinearSchedule({ start: 1, end: 0.2, steps: 0 }).value(0)).toBe(0.2);
    expect(new LinearSchedule({ start: 0.001, end: 0.01, steps: 10 }).value(5)).toBeCloseTo(0.0055);
  });

  it('rejects bad settings', () => {
    expect(() => new LinearSchedule({ start: Number.NaN, end: 0, steps: 1 })).toThrow(/finite/);
    expect(() => new LinearSchedule({ start: 1, end: 0, steps: -1 })).toThrow(/steps/);
  });
});
