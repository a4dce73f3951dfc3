import type { Meta, StoryObj } from '@storybook/html-vite';
import { GRIDWORLD_LAYOUTS } from '../envs/gridworld';
import { ENV_NAMES, type EnvName, makeEnv } from '../envs/registry';
import type { Env } from '../envs/types';
import { greedyFromQ } from '../src/ui/arena-math';
import { type AnyEnvView, createEnvView, ENV_VIEW_ASPECT, showEnvState } from '../src/ui/env-view';
import {
  breakoutPolicy,
  cartPoleController,
  catchPolicy,
  gridValueIteration,
  type Policy,
  playTo,
  snakePolicy,
} from './support/arena';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface EnvViewArgs {
  /** Width of every view; the height follows each view's aspect. */
  width: number;
  /** Steps played in each env before its snapshot. */
  steps: number;
}

const meta = {
  title: 'Arena/EnvView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          '`createEnvView(name, parent, options)` picks the view for an env by its registry ' +
          'name, so the Arena page can show whichever env a job runs and feed it snapshots ' +
          'with `showEnvState`. `ENV_VIEW_ASPECT` gives the width-to-height ratio each view is ' +
          'drawn for. Here every env is played a few steps by a simple policy and shown side ' +
          'by side (in a column on narrow screens: set width to 358 for a phone). One story ' +
          'only: each view is a WebGL context, and browsers cap how many a page may hold.',
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 200, max: 600, step: 10 } },
    steps: { control: { type: 'range', min: 0, max: 200, step: 1 } },
  },
  args: { width: 300, steps: 30 },
} satisfies Meta<EnvViewArgs>;

export default meta;
type Story = StoryObj<EnvViewArgs>;

/** A simple policy per env, typed loosely: the story only needs *a* plausible action. */
function policyFor(name: EnvName): Policy<unknown> {
  const greedy = greedyFromQ(gridValueIteration(GRIDWORLD_LAYOUTS.simple), 4);
  const policies: Record<EnvName, Policy<never>> = {
    cartpole: cartPoleController(),
    catch: catchPolicy(0),
    breakout: breakoutPolicy(),
    snake: snakePolicy(10, 10),
    gridworld: (s: { row: number; col: number }) => Math.max(0, greedy[s.row * 5 + s.col]),
  };
  return policies[name] as Policy<unknown>;
}

export const AllEnvs: Story = {
  loaders: [
    mountLoader<EnvViewArgs>(async (root, a) => {
      Object.assign(root.style, {
        display: 'flex',
        flexWrap: 'wrap',
        gap: '12px',
        alignItems: 'flex-start',
      });
      const views: AnyEnvView[] = [];
      for (const name of ENV_NAMES) {
        const height = Math.round(a.width / ENV_VIEW_ASPECT[name]);
        const view = await createEnvView(name, root, { width: a.width, height });
        const env = makeEnv(name) as Env<unknown>;
        // Catch ends after 9 steps: stop it one short so the ball is still falling.
        const steps = name === 'catch' ? Math.min(a.steps, 6) : a.steps;
        showEnvState(view, playTo(env, policyFor(name), steps, 1));
        view.flush();
        views.push(view);
      }
      return () => {
        for (const v of views) v.destroy();
      };
    }),
  ],
};
