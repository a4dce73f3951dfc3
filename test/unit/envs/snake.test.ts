import { describe, expect, it } from 'vitest';
import { Snake, type SnakeState } from '../../../envs/snake';

// A 10x10 board: cell = row * 10 + col.
function setup(env: Snake, patch: Partial<SnakeState>) {
  env.reset({ seed: 0 });
  env.setState({ ...env.getState(), ...patch });
}

describe('Snake', () => {
  it('starts with length 3 heading right, food on a free cell', () => {
    const env = new Snake();
    const { observation } = env.reset({ seed: 2 });
    const s = env.getState();
    expect(s.body).toEqual([55, 54, 53]);
    expect(s.direction).toBe(1);
    expect(s.body).not.toContain(s.food);
    expect(observation.length).toBe(300);
    expect(observation[55]).toBe(1); // head
    expect(observation[100 + 54] + observation[100 + 53]).toBe(2); // body
    expect(observation[200 + s.food]).toBe(1); // food
  });

  it('grows by one and scores +1 on food, with new food elsewhere', () => {
    const env = new Snake();
    setup(env, { body: [55, 54, 53], direction: 1, food: 56 });
    const r = env.step(1);
    expect(r.reward).toBe(1);
    expect(r.terminated).toBe(false);
    const s = env.getState();
    expect(s.body).toEqual([56, 55, 54, 53]);
    expect(s.body).not.toContain(s.food);
    expect(s.food).toBeGreaterThanOrEqual(0);
    // An ordinary move keeps the length.
    const r2 = env.step(2);
    expect(r2.reward).toBe(0);
    expect(env.getState().body).toEqual([66, 56, 55, 54]);
  });

  it('dies with -1 on a wall', () => {
    const env = new Snake();
    setup(env, { body: [9, 8, 7], direction: 1, food: 50 });
    const r = env.step(1);
    expect(r.reward).toBe(-1);
    expect(r.terminated).toBe(true);
    expect(() => env.step(1)).toThrow(/Snake.*reset/);
    setup(env, { body: [5, 15, 25], direction: 0, food: 50 });
    expect(env.step(0).terminated).toBe(true);
  });

  it('dies with -1 on itself, but may follow its own tail', () => {
    const env = new Snake();
    // A hook: head 44, body 45, 55, 54, 53; turning down enters 54 (not the tail): death.
    setup(env, { body: [44, 45, 55, 54, 53], direction: 3, food: 0 });
    const r = env.step(2);
    expect(r.reward).toBe(-1);
    expect(r.terminated).toBe(true);
    expect(env.getState().body).toEqual([44, 45, 55, 54, 53]);
    // A square loop: head 44, 45, 55, 54 (tail). Moving down into 54 is safe: the tail leaves.
    setup(env, { body: [44, 45, 55, 54], direction: 3, food: 0 });
    const r2 = env.step(2);
    expect(r2.terminated).toBe(false);
    expect(env.getState().body).toEqual([54, 44, 45, 55]);
  });

  it('treats a reversal as going straight on', () => {
    const env = new Snake();
    setup(env, { body: [55, 54, 53], direction: 1, food: 0 });
    const r = env.step(3);
    expect(r.terminated).toBe(false);
    expect(env.getState().body).toEqual([56, 55, 54]);
  });

  it('with sticky actions keeps its heading on a sticky step, and without them draws nothing', () => {
    const always = new Snake({ stickyActionProb: 1 });
    setup(always, { body: [55, 54, 53], direction: 1, food: 0 });
    always.step(0); // asked to go up: the sticky step goes on right
    expect(always.getState().body[0]).toBe(56);
    expect(always.getState().direction).toBe(1);
    // Off (the default): the same seed gives the same food sequence as before sticky existed.
    const a = new Snake();
    const b = new Snake({ stickyActionProb: 0 });
    a.reset({ seed: 3 });
    b.reset({ seed: 3 });
    for (const action of [1, 1, 0, 0, 3, 3, 2]) expect(a.step(action)).toEqual(b.step(action));
    // A share of steps sticks: about 30 of 100 at 0.3 (binomial, seeded).
    const some = new Snake({ stickyActionProb: 0.3, maxStepsWithoutFood: 1000 });
    let stuck = 0;
    for (let i = 0; i < 100; i++) {
      some.reset({ seed: i }); // heading right; each seed its own draw
      some.step(0);
      if (some.getState().direction === 1) stuck++;
    }
    expect(stuck).toBeGreaterThan(15);
    expect(stuck).toBeLessThan(45);
    expect(() => new Snake({ stickyActionProb: 1.5 })).toThrow(
      /stickyActionProb must be in \[0, 1\]/,
    );
  });

  it('truncates after maxStepsWithoutFood steps without food', () => {
    const env = new Snake({ maxStepsWithoutFood: 4 });
    setup(env, { body: [55, 54, 53], direction: 1, food: 0 });
    const actions = [0, 1, 2, 3];
    let r = env.step(actions[0]);
    for (let i = 1; i < 4; i++) {
      expect(r.truncated).toBe(false);
      r = env.step(actions[i]);
    }
    expect(r.truncated).toBe(true);
    expect(r.terminated).toBe(false);
  });

  it('wins when the board is full', () => {
    const env = new Snake({ height: 2, width: 4 });
    // 2x4 board: cells 0..7. The snake fills all but cell 4; its head 0 moves down into it.
    env.reset({ seed: 0 });
    env.setState({ ...env.getState(), body: [0, 1, 2, 3, 7, 6, 5], direction: 3, food: 4 });
    const r = env.step(2);
    expect(r.reward).toBe(1);
    expect(r.terminated).toBe(true);
    expect(env.getState().food).toBe(-1);
  });
});
