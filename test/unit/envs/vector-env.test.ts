import { describe, expect, it } from 'vitest';
import { CartPole } from '../../../envs/cartpole';
import { Catch } from '../../../envs/catch';
import { VectorEnv } from '../../../envs/vector-env';

describe('VectorEnv', () => {
  it('seeds copy i with seed + i', () => {
    const vec = new VectorEnv(() => new CartPole(), 3);
    const { observations } = vec.reset({ seed: 10 });
    expect(observations.length).toBe(12);
    for (let i = 0; i < 3; i++) {
      const single = new CartPole().reset({ seed: 10 + i }).observation;
      expect(Array.from(observations.subarray(i * 4, i * 4 + 4))).toEqual(Array.from(single));
    }
  });

  it('auto-resets in the same step, keeping the final observation and the episode stats', () => {
    // Catch episodes last exactly 9 steps: every copy ends together at step 9.
    const vec = new VectorEnv(() => new Catch(), 4);
    vec.reset({ seed: 0 });
    const refs = [0, 1, 2, 3].map((i) => {
      const env = new Catch();
      env.reset({ seed: i });
      return env;
    });
    const actions = [0, 1, 2, 1];
    for (let t = 1; t <= 9; t++) {
      const r = vec.step(actions);
      const expected = refs.map((env, i) => env.step(actions[i]));
      if (t < 9) {
        expect(r.episodes).toEqual([]);
        expect(r.finalObservations.every((o) => o === null)).toBe(true);
        continue;
      }
      expect(Array.from(r.terminated)).toEqual([1, 1, 1, 1]);
      expect(Array.from(r.truncated)).toEqual([0, 0, 0, 0]);
      for (let i = 0; i < 4; i++) {
        // The true last observation is kept...
        expect(Array.from(r.finalObservations[i]!)).toEqual(Array.from(expected[i].observation));
        expect(r.rewards[i]).toBe(expected[i].reward);
        // ...and the row now holds a fresh episode's first observation (ball in row 0).
        const row = r.observations.subarray(i * 50, i * 50 + 50);
        expect(row.subarray(0, 5).reduce((a, b) => a + b, 0)).toBe(1);
        expect(row[45 + 2]).toBe(1);
        expect(vec.envs[i].getState()).toMatchObject({ ballY: 0, done: false });
      }
      expect(r.episodes.map((e) => e.index)).toEqual([0, 1, 2, 3]);
      for (const e of r.episodes) {
        expect(e.length).toBe(9);
        expect(e.return).toBe(expected[e.index].reward);
        expect(e.terminated).toBe(true);
      }
    }
    // The next episode counts from zero again.
    for (let t = 0; t < 8; t++) expect(vec.step(actions).episodes).toEqual([]);
    expect(vec.step(actions).episodes.every((e) => e.length === 9)).toBe(true);
  });

  it('sums CartPole returns per copy across auto-resets', () => {
    const vec = new VectorEnv(() => new CartPole(), 2);
    vec.reset({ seed: 1 });
    let finished = 0;
    for (let t = 0; t < 300; t++) {
      const r = vec.step([t % 2, 1]);
      for (const e of r.episodes) {
        expect(e.return).toBe(e.length); // reward 1 per step
        expect(r.finalObservations[e.index]).not.toBeNull();
        finished += 1;
      }
    }
    expect(finished).toBeGreaterThan(2);
  });

  it('rejects a wrong number of actions and bad counts', () => {
    const vec = new VectorEnv(() => new Catch(), 2);
    vec.reset({ seed: 0 });
    expect(() => vec.step([0])).toThrow(/expected 2 actions/);
    expect(() => vec.step(new Int32Array([0, 5]))).toThrow(/Catch: invalid action 5/);
    expect(() => new VectorEnv(() => new Catch(), 0)).toThrow(/positive integer/);
  });
});
