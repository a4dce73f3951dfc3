import type { Meta, StoryObj } from '@storybook/html-vite';
import { Catch } from '../envs/catch';
import { CatchView } from '../src/ui/catch-view';
import { animate, catchPolicy, playTo } from './support/arena';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface CatchArgs {
  width: number;
  height: number;
  title: string;
  seed: number;
  /** Steps played before the snapshot (an episode is 9 steps). */
  steps: number;
  /** Chance of a random paddle move instead of following the ball. */
  noise: number;
  smoothMs: number;
}

const meta = {
  title: 'Arena/CatchView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          "bsuite's Catch on its 10 x 5 board: the ball falls a row per step and the paddle " +
          'on the bottom row moves left, stays or moves right. On the last step a banner says ' +
          'whether the ball was caught (+1) or missed (−1). Ball and paddle ease between ' +
          'steps, so a slow stream still reads as motion.',
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 160, max: 600, step: 10 } },
    height: { control: { type: 'range', min: 200, max: 700, step: 10 } },
    steps: { control: { type: 'range', min: 0, max: 9, step: 1 } },
    noise: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    smoothMs: { control: { type: 'range', min: 0, max: 300, step: 10 } },
    seed: { control: { type: 'number', min: 0, step: 1 } },
  },
  args: { width: 260, height: 400, title: 'Catch', seed: 1, steps: 5, noise: 0, smoothMs: 60 },
} satisfies Meta<CatchArgs>;

export default meta;
type Story = StoryObj<CatchArgs>;

const snapshot = mountLoader<CatchArgs>(async (root, a) => {
  const view = await CatchView.create(root, a);
  view.update(playTo(new Catch(), catchPolicy(a.noise, a.seed), a.steps, a.seed));
  view.flush();
  return () => view.destroy();
});

export const Falling: Story = { loaders: [snapshot] };

export const Caught: Story = { args: { steps: 9 }, loaders: [snapshot] };

/** The paddle moves at random: the ball lands beside it. */
export const Missed: Story = { args: { steps: 9, noise: 1, seed: 2 }, loaders: [snapshot] };

/** A policy that follows the ball but moves at random one step in four, 6 steps a second. */
export const Live: Story = {
  args: { noise: 0.25 },
  loaders: [
    mountLoader<CatchArgs>(async (root, a) => {
      const view = await CatchView.create(root, a);
      const stop = animate(new Catch(), catchPolicy(a.noise, a.seed), (d) => view.update(d), {
        hz: 6,
        seed: a.seed,
      });
      view.flush();
      return () => {
        stop();
        view.destroy();
      };
    }),
  ],
};
