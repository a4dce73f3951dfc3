import { describe, expect, it } from 'vitest';
import { Random } from '../../../envs/random';
import { ENV_NAMES, makeEnv } from '../../../envs/registry';
import { boxContains } from '../../../envs/spaces';
import type { Env } from '../../../envs/types';

interface Step {
  obs: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

/** Random actions from a seeded generator, resetting at each episode end. */
function rollout(env: Env, actionRng: Random, steps: number): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < steps; i++) {
    const r = env.step(actionRng.int(env.actionSpace.n));
    out.push({
      obs: Array.from(r.observation),
      reward: r.reward,
      terminated: r.terminated,
      truncated: r.truncated,
    });
    if (r.terminated || r.truncated) env.reset();
  }
  return out;
}

describe.each(ENV_NAMES)('%s: the Env contract', (name) => {
  it('declares spaces that match its observations', () => {
    const env = makeEnv(name);
    const { observation } = env.reset({ seed: 0 });
    const size = env.observationSpace.shape.reduce((a, b) => a * b, 1);
    expect(observation).toBeInstanceOf(Float32Array);
    expect(observation.length).toBe(size);
    expect(env.actionSpace.meanings.length).toBe(env.actionSpace.n);
    expect(env.observationSpace.low).toHaveLength(size);
    expect(env.observationSpace.high).toHaveLength(size);
  });

  it('keeps every observation inside its per-element bounds', () => {
    const env = makeEnv(name);
    const first = env.reset({ seed: 3 }).observation;
    expect(boxContains(env.observationSpace, first)).toBe(true);
    for (const s of rollout(env, new Random(5), 3000)) {
      expect(boxContains(env.observationSpace, s.obs)).toBe(true);
    }
  });

  it('replays the same trajectory for the same seed', () => {
    const a = makeEnv(name);
    const b = makeEnv(name);
    a.reset({ seed: 42 });
    b.reset({ seed: 42 });
    expect(rollout(a, new Random(1), 600)).toEqual(rollout(b, new Random(1), 600));
  });

  it('replays exactly from a snapshot, through JSON too', () => {
    const env = makeEnv(name);
    env.reset({ seed: 7 });
    rollout(env, new Random(3), 37);
    const snap = JSON.parse(JSON.stringify(env.getState()));
    const first = rollout(env, new Random(9), 400);
    const other = makeEnv(name);
    other.setState(snap);
    expect(rollout(other, new Random(9), 400)).toEqual(first);
    env.setState(snap);
    expect(rollout(env, new Random(9), 400)).toEqual(first);
  });

  it('throws clear errors for bad actions', () => {
    const env = makeEnv(name);
    env.reset({ seed: 0 });
    const n = env.actionSpace.n;
    for (const bad of [-1, n, 0.5, Number.NaN, Infinity]) {
      expect(() => env.step(bad)).toThrow(new RegExp(`${env.id}.*invalid action`));
    }
    expect(() => env.step('1' as unknown as number)).toThrow(/invalid action/);
  });

  it('throws when stepped before reset or after the end', () => {
    const env = makeEnv(name);
    expect(() => env.step(0)).toThrow(/reset/);
    env.reset({ seed: 0 });
    let ended = false;
    const rng = new Random(0);
    for (let i = 0; i < 20000 && !ended; i++) {
      const r = env.step(rng.int(env.actionSpace.n));
      ended = r.terminated || r.truncated;
    }
    expect(ended).toBe(true);
    expect(() => env.step(0)).toThrow(new RegExp(`${env.id}.*reset`));
    expect(() => env.reset()).not.toThrow();
  });

  it('rejects malformed snapshots', () => {
    const env: Env = makeEnv(name);
    env.reset({ seed: 0 });
    const good = env.getState() as Record<string, unknown>;
    expect(() => env.setState(null)).toThrow(/state object/);
    expect(() => env.setState([1, 2])).toThrow(/state object/);
    expect(() => env.setState({ ...good, done: 'no' })).toThrow(/"done" must be a boolean/);
    expect(() => env.setState({ ...good, rng: -1 })).toThrow(/"rng"/);
    for (const key of Object.keys(good)) {
      const broken = { ...good };
      delete broken[key];
      expect(() => env.setState(broken), key).toThrow(new RegExp(`${env.id}: setState`));
    }
    // A failed setState leaves the env as it was.
    expect(env.getState()).toEqual(good);
  });
});

describe('makeEnv', () => {
  it('makes every named env and refuses unknown names', () => {
    expect(makeEnv('cartpole').id).toBe('CartPole-v1');
    expect(makeEnv('catch', { rows: 6 }).observationSpace.shape).toEqual([1, 6, 5]);
    expect(() => makeEnv('pong')).toThrow(/unknown env 'pong'.*gridworld, cartpole/);
  });
});

describe('Random', () => {
  it('is reproducible, restorable and spread over [0, 1)', () => {
    const a = new Random(5);
    const b = new Random(5);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const st = a.getState();
    const next = a.next();
    b.setState(st);
    expect(b.next()).toBe(next);
    expect(new Random(0).next()).not.toBe(new Random(1).next());
    expect(() => b.setState(1.5)).toThrow(/unsigned 32-bit/);
    expect(() => new Random(0.5)).toThrow(/safe integer/);
  });
});
