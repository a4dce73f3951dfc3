import { describe, expect, it } from 'vitest';
import { Breakout, type BreakoutState } from '../../../envs/breakout';

const empty = () => new Array<number>(100).fill(0);

function setup(env: Breakout, patch: Partial<BreakoutState>) {
  env.reset({ seed: 0 });
  env.setState({ ...env.getState(), ...patch });
}

describe('MinAtar Breakout', () => {
  it('starts as MinAtar does', () => {
    const env = new Breakout();
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const { observation } = env.reset({ seed });
      const s = env.getState();
      expect(s.ballY).toBe(3);
      expect(s.pos).toBe(4);
      seen.add(`${s.ballX},${s.ballDir}`);
      expect(env.brickCount()).toBe(30);
      expect(observation.length).toBe(400);
      // brick channel: rows 1..3 full
      for (let i = 0; i < 100; i++) {
        expect(observation[300 + i]).toBe(i >= 10 && i < 40 ? 1 : 0);
      }
      expect(observation[90 + 4]).toBe(1); // paddle channel
    }
    expect(seen).toEqual(new Set(['0,2', '9,3']));
  });

  it('breaks a brick for +1 and bounces back', () => {
    const env = new Breakout();
    const bricks = empty();
    bricks[3 * 10 + 5] = 1;
    // Ball at (4, 4) going up-right (dir 1) hits the brick at (3, 5).
    setup(env, { ballX: 4, ballY: 4, ballDir: 1, bricks, strike: false });
    const r = env.step(0);
    expect(r.reward).toBe(1);
    const s = env.getState();
    expect(s.bricks[35]).toBe(0);
    expect(s.ballDir).toBe(2); // reflected: now down-right
    expect(s.ballY).toBe(4); // stays in its row
    expect(s.ballX).toBe(5);
    expect(s.strike).toBe(true);
  });

  it('reflects off the side walls and the ceiling', () => {
    const env = new Breakout();
    setup(env, { ballX: 0, ballY: 5, ballDir: 0, bricks: empty() });
    env.step(0);
    expect(env.getState()).toMatchObject({ ballX: 0, ballY: 4, ballDir: 1 });
    setup(env, { ballX: 3, ballY: 0, ballDir: 1, bricks: empty() });
    env.step(0);
    expect(env.getState()).toMatchObject({ ballX: 4, ballY: 0, ballDir: 2 });
  });

  it('bounces off the paddle straight back or to the other side', () => {
    const env = new Breakout();
    // Ball above the paddle: reflected up, same horizontal direction.
    setup(env, { ballX: 4, ballY: 8, ballDir: 2, pos: 4, bricks: empty() });
    let r = env.step(0);
    expect(r.terminated).toBe(false);
    expect(env.getState()).toMatchObject({ ballX: 5, ballY: 8, ballDir: 1 });
    // Ball lands on the paddle's cell diagonally: sent back the way it came.
    setup(env, { ballX: 3, ballY: 8, ballDir: 2, pos: 4, bricks: empty() });
    r = env.step(0);
    expect(r.terminated).toBe(false);
    expect(env.getState()).toMatchObject({ ballX: 4, ballY: 8, ballDir: 0 });
  });

  it('ends the episode when the ball passes the paddle', () => {
    const env = new Breakout();
    setup(env, { ballX: 1, ballY: 8, ballDir: 2, pos: 7, bricks: empty() });
    const r = env.step(0);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(0);
    expect(env.getState().ballY).toBe(9);
    expect(() => env.step(0)).toThrow(/MinAtar\/Breakout.*reset/);
  });

  it('builds a new wall once every brick is gone', () => {
    const env = new Breakout();
    setup(env, { ballX: 4, ballY: 8, ballDir: 2, pos: 4, bricks: empty() });
    env.step(0);
    expect(env.brickCount()).toBe(30);
  });

  it('moves the paddle with actions 1 (left) and 2 (right), clipped', () => {
    const env = new Breakout();
    setup(env, { pos: 0 });
    env.step(1);
    expect(env.getState().pos).toBe(0);
    env.step(2);
    expect(env.getState().pos).toBe(1);
  });

  it('truncates at maxSteps and repeats actions when sticky', () => {
    const env = new Breakout({ maxSteps: 3 });
    env.reset({ seed: 0 });
    expect(env.step(0).truncated).toBe(false);
    expect(env.step(0).truncated).toBe(false);
    expect(env.step(0).truncated).toBe(true);
    const sticky = new Breakout({ stickyActionProb: 1 });
    sticky.reset({ seed: 0 });
    sticky.step(2); // last action starts as 0: sticky repeats the no-op
    expect(sticky.getState().pos).toBe(4);
  });
});
