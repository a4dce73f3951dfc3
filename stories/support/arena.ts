/**
 * Story helpers for the Arena: small hand-written policies that make the envs look played
 * (no learning involved), episodes run to a chosen step, a loop that animates a view, and
 * value iteration on a GridWorld layout for the value/arrow overlay.
 */
import type { Breakout, BreakoutState } from '../../envs/breakout';
import type { CartPole, CartPoleState } from '../../envs/cartpole';
import type { Catch, CatchState } from '../../envs/catch';
import { type CellKind, parseLayout } from '../../envs/gridworld';
import type { Snake, SnakeState } from '../../envs/snake';
import type { Env } from '../../envs/types';
import type { EpisodeInfo } from '../../src/ui/arena-math';
import { rng } from './mount';

/** A policy sees the env's snapshot and picks an action. */
export type Policy<S> = (state: S) => number;

/** CartPole: push toward where the pole leans, corrected for drift (keeps it up for 500 steps). */
export function cartPoleController(noise = 0, seed = 1): Policy<CartPoleState> {
  const u = rng(seed);
  return (s) => {
    if (noise > 0 && u() < noise) return u() < 0.5 ? 0 : 1;
    return s.theta + 0.5 * s.thetaDot + 0.02 * s.x + 0.1 * s.xDot > 0 ? 1 : 0;
  };
}

/** Catch: move under the ball, with a chance of a random move (so some balls are missed). */
export function catchPolicy(noise = 0.1, seed = 2): Policy<CatchState> {
  const u = rng(seed);
  return (s) => {
    if (u() < noise) return Math.floor(u() * 3);
    return s.ballX < s.paddleX ? 0 : s.ballX > s.paddleX ? 2 : 1;
  };
}

/** Breakout: move to where a falling ball reaches the row above the paddle (walls reflect it). */
export function breakoutPolicy(noise = 0, seed = 3): Policy<BreakoutState> {
  const u = rng(seed);
  return (s) => {
    if (u() < noise) return Math.floor(u() * 3);
    let target = s.ballX;
    if (s.ballDir === 2 || s.ballDir === 3) {
      let x = s.ballX;
      let dx = s.ballDir === 2 ? 1 : -1;
      for (let y = s.ballY; y < 8; y++) {
        let nx = x + dx;
        if (nx < 0 || nx > 9) {
          nx = Math.min(9, Math.max(0, nx));
          dx = -dx;
        }
        x = nx;
      }
      target = x;
    }
    return target < s.pos ? 1 : target > s.pos ? 2 : 0;
  };
}

const DR = [-1, 0, 1, 0];
const DC = [0, 1, 0, -1];

/** Snake: random but safe moves (never into a wall or the body when another move exists), drawn toward the food. */
export function snakePolicy(rows: number, cols: number, seed = 4): Policy<SnakeState> {
  const u = rng(seed);
  return (s) => {
    const head = s.body[0];
    const hr = Math.floor(head / cols);
    const hc = head % cols;
    const body = new Set(s.body.slice(0, -1)); // the tail moves away this step
    const safe: number[] = [];
    for (let a = 0; a < 4; a++) {
      if (a === (s.direction + 2) % 4) continue;
      const r = hr + DR[a];
      const c = hc + DC[a];
      if (r >= 0 && r < rows && c >= 0 && c < cols && !body.has(r * cols + c)) safe.push(a);
    }
    if (safe.length === 0) return s.direction;
    if (s.food >= 0 && u() < 0.7) {
      const fr = Math.floor(s.food / cols);
      const fc = s.food % cols;
      const toward = safe.filter(
        (a) =>
          (DR[a] !== 0 && Math.sign(fr - hr) === DR[a]) ||
          (DC[a] !== 0 && Math.sign(fc - hc) === DC[a]),
      );
      if (toward.length > 0) return toward[Math.floor(u() * toward.length)];
    }
    return safe[Math.floor(u() * safe.length)];
  };
}

/** The episode facts a view shows, kept while an episode runs. */
export class EpisodeTracker {
  info: Required<EpisodeInfo> = { episodeReturn: 0, step: 0, episode: 1 };
  step(reward: number): void {
    this.info = {
      ...this.info,
      episodeReturn: this.info.episodeReturn + reward,
      step: this.info.step + 1,
    };
  }
  next(): void {
    this.info = { episodeReturn: 0, step: 0, episode: this.info.episode + 1 };
  }
}

/**
 * Resets `env` with `seed` and plays `policy` for up to `steps` steps (stopping at the end of
 * the episode); returns the snapshot and the score facts there.
 */
export function playTo<S>(
  env: Env<S>,
  policy: Policy<S>,
  steps: number,
  seed: number,
): { state: S; info: EpisodeInfo } {
  env.reset({ seed });
  const tracker = new EpisodeTracker();
  for (let i = 0; i < steps && !isDone(env); i++) {
    const r = env.step(policy(env.getState()));
    tracker.step(r.reward);
  }
  return { state: env.getState(), info: tracker.info };
}

function isDone<S>(env: Env<S>): boolean {
  const s = env.getState() as { done?: boolean };
  return s.done === true;
}

/**
 * Plays `env` forever at `hz` steps per second, feeding every snapshot to `show`; holds the
 * last frame of an episode for `holdMs` before the next. Returns the function that stops it.
 */
export function animate<S>(
  env: Env<S>,
  policy: Policy<S>,
  show: (data: { state: S; info: EpisodeInfo }) => void,
  opts: { hz: number; seed: number; holdMs?: number },
): () => void {
  const tracker = new EpisodeTracker();
  env.reset({ seed: opts.seed });
  show({ state: env.getState(), info: tracker.info });
  let holdUntil = 0;
  const timer = setInterval(
    () => {
      const now = performance.now();
      if (now < holdUntil) return;
      if (isDone(env)) {
        env.reset();
        tracker.next();
      } else {
        const r = env.step(policy(env.getState()));
        tracker.step(r.reward);
        if (isDone(env)) holdUntil = now + (opts.holdMs ?? 900);
      }
      show({ state: env.getState(), info: tracker.info });
    },
    Math.max(5, 1000 / opts.hz),
  );
  return () => clearInterval(timer);
}

/**
 * Value iteration on a GridWorld layout with deterministic moves (the env's rewards:
 * `goalReward` on entering a goal, `pitReward` on a pit, `stepCost` otherwise). `sweeps` caps
 * the iterations, so a small number shows values spreading from the goal as learning does.
 * Returns the Q table [cells, 4] (row-major), 0 for walls and terminal cells.
 */
export function gridValueIteration(
  layout: readonly string[],
  sweeps = 200,
  gamma = 0.95,
  rewards = { goal: 1, pit: -1, step: -0.01 },
): Float32Array {
  const { rows, cols, cells } = parseLayout(layout);
  const kind = (r: number, c: number): CellKind =>
    r < 0 || r >= rows || c < 0 || c >= cols ? 'wall' : cells[r * cols + c];
  const v = new Float64Array(rows * cols);
  const q = new Float32Array(rows * cols * 4);
  const terminal = (k: CellKind): boolean => k === 'goal' || k === 'pit';
  for (let it = 0; it < sweeps; it++) {
    const next = new Float64Array(v);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const k = kind(r, c);
        if (k === 'wall' || terminal(k)) continue;
        let best = Number.NEGATIVE_INFINITY;
        for (let a = 0; a < 4; a++) {
          let nr = r + DR[a];
          let nc = c + DC[a];
          if (kind(nr, nc) === 'wall') {
            nr = r;
            nc = c;
          }
          const nk = kind(nr, nc);
          const reward = nk === 'goal' ? rewards.goal : nk === 'pit' ? rewards.pit : rewards.step;
          const value = reward + (terminal(nk) ? 0 : gamma * v[nr * cols + nc]);
          q[(r * cols + c) * 4 + a] = value;
          best = Math.max(best, value);
        }
        next[r * cols + c] = best;
      }
    }
    v.set(next);
  }
  return q;
}

/** Cart/ball snapshots typed by env, for the stories that build envs by hand. */
export type { Breakout, CartPole, Catch, Snake };
