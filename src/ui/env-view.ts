/**
 * Picks an env view by env name, so the Arena page can show whichever env a job runs:
 * `await createEnvView('catch', parent, { width, height })` gives a CatchView, typed by name.
 */
import type { EnvName } from '../../envs/registry';
import { BreakoutView } from './breakout-view';
import { CartPoleView } from './cartpole-view';
import { CatchView, type CatchViewOptions } from './catch-view';
import type { UiComponent } from './component';
import type { EnvViewData, EnvViewOptions } from './env-view-base';
import { GridWorldView, type GridWorldViewOptions } from './gridworld-view';
import { SnakeView, type SnakeViewOptions } from './snake-view';

export type { Area, EnvViewData, EnvViewOptions, EpisodeInfo } from './env-view-base';
export { BreakoutView, CartPoleView, CatchView, GridWorldView, SnakeView };

export interface EnvViewByName {
  cartpole: CartPoleView;
  catch: CatchView;
  breakout: BreakoutView;
  snake: SnakeView;
  gridworld: GridWorldView;
}

export interface EnvViewOptionsByName {
  cartpole: EnvViewOptions;
  catch: CatchViewOptions;
  breakout: EnvViewOptions;
  snake: SnakeViewOptions;
  gridworld: GridWorldViewOptions;
}

/** Any env view (the page keeps one and feeds it `{ state, info }`). */
export type AnyEnvView = EnvViewByName[EnvName];

/** The aspect (width / height) each view is drawn for, header included; pages size by it. */
export const ENV_VIEW_ASPECT: Readonly<Record<EnvName, number>> = {
  cartpole: 1.6,
  catch: 0.62,
  breakout: 0.9,
  snake: 0.9,
  gridworld: 1,
};

/** Creates the view of env `name` into `parent`; throws for an unknown name. */
export async function createEnvView<N extends EnvName>(
  name: N,
  parent: HTMLElement,
  options: EnvViewOptionsByName[N],
): Promise<EnvViewByName[N]>;
export async function createEnvView(
  name: string,
  parent: HTMLElement,
  options: EnvViewOptions,
): Promise<AnyEnvView>;
export async function createEnvView(
  name: string,
  parent: HTMLElement,
  options: EnvViewOptions,
): Promise<AnyEnvView> {
  switch (name) {
    case 'cartpole':
      return CartPoleView.create(parent, options);
    case 'catch':
      return CatchView.create(parent, options);
    case 'breakout':
      return BreakoutView.create(parent, options);
    case 'snake':
      return SnakeView.create(parent, options);
    case 'gridworld':
      return GridWorldView.create(parent, options);
    default:
      throw new Error(
        `createEnvView: no view for env '${name}'; known: cartpole, catch, breakout, snake, gridworld`,
      );
  }
}

/**
 * Feeds a view picked by name a snapshot whose type the caller only knows at run time (a
 * worker message). Each view checks the snapshot and throws an Error naming a bad field.
 */
export function showEnvState(view: AnyEnvView, data: EnvViewData<unknown>): void {
  if (data.state === null || typeof data.state !== 'object') {
    throw new Error('showEnvState: state must be the env snapshot object from getState()');
  }
  (view as UiComponent<EnvViewData<unknown>>).update(data);
}
