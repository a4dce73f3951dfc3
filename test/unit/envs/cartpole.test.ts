import { describe, expect, it } from 'vitest';
import { CartPole, type CartPoleState } from '../../../envs/cartpole';

/** Gymnasium's CartPole step written out by hand (Euler), independent of the class. */
function handStep(s: { x: number; xDot: number; theta: number; thetaDot: number }, action: number) {
  const gravity = 9.8;
  const masscart = 1.0;
  const masspole = 0.1;
  const totalMass = masspole + masscart;
  const length = 0.5;
  const polemassLength = masspole * length;
  const force = action === 1 ? 10.0 : -10.0;
  const tau = 0.02;
  const cos = Math.cos(s.theta);
  const sin = Math.sin(s.theta);
  const temp = (force + polemassLength * s.thetaDot * s.thetaDot * sin) / totalMass;
  const thetaacc =
    (gravity * sin - cos * temp) / (length * (4.0 / 3.0 - (masspole * cos * cos) / totalMass));
  const xacc = temp - (polemassLength * thetaacc * cos) / totalMass;
  return {
    x: s.x + tau * s.xDot,
    xDot: s.xDot + tau * xacc,
    theta: s.theta + tau * s.thetaDot,
    thetaDot: s.thetaDot + tau * thetaacc,
  };
}

function setPhysical(env: CartPole, x: number, xDot: number, theta: number, thetaDot: number) {
  env.reset({ seed: 0 });
  env.setState({ ...env.getState(), x, xDot, theta, thetaDot, steps: 0, done: false });
}

describe('CartPole-v1', () => {
  it('has Gymnasium constants', () => {
    const env = new CartPole();
    expect(env.gravity).toBe(9.8);
    expect(env.masscart).toBe(1.0);
    expect(env.masspole).toBe(0.1);
    expect(env.length).toBe(0.5);
    expect(env.forceMag).toBe(10.0);
    expect(env.tau).toBe(0.02);
    expect(env.thetaThresholdRadians).toBeCloseTo(0.20943951, 8);
    expect(env.xThreshold).toBe(2.4);
    expect(env.maxEpisodeSteps).toBe(500);
    expect(env.actionSpace.n).toBe(2);
    expect(env.observationSpace.shape).toEqual([4]);
  });

  it("bounds each observation element as Gymnasium's Box does", () => {
    const { low, high } = new CartPole().observationSpace;
    const f = Math.fround;
    expect(high).toEqual([f(4.8), Infinity, f((24 * Math.PI) / 180), Infinity]);
    expect(low).toEqual(high.map((h) => -h));
    expect(high[2]).toBeCloseTo(0.418879, 6);
  });

  it('follows the Euler equations exactly for two steps', () => {
    const env = new CartPole();
    setPhysical(env, 0.01, -0.02, 0.03, 0.04);
    let s = { x: 0.01, xDot: -0.02, theta: 0.03, thetaDot: 0.04 };
    for (const action of [1, 0]) {
      s = handStep(s, action);
      const r = env.step(action);
      const st = env.getState();
      expect(st.x).toBe(s.x);
      expect(st.xDot).toBe(s.xDot);
      expect(st.theta).toBe(s.theta);
      expect(st.thetaDot).toBe(s.thetaDot);
      expect(Array.from(r.observation)).toEqual(
        Array.from(new Float32Array([s.x, s.xDot, s.theta, s.thetaDot])),
      );
      expect(r.reward).toBe(1);
      expect(r.terminated).toBe(false);
    }
  });

  it('matches numbers worked out by hand from the zero state', () => {
    // theta = 0: sin 0 = 0, cos 0 = 1. Push right (F = 10):
    // temp = 10 / 1.1 = 9.0909..., thetaacc = (0 - 9.0909) / (0.5 * (4/3 - 0.1/1.1)) = -14.634...
    // xacc = 9.0909 - 0.05 * (-14.634) / 1.1 = 9.7561...; positions keep the old velocities.
    const env = new CartPole();
    setPhysical(env, 0, 0, 0, 0);
    env.step(1);
    const s = env.getState();
    expect(s.x).toBe(0);
    expect(s.theta).toBe(0);
    expect(s.xDot).toBeCloseTo(0.02 * 9.756097560975, 10);
    expect(s.thetaDot).toBeCloseTo(0.02 * -14.634146341463, 10);
    env.step(1);
    expect(env.getState().x).toBeCloseTo(0.02 * 0.02 * 9.756097560975, 12);
  });

  it('terminates past ±12° and ±2.4 with reward 1 on the last step', () => {
    const env = new CartPole();
    const thr = (12 * 2 * Math.PI) / 360;
    // theta moves by tau * thetaDot = 0.002 on this step: from just inside to just outside.
    setPhysical(env, 0, 0, thr - 0.001, 0.1);
    let r = env.step(1);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(1);
    setPhysical(env, 0, 0, -thr + 0.001, -0.1);
    expect(env.step(0).terminated).toBe(true);
    setPhysical(env, 0, 0, thr - 0.01, 0.1);
    expect(env.step(1).terminated).toBe(false);
    setPhysical(env, 2.399, 0.1, 0, 0);
    r = env.step(1);
    expect(r.terminated).toBe(true);
    setPhysical(env, -2.399, -0.1, 0, 0);
    expect(env.step(0).terminated).toBe(true);
    setPhysical(env, 2.39, 0.1, 0, 0);
    expect(env.step(0).terminated).toBe(false);
  });

  it('truncates at 500 steps', () => {
    const env = new CartPole();
    env.reset({ seed: 3 });
    const st: CartPoleState = {
      ...env.getState(),
      x: 0,
      xDot: 0,
      theta: 0,
      thetaDot: 0,
      steps: 498,
    };
    env.setState(st);
    expect(env.step(0).truncated).toBe(false);
    const r = env.step(1);
    expect(r.truncated).toBe(true);
    expect(r.terminated).toBe(false);
    expect(() => env.step(0)).toThrow(/reset/);
  });

  it('counts 500 steps in a balanced run', () => {
    const env = new CartPole({ seed: 1 });
    let obs = env.reset().observation;
    let n = 0;
    for (;;) {
      // A simple controller that keeps the pole up: push toward the lean.
      const r = env.step(obs[2] + 0.5 * obs[3] > 0 ? 1 : 0);
      obs = r.observation;
      n += 1;
      if (r.terminated || r.truncated) {
        expect(r.truncated).toBe(true);
        break;
      }
    }
    expect(n).toBe(500);
  });

  it('starts uniform in (-0.05, 0.05)', () => {
    const env = new CartPole();
    for (let seed = 0; seed < 50; seed++) {
      const { observation } = env.reset({ seed });
      for (const v of observation) expect(Math.abs(v)).toBeLessThan(0.05);
    }
  });
});
