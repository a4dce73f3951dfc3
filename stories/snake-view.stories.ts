import type { Meta, StoryObj } from '@storybook/html-vite';
import { Snake } from '../envs/snake';
import { SnakeView } from '../src/ui/snake-view';
import { animate, playTo, snakePolicy } from './support/arena';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface SnakeArgs {
  width: number;
  height: number;
  title: string;
  seed: number;
  /** Steps played by the random-but-safe policy before the snapshot. */
  steps: number;
  /** Board rows and columns of the env. */
  rows: number;
  columns: number;
}

const meta = {
  title: 'Arena/SnakeView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'Snake drawn from its snapshot: the food, and the snake from its head (eyes looking ' +
          'along its heading) fading toward the tail. A crash turns the head red and a banner ' +
          'says how the episode ended. The board size is an option, matching the env.',
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 200, max: 700, step: 10 } },
    height: { control: { type: 'range', min: 200, max: 760, step: 10 } },
    steps: { control: { type: 'range', min: 0, max: 400, step: 1 } },
    rows: { control: { type: 'range', min: 4, max: 24, step: 1 } },
    columns: { control: { type: 'range', min: 4, max: 24, step: 1 } },
    seed: { control: { type: 'number', min: 0, step: 1 } },
  },
  args: { width: 360, height: 400, title: 'Snake', seed: 1, steps: 60, rows: 10, columns: 10 },
} satisfies Meta<SnakeArgs>;

export default meta;
type Story = StoryObj<SnakeArgs>;

const snapshot = mountLoader<SnakeArgs>(async (root, a) => {
  const view = await SnakeView.create(root, a);
  const env = new Snake({ height: a.rows, width: a.columns });
  view.update(playTo(env, snakePolicy(a.rows, a.columns, a.seed), a.steps, a.seed));
  view.flush();
  return () => view.destroy();
});

export const MidGame: Story = { loaders: [snapshot] };

/** Played until the episode ends (a crash or too long without food). */
export const EpisodeEnd: Story = { args: { steps: 400, seed: 2 }, loaders: [snapshot] };

export const BigBoard: Story = {
  args: { rows: 16, columns: 20, width: 480, height: 420, steps: 150 },
  loaders: [snapshot],
};

/** Random but safe moves, drawn toward the food, 10 steps a second. */
export const Live: Story = {
  loaders: [
    mountLoader<SnakeArgs>(async (root, a) => {
      const view = await SnakeView.create(root, a);
      const env = new Snake({ height: a.rows, width: a.columns });
      const stop = animate(env, snakePolicy(a.rows, a.columns, a.seed), (d) => view.update(d), {
        hz: 10,
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
