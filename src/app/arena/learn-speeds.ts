/**
 * "Watch it learn"'s speeds: the choices, the one each game starts at, and what to expect at
 * full speed (from the measured learning curves), said in the status line.
 */
import type { EnvName } from '../../../envs/registry';

export const SPEEDS: Array<[string, string]> = [
  ['10', '10 steps/s'],
  ['30', '30 steps/s'],
  ['60', '60 steps/s'],
  ['250', '250 steps/s'],
  ['max', 'as fast as possible'],
];

/**
 * The speed a game starts at: flat out, except GridWorld, which a Q-table learns in about a
 * second flat out (a solid block of a chart); at 60 steps/s its values and arrows settle visibly.
 */
export const DEFAULT_SPEED: Record<EnvName, string> = {
  cartpole: 'max',
  catch: 'max',
  breakout: 'max',
  snake: 'max',
  gridworld: '60',
};

/**
 * What to expect at full speed, from the measured curves (bench/rl/README.md, models/agents/:
 * the CLI on wasm, one core of the 2-core machine, 200-500 env steps/s, as the worker runs;
 * Catch as seen in the page, test/e2e/arena-expectations.test.ts).
 */
export const EXPECTATIONS: Record<EnvName, string> = {
  cartpole:
    'CartPole needs about 4 minutes flat out here (some 50,000 env steps) to balance for long, 8 to reach 500 on every seed.',
  catch:
    'Catch needs well under a minute flat out here: it catches most balls after 200-300 episodes (a few thousand env steps).',
  breakout:
    'Breakout needs about 3 minutes flat out here: its return stays near 0.5 for the first 40,000 env steps, then climbs to about 5 by 60,000.',
  snake:
    'Snake needs about 3 minutes flat out here before its return turns positive (some 50,000 env steps), and keeps improving past 8.',
  gridworld:
    'A Q-table learns GridWorld in a few hundred episodes: at 60 steps/s the values and arrows settle over a minute or two; flat out, in about a second.',
};
