/**
 * Every env by name, so the CLI, the worker and the UI make them the same way; what each env
 * is without making one (action names, shapes...) is `ENV_INFO` (envs/metadata.ts).
 */
import { Breakout, type BreakoutOptions } from './breakout';
import { CartPole, type CartPoleOptions } from './cartpole';
import { Catch, type CatchOptions } from './catch';
import { GridWorld, type GridWorldOptions } from './gridworld';
import { ENV_NAMES, type EnvName } from './metadata';
import { Snake, type SnakeOptions } from './snake';
import type { Env } from './types';

export { ENV_INFO, ENV_NAMES, type EnvInfo, type EnvName, isEnvName } from './metadata';

export interface EnvOptionsByName {
  gridworld: GridWorldOptions;
  cartpole: CartPoleOptions;
  catch: CatchOptions;
  breakout: BreakoutOptions;
  snake: SnakeOptions;
}

export interface EnvByName {
  gridworld: GridWorld;
  cartpole: CartPole;
  catch: Catch;
  breakout: Breakout;
  snake: Snake;
}

/** Makes the env called `name`; throws for an unknown name, listing the known ones. */
export function makeEnv<N extends EnvName>(name: N, options?: EnvOptionsByName[N]): EnvByName[N];
export function makeEnv(name: string, options?: object): Env;
export function makeEnv(name: string, options: object = {}): Env {
  switch (name) {
    case 'gridworld':
      return new GridWorld(options as GridWorldOptions);
    case 'cartpole':
      return new CartPole(options as CartPoleOptions);
    case 'catch':
      return new Catch(options as CatchOptions);
    case 'breakout':
      return new Breakout(options as BreakoutOptions);
    case 'snake':
      return new Snake(options as SnakeOptions);
    default:
      throw new Error(`makeEnv: unknown env '${name}'; known envs: ${ENV_NAMES.join(', ')}`);
  }
}
