/**
 * A scripted Breakout player for the Home page's thumbnail: no learning, a few lines of rules.
 * It works out where a falling ball will reach the paddle's row (walls bounce it, as in
 * envs/breakout.ts) and moves there; a rising ball it simply follows. The real agents live in
 * the Arena; this one only shows the game moving, and is labelled as a demo.
 */
import type { BreakoutState } from '../../../envs/breakout';

const SIZE = 10;
/** Breakout's actions (envs/breakout.ts): 0 stay, 1 left, 2 right. */
const STAY = 0;
const LEFT = 1;
const RIGHT = 2;
/** Ball directions 0 up-left, 1 up-right, 2 down-right, 3 down-left: their column step. */
const DX = [-1, 1, 1, -1];

/**
 * The column the ball will be in when it reaches row SIZE - 2 (the row above the paddle, where
 * the env decides whether it bounces), bouncing off the side walls as the env does: a ball
 * that would leave the board stays in the edge column for that step and turns round.
 */
export function landingColumn(state: Pick<BreakoutState, 'ballX' | 'ballY' | 'ballDir'>): number {
  let x = state.ballX;
  let dx = DX[state.ballDir];
  for (let y = state.ballY; y < SIZE - 2; y++) {
    const next = x + dx;
    if (next < 0 || next > SIZE - 1) dx = -dx;
    else x = next;
  }
  return x;
}

/** The action that brings the paddle towards the ball: where it will land, or under it. */
export function demoAction(state: BreakoutState): number {
  const falling = state.ballDir >= 2;
  const target = falling ? landingColumn(state) : state.ballX;
  if (target < state.pos) return LEFT;
  if (target > state.pos) return RIGHT;
  return STAY;
}

/**
 * The demo with a slip now and then (`slip` is the chance of a random action instead), so it
 * sometimes misses and the game restarts, as a game in an arcade does.
 */
export function slippyDemoAction(state: BreakoutState, slip: number, random: () => number): number {
  if (random() < slip) return Math.floor(random() * 3);
  return demoAction(state);
}
