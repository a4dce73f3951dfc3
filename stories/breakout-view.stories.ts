import type { Meta, StoryObj } from '@storybook/html-vite';
import { Breakout } from '../envs/breakout';
import { BreakoutView } from '../src/ui/breakout-view';
import { animate, breakoutPolicy, playTo } from './support/arena';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface BreakoutArgs {
  width: number;
  height: number;
  title: string;
  seed: number;
  /** Steps played before the snapshot. */
  steps: number;
  /** Chance of a random paddle move instead of going where the ball will land. */
  noise: number;
  smoothMs: number;
}

const meta = {
  title: 'Arena/BreakoutView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          "MinAtar's Breakout on its 10 x 10 grid, drawn from the env snapshot: three rows of " +
          'bricks, the paddle on the bottom row, the ball and its trail. The trail is the ' +
          "cell the ball came from: it is the observation's third channel, and the only way " +
          'an agent (or a person) can tell which way the ball is going. The ball eases along ' +
          'its diagonal between steps.',
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 200, max: 700, step: 10 } },
    height: { control: { type: 'range', min: 200, max: 760, step: 10 } },
    steps: { control: { type: 'range', min: 0, max: 1000, step: 1 } },
    noise: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    smoothMs: { control: { type: 'range', min: 0, max: 300, step: 10 } },
    seed: { control: { type: 'number', min: 0, step: 1 } },
  },
  args: {
    width: 360,
    height: 400,
    title: 'Breakout (MinAtar)',
    seed: 1,
    steps: 140,
    noise: 0,
    smoothMs: 60,
  },
} satisfies Meta<BreakoutArgs>;

export default meta;
type Story = StoryObj<BreakoutArgs>;

const snapshot = mountLoader<BreakoutArgs>(async (root, a) => {
  const view = await BreakoutView.create(root, a);
  view.update(playTo(new Breakout(), breakoutPolicy(a.noise, a.seed), a.steps, a.seed));
  view.flush();
  return () => view.destroy();
});

export const MidGame: Story = { loaders: [snapshot] };

export const Start: Story = { args: { steps: 0 }, loaders: [snapshot] };

/** A random paddle soon misses the ball. */
export const GameOver: Story = { args: { steps: 1000, noise: 0.4 }, loaders: [snapshot] };

/** The tracking policy plays at 12 steps a second. */
export const Live: Story = {
  loaders: [
    mountLoader<BreakoutArgs>(async (root, a) => {
      const view = await BreakoutView.create(root, a);
      const stop = animate(new Breakout(), breakoutPolicy(a.noise, a.seed), (d) => view.update(d), {
        hz: 12,
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
