import type { Meta, StoryObj } from '@storybook/html-vite';
import { GRIDWORLD_LAYOUTS, GridWorld, type GridWorldLayoutName } from '../envs/gridworld';
import { greedyFromQ } from '../src/ui/arena-math';
import { GridWorldView } from '../src/ui/gridworld-view';
import { animate, gridValueIteration, playTo } from './support/arena';
import { cleanup, mountLoader, renderMounted, rng } from './support/mount';

interface GridArgs {
  width: number;
  height: number;
  title: string;
  layout: GridWorldLayoutName;
  /** Show the value colour map and greedy arrows. */
  overlay: boolean;
  /** Value-iteration sweeps behind the overlay: few sweeps look like early learning. */
  sweeps: number;
  showNumbers: boolean;
  /** Steps the greedy agent walks before the snapshot. */
  steps: number;
}

const meta = {
  title: 'Arena/GridWorldView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'GridWorld with what a tabular agent has learned laid over it. Walls are solid, the ' +
          'goal is green, pits are red holes, S marks the start and the blue disc is the ' +
          'agent. The overlay takes plain Float32Arrays: state values colour each cell (blue ' +
          'below zero, orange above, scaled by the largest |value|, with a legend) and the ' +
          'greedy action of each cell is an arrow; a Q table can be given instead of both. ' +
          'In these stories the values come from value iteration; with few sweeps they have ' +
          'only spread a few cells from the goal, as in early Q-learning.',
      },
    },
  },
  argTypes: {
    layout: { control: 'inline-radio', options: Object.keys(GRIDWORLD_LAYOUTS) },
    width: { control: { type: 'range', min: 240, max: 800, step: 10 } },
    height: { control: { type: 'range', min: 200, max: 800, step: 10 } },
    sweeps: { control: { type: 'range', min: 0, max: 100, step: 1 } },
    steps: { control: { type: 'range', min: 0, max: 40, step: 1 } },
  },
  args: {
    width: 400,
    height: 440,
    title: 'GridWorld',
    layout: 'simple',
    overlay: true,
    sweeps: 60,
    showNumbers: true,
    steps: 2,
  },
} satisfies Meta<GridArgs>;

export default meta;
type Story = StoryObj<GridArgs>;

const snapshot = mountLoader<GridArgs>(async (root, a) => {
  const view = await GridWorldView.create(root, a);
  const layout = GRIDWORLD_LAYOUTS[a.layout];
  const q = gridValueIteration(layout, Math.max(0, a.sweeps));
  const greedy = greedyFromQ(q, 4);
  const env = new GridWorld({ layout: a.layout });
  const cols = env.cols;
  const walk = playTo(env, (s) => Math.max(0, greedy[s.row * cols + s.col]), a.steps, 0);
  view.update(a.overlay ? { ...walk, q } : walk);
  view.flush();
  return () => view.destroy();
});

export const Values: Story = { loaders: [snapshot] };

export const Plain: Story = { args: { overlay: false }, loaders: [snapshot] };

/** Three sweeps: values have only reached the cells next to the goal and the pit. */
export const EarlyLearning: Story = { args: { sweeps: 3 }, loaders: [snapshot] };

/** Sutton & Barto's cliff: the greedy path runs along the edge of the pits. */
export const Cliff: Story = {
  args: { layout: 'cliff', width: 560, height: 300, steps: 5 },
  loaders: [snapshot],
};

export const FourRooms: Story = {
  args: { layout: 'four-rooms', steps: 8, sweeps: 80 },
  loaders: [snapshot],
};

/** A phone-width card: numbers drop out when cells get too small, arrows stay. */
export const Phone: Story = {
  args: { layout: 'four-rooms', width: 358, height: 400, steps: 8 },
  loaders: [snapshot],
};

/** Values spread a sweep at a time while an epsilon-greedy agent walks the current arrows. */
export const Live: Story = {
  args: { sweeps: 40 },
  loaders: [
    mountLoader<GridArgs>(async (root, a) => {
      const view = await GridWorldView.create(root, a);
      const layout = GRIDWORLD_LAYOUTS[a.layout];
      const env = new GridWorld({ layout: a.layout });
      const u = rng(9);
      let sweeps = 0;
      let q = gridValueIteration(layout, 0);
      let greedy = greedyFromQ(q, 4);
      const stop = animate(
        env,
        (s) => {
          const g = greedy[s.row * env.cols + s.col];
          return g < 0 || u() < 0.2 ? Math.floor(u() * 4) : g;
        },
        (d) => {
          sweeps = (sweeps + 1) % Math.max(2, a.sweeps);
          q = gridValueIteration(layout, sweeps);
          greedy = greedyFromQ(q, 4);
          view.update(a.overlay ? { ...d, q } : d);
        },
        { hz: 4, seed: 0, holdMs: 600 },
      );
      view.flush();
      return () => {
        stop();
        view.destroy();
      };
    }),
  ],
};
