import { describe, expect, it } from 'vitest';
import { Catch } from '../../../envs/catch';

/** Plays one episode steering toward (or away from) the ball. */
function play(env: Catch, seed: number, chase: boolean) {
  env.reset({ seed });
  const steps: { reward: number; terminated: boolean }[] = [];
  for (;;) {
    const { ballX, paddleX } = env.getState();
    const toward = ballX < paddleX ? 0 : ballX > paddleX ? 2 : 1;
    const away = paddleX > 0 ? 0 : 2;
    const r = env.step(chase ? toward : ballX === paddleX ? away : 1);
    steps.push(r);
    if (r.terminated) return steps;
  }
}

describe('Catch (bsuite)', () => {
  it('starts with the ball in row 0 and the paddle mid bottom row', () => {
    const env = new Catch();
    const { observation } = env.reset({ seed: 4 });
    expect(env.observationSpace.shape).toEqual([1, 10, 5]);
    expect(observation.length).toBe(50);
    const s = env.getState();
    expect(s.ballY).toBe(0);
    expect(s.paddleX).toBe(2);
    expect(observation[s.ballX]).toBe(1);
    expect(observation[9 * 5 + 2]).toBe(1);
    expect(observation.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('gives +1 for a catch after exactly 9 steps, 0 before', () => {
    for (let seed = 0; seed < 10; seed++) {
      const steps = play(new Catch(), seed, true);
      expect(steps.length).toBe(9);
      expect(steps.slice(0, 8).every((s) => s.reward === 0 && !s.terminated)).toBe(true);
      expect(steps[8].reward).toBe(1);
    }
  });

  it('gives -1 for a miss', () => {
    const steps = play(new Catch(), 7, false);
    expect(steps.length).toBe(9);
    expect(steps[8].reward).toBe(-1);
    expect(steps[8].terminated).toBe(true);
  });

  it('moves the paddle before the ball falls and clips it to the board', () => {
    const env = new Catch();
    env.reset({ seed: 1 });
    env.setState({ ...env.getState(), ballX: 0, ballY: 7, paddleX: 1 });
    let r = env.step(0); // paddle to 0, ball to row 8
    expect(env.getState().paddleX).toBe(0);
    expect(r.terminated).toBe(false);
    r = env.step(0); // clipped at 0; ball lands in row 9 on column 0: a catch
    expect(env.getState().paddleX).toBe(0);
    expect(r.reward).toBe(1);
    env.reset();
    env.setState({ ...env.getState(), paddleX: 4 });
    env.step(2);
    expect(env.getState().paddleX).toBe(4);
  });
});
