/**
 * How a person plays each env: which keys and buttons mean which action, how fast the clock
 * ticks for real-time envs (GridWorld waits for a key: one key, one step), and what happens
 * on a tick with no key held.
 */
import type { EnvName } from '../../../envs/registry';

export interface HumanKey {
  /** The action's index in the env's action space. */
  action: number;
  /** `KeyboardEvent.key` values (case-insensitive) that choose it. */
  keys: readonly string[];
  /** The button's face and the on-screen legend ("←", "A"). */
  glyph: string;
  label: string;
}

export interface HumanControls {
  keys: readonly HumanKey[];
  /** Steps a second while playing; null: turn-based (each key press is one step). */
  hz: number | null;
  /** The action on a tick with no key: a fixed one, the last one taken, or (CartPole) alternating. */
  idle: { kind: 'action'; action: number } | { kind: 'repeat' } | { kind: 'alternate' };
  /** One line that says how to play. */
  help: string;
}

const LEFT = ['ArrowLeft', 'a'];
const RIGHT = ['ArrowRight', 'd'];
const UP = ['ArrowUp', 'w'];
const DOWN = ['ArrowDown', 's'];

export const HUMAN_CONTROLS: Readonly<Record<EnvName, HumanControls>> = {
  cartpole: {
    keys: [
      { action: 0, keys: LEFT, glyph: '←', label: 'push left' },
      { action: 1, keys: RIGHT, glyph: '→', label: 'push right' },
    ],
    hz: 50,
    idle: { kind: 'alternate' },
    help: 'Hold ← / A or → / D to push the cart; with no key the pushes alternate and cancel out. Keep the pole up for 500 steps (50 a second).',
  },
  catch: {
    keys: [
      { action: 0, keys: LEFT, glyph: '←', label: 'left' },
      { action: 2, keys: RIGHT, glyph: '→', label: 'right' },
    ],
    hz: 4,
    idle: { kind: 'action', action: 1 },
    help: 'Move the paddle with ← / A and → / D to catch the falling ball (+1 caught, −1 missed).',
  },
  breakout: {
    keys: [
      { action: 1, keys: LEFT, glyph: '←', label: 'left' },
      { action: 2, keys: RIGHT, glyph: '→', label: 'right' },
    ],
    hz: 8,
    idle: { kind: 'action', action: 0 },
    help: 'Move the paddle with ← / A and → / D; keep the ball in play and break the bricks (+1 a brick).',
  },
  snake: {
    keys: [
      { action: 0, keys: UP, glyph: '↑', label: 'up' },
      { action: 3, keys: LEFT, glyph: '←', label: 'left' },
      { action: 2, keys: DOWN, glyph: '↓', label: 'down' },
      { action: 1, keys: RIGHT, glyph: '→', label: 'right' },
    ],
    hz: 6,
    idle: { kind: 'repeat' },
    help: 'Steer with the arrows or W A S D; eat the food to grow; walls and your own tail end the game.',
  },
  gridworld: {
    keys: [
      { action: 0, keys: UP, glyph: '↑', label: 'up' },
      { action: 3, keys: LEFT, glyph: '←', label: 'left' },
      { action: 2, keys: DOWN, glyph: '↓', label: 'down' },
      { action: 1, keys: RIGHT, glyph: '→', label: 'right' },
    ],
    hz: null,
    idle: { kind: 'repeat' },
    help: 'One key, one step: arrows or W A S D. Reach the goal, avoid the pits; each step costs a little.',
  },
};

/** The action a key chooses in `env`, or null when the key means nothing there. */
export function actionForKey(env: EnvName, key: string): number | null {
  const k = key.length === 1 ? key.toLowerCase() : key;
  for (const h of HUMAN_CONTROLS[env].keys) if (h.keys.includes(k)) return h.action;
  return null;
}

/** Keys that restart an episode (and start the clock of a real-time env). */
export const RESTART_KEYS: readonly string[] = [' ', 'Enter', 'r', 'R'];
