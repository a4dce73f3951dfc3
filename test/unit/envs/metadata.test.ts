import { describe, expect, it } from 'vitest';
import { Random } from '../../../envs/random';
import { ENV_INFO, ENV_NAMES, isEnvName, makeEnv } from '../../../envs/registry';

/** Plays `episodes` episodes with random actions: their lengths and every reward seen. */
function play(name: (typeof ENV_NAMES)[number], episodes: number) {
  const env = makeEnv(name);
  const rng = new Random(11);
  const lengths: number[] = [];
  const rewards = new Set<number>();
  for (let e = 0; e < episodes; e++) {
    env.reset({ seed: e });
    let steps = 0;
    for (;;) {
      const r = env.step(rng.int(env.actionSpace.n));
      steps += 1;
      rewards.add(r.reward);
      if (r.terminated || r.truncated) break;
    }
    lengths.push(steps);
  }
  return { lengths, rewards: [...rewards] };
}

describe.each(ENV_NAMES)('ENV_INFO.%s', (name) => {
  const info = ENV_INFO[name];
  it('says what a freshly made env says', () => {
    const env = makeEnv(name);
    expect(info.name).toBe(name);
    expect(env.id).toBe(info.id);
    expect(env.actionSpace.n).toBe(info.actions.length);
    expect(env.actionSpace.meanings).toEqual(info.actions);
    expect(env.observationSpace.shape).toEqual(info.observationShape);
    expect(info.title.length).toBeGreaterThan(0);
  });
  it('bounds the rewards and the episode length of random play', () => {
    const { lengths, rewards } = play(name, 30);
    const [lo, hi] = info.rewardRange;
    for (const r of rewards) {
      expect(r).toBeGreaterThanOrEqual(lo);
      expect(r).toBeLessThanOrEqual(hi);
    }
    for (const n of lengths) expect(n).toBeLessThanOrEqual(info.maxEpisodeSteps);
  });
});

describe('ENV_INFO limits', () => {
  it('are the time limits the envs enforce', () => {
    expect(makeEnv('cartpole').maxEpisodeSteps).toBe(ENV_INFO.cartpole.maxEpisodeSteps);
    expect(makeEnv('gridworld').maxSteps).toBe(ENV_INFO.gridworld.maxEpisodeSteps);
    expect(makeEnv('breakout').maxSteps).toBe(ENV_INFO.breakout.maxEpisodeSteps);
    expect(play('catch', 5).lengths).toEqual(Array(5).fill(ENV_INFO.catch.maxEpisodeSteps));
  });
  it('names exactly the registered envs', () => {
    expect(Object.keys(ENV_INFO).sort()).toEqual([...ENV_NAMES].sort());
    expect(isEnvName('cartpole')).toBe(true);
    expect(isEnvName('pong')).toBe(false);
  });
});
