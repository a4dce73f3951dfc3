/**
 * The agent worker's greedy episodes: "watch it play" paced at `fps` with a snapshot every
 * step, and evaluation one episode at a time (so stop and other messages get in), both on
 * src/rl's rollout and evaluate: the same episodes and returns as `rl eval`.
 */
import type { RunControl } from '../src/nn/run-control';
import {
  type Actor,
  EVAL_MAX_STEPS,
  evaluate,
  randomPolicyReturn,
  rolloutEpisodes,
  summariseReturns,
} from '../src/rl/evaluate';
import { type TabularEnv, tabularActor } from '../src/rl/tabular';
import { DqnTrainLoop } from '../src/rl/train-loop';
import type { AgentEvent, EvalSummary } from './agent-api';
import { type CurrentAgent, sendSnapshot, sleep } from './agent-run';
import type { EventChannel } from './kit/events';

function summary(returns: number[], lengths: number[], seed: number, stopped: boolean) {
  const { mean, std } = summariseReturns(returns, lengths);
  return { episodes: returns.length, seed, mean, std, returns, lengths, stopped };
}

/** The greedy actor of the current agent (what `rl eval` plays). */
export function actorOf(c: CurrentAgent): Actor {
  return c.loop instanceof DqnTrainLoop ? c.loop.agent : tabularActor(c.loop.agent);
}

/** Play `episodes` greedy episodes (episode k reset with seed + k) at `fps` frames a second. */
export async function playPaced(
  c: CurrentAgent,
  episodes: number,
  seed: number,
  fps: number,
  control: RunControl,
  events: EventChannel<AgentEvent>,
): Promise<EvalSummary> {
  const env = c.makeEnv(0);
  const loop = c.loop;
  const qOf = (obs: Float32Array): Float32Array => {
    if (loop instanceof DqnTrainLoop) return loop.agent.qValues(obs);
    const s = (env as TabularEnv).stateIndex;
    const k = loop.agent.numActions;
    return loop.agent.q.slice(s * k, (s + 1) * k);
  };
  let q: Float32Array = new Float32Array(0);
  // Greedy on the Q-values shown, lowest index on ties (no draw from the agent's generator).
  const policy = () => q.reduce((best, v, a) => (v > q[best] ? a : best), 0);
  const returns: number[] = [];
  const lengths: number[] = [];
  const frameMs = 1000 / fps;
  let next = performance.now();
  const frames = rolloutEpisodes(env, policy, { episodes, seed, maxSteps: EVAL_MAX_STEPS });
  for (const { episode, frame } of frames) {
    if (control.stopped) break;
    // Every frame after an episode's first waits for its turn (the first follows at once).
    if (frame.t > 0) {
      next += frameMs;
      await sleep(Math.max(0, next - performance.now()));
      if (!(await control.checkpoint())) break;
    }
    const done = frame.terminated || frame.truncated;
    if (!done) q = qOf(frame.observation);
    const shown = { episode: episode + 1, step: frame.t, episodeReturn: frame.total, done };
    sendSnapshot(c, events, 'play', env.getState(), shown, done ? null : q.slice());
    if (!done) continue;
    const { total, t, terminated, truncated } = frame;
    returns.push(total);
    lengths.push(t);
    void events.send({
      type: 'episodes',
      episodes: [
        {
          episode: episode + 1,
          envIndex: 0,
          return: total,
          length: t,
          terminated,
          truncated,
          steps: t,
        },
      ],
    });
    if (performance.now() > next + 1000) next = performance.now();
  }
  return summary(returns, lengths, seed, control.stopped);
}

/** Greedy (actor) or random (null) episodes, yielding between greedy ones. */
export async function evaluatePaced(
  c: CurrentAgent,
  actor: Actor | null,
  episodes: number,
  seed: number,
  control: RunControl,
): Promise<EvalSummary> {
  if (actor === null) {
    // The random policy draws from one generator across episodes: keep it in one call.
    const r = randomPolicyReturn(c.makeEnv, episodes, seed, { maxSteps: EVAL_MAX_STEPS });
    return summary(r.returns, r.lengths, seed, false);
  }
  const returns: number[] = [];
  const lengths: number[] = [];
  let last = performance.now();
  for (let k = 0; k < episodes && !control.stopped; k++) {
    // evaluate() resets episode k with seed + k: one episode at a time gives the same
    // returns as `rl eval` (greedy: no random draws) without blocking the message loop.
    const r = evaluate(actor, c.makeEnv, 1, seed + k, { maxSteps: EVAL_MAX_STEPS });
    returns.push(r.returns[0]);
    lengths.push(r.lengths[0]);
    if (performance.now() - last > 30) {
      await sleep(0);
      last = performance.now();
    }
  }
  return summary(returns, lengths, seed, control.stopped);
}
