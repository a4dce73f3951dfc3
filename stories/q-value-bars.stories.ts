import type { Meta, StoryObj } from '@storybook/html-vite';
import { ENV_INFO } from '../envs/metadata';
import { QValueBars } from '../src/ui/q-value-bars';
import { cleanup, mountLoader, renderMounted, rng } from './support/mount';

interface QArgs {
  width: number;
  height: number;
  title: string;
  /** Which env's action names label the bars. */
  env: 'cartpole' | 'catch' | 'snake';
  /** Centre of the generated Q-values (e.g. near the return still to come). */
  level: number;
  /** How far apart the actions' values are. */
  spread: number;
  /** The action taken; -1 for the greedy one (no exploring step to mark). */
  chosen: number;
  seed: number;
}

/** The envs' action names, as the page passes them. */
const ACTIONS: Record<QArgs['env'], readonly string[]> = {
  cartpole: ENV_INFO.cartpole.actions,
  catch: ENV_INFO.catch.actions,
  snake: ENV_INFO.snake.actions,
};

function qValues(a: QArgs, seed = a.seed): Float32Array {
  const u = rng(seed);
  const n = ACTIONS[a.env].length;
  return Float32Array.from({ length: n }, () => a.level + (u() - 0.5) * 2 * a.spread);
}

const meta = {
  title: 'Arena/QValueBars',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          "The network's Q-values for the state on screen: one bar per action, named by the " +
          "env's action meanings, growing left or right from a zero line so that negative " +
          'values (a Catch ball about to be missed, a snake about to crash) read as clearly ' +
          'as positive ones. The greedy action is highlighted and named in the header; when ' +
          'the agent explored instead, the action it took is outlined. Bars ease to new ' +
          'values in 150 ms.',
      },
    },
  },
  argTypes: {
    env: { control: 'inline-radio', options: Object.keys(ACTIONS) },
    width: { control: { type: 'range', min: 220, max: 640, step: 10 } },
    height: { control: { type: 'range', min: 110, max: 360, step: 10 } },
    level: { control: { type: 'range', min: -5, max: 100, step: 0.1 } },
    spread: { control: { type: 'range', min: 0, max: 20, step: 0.1 } },
    chosen: { control: { type: 'range', min: -1, max: 3, step: 1 } },
    seed: { control: { type: 'number', min: 0, step: 1 } },
  },
  args: {
    width: 360,
    height: 140,
    title: 'Q-values',
    env: 'cartpole',
    level: 42,
    spread: 3,
    chosen: -1,
    seed: 1,
  },
} satisfies Meta<QArgs>;

export default meta;
type Story = StoryObj<QArgs>;

const fromArgs = mountLoader<QArgs>(async (root, a) => {
  const bars = await QValueBars.create(root, { ...a, actions: ACTIONS[a.env] });
  bars.update({ values: qValues(a), chosen: a.chosen >= 0 ? a.chosen : null });
  bars.flush();
  return () => bars.destroy();
});

export const CartPole: Story = { loaders: [fromArgs] };

/** Values on both sides of zero: Catch with the ball a column away. */
export const Negative: Story = {
  args: { env: 'catch', level: -0.1, spread: 0.8, height: 160, seed: 4 },
  loaders: [fromArgs],
};

/** An exploring step: the agent took another action than the greedy one. */
export const Explored: Story = {
  args: { env: 'snake', level: 0.4, spread: 0.6, height: 190, chosen: 0, seed: 7 },
  loaders: [fromArgs],
};

/** New values every 400 ms, as a worker streams them for the shown state. */
export const Live: Story = {
  args: { env: 'catch', level: 0.2, spread: 0.9, height: 160 },
  loaders: [
    mountLoader<QArgs>(async (root, a) => {
      const bars = await QValueBars.create(root, { ...a, actions: ACTIONS[a.env] });
      let n = 0;
      const show = (): void => {
        const u = rng(1000 + n);
        const values = qValues(a, n);
        const explore = u() < 0.25;
        bars.update({ values, chosen: explore ? Math.floor(u() * values.length) : null });
        n++;
      };
      show();
      bars.flush();
      const timer = setInterval(show, 400);
      return () => {
        clearInterval(timer);
        bars.destroy();
      };
    }),
  ],
};
