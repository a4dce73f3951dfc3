/**
 * What every env is, without making one: the facts pages, the CLI and the worker read (names,
 * action names, observation shape, reward range, episode limit) for the default options. The
 * env classes take their id and action names from here, and test/unit/envs/metadata.test.ts
 * checks the rest against a freshly made env, so the table cannot drift from the code.
 */

export const ENV_NAMES = ['gridworld', 'cartpole', 'catch', 'breakout', 'snake'] as const;
export type EnvName = (typeof ENV_NAMES)[number];

export function isEnvName(name: string): name is EnvName {
  return (ENV_NAMES as readonly string[]).includes(name);
}

export interface EnvInfo {
  /** The registry's name (`makeEnv(name)`, `--env name`). */
  readonly name: EnvName;
  /** The env's own id, as Gymnasium / bsuite / MinAtar call it. */
  readonly id: string;
  /** How the pages name it. */
  readonly title: string;
  /** Action i's name: the action space is Discrete(actions.length). */
  readonly actions: readonly string[];
  /** The observation's shape with the default options ([C, H, W] for boards). */
  readonly observationShape: readonly number[];
  /** The smallest and largest reward of one step with the default options. */
  readonly rewardRange: readonly [number, number];
  /**
   * The most steps an episode lasts with the default options (its time limit, or Catch's fixed
   * fall); Infinity when only the play ends it (Snake truncates after steps without food).
   */
  readonly maxEpisodeSteps: number;
}

export const ENV_INFO: { readonly [N in EnvName]: EnvInfo & { readonly name: N } } = {
  gridworld: {
    name: 'gridworld',
    id: 'GridWorld',
    title: 'GridWorld',
    actions: ['up', 'right', 'down', 'left'],
    observationShape: [25],
    rewardRange: [-1, 1],
    maxEpisodeSteps: 100,
  },
  cartpole: {
    name: 'cartpole',
    id: 'CartPole-v1',
    title: 'CartPole',
    actions: ['push left', 'push right'],
    observationShape: [4],
    rewardRange: [1, 1],
    maxEpisodeSteps: 500,
  },
  catch: {
    name: 'catch',
    id: 'Catch',
    title: 'Catch',
    actions: ['left', 'stay', 'right'],
    observationShape: [1, 10, 5],
    rewardRange: [-1, 1],
    maxEpisodeSteps: 9,
  },
  breakout: {
    name: 'breakout',
    id: 'MinAtar/Breakout',
    title: 'Breakout (MinAtar)',
    actions: ['no-op', 'left', 'right'],
    observationShape: [4, 10, 10],
    rewardRange: [0, 1],
    maxEpisodeSteps: 10000,
  },
  snake: {
    name: 'snake',
    id: 'Snake',
    title: 'Snake',
    actions: ['up', 'right', 'down', 'left'],
    observationShape: [3, 10, 10],
    rewardRange: [-1, 1],
    maxEpisodeSteps: Number.POSITIVE_INFINITY,
  },
};
