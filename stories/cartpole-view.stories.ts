import type { Meta, StoryObj } from '@storybook/html-vite';
import { CartPole } from '../envs/cartpole';
import { CartPoleView } from '../src/ui/cartpole-view';
import { animate, cartPoleController, playTo } from './support/arena';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface CartPoleArgs {
  width: number;
  height: number;
  title: string;
  seed: number;
  /** Steps played by the hand-written controller before the snapshot is shown. */
  steps: number;
  /** Chance of a random push instead of the controller's (makes the pole wobble and fall). */
  noise: number;
  /** Milliseconds the view eases between snapshots. */
  smoothMs: number;
}

const meta = {
  title: 'Arena/CartPoleView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'CartPole-v1 drawn from its state snapshot: the cart on a track whose ±2.4 m ends ' +
          'are marked in red, and the pole at its true angle inside a faint wedge, the ±12° ' +
          'within which the episode goes on. The score line reads out the return, the step ' +
          'and the episode; a readout under the track gives x and θ. The view only reads ' +
          'snapshots, so the same component shows live training, a trained agent or the ' +
          'keyboard. Here a two-line hand-written controller drives the env.',
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 300, max: 900, step: 10 } },
    height: { control: { type: 'range', min: 180, max: 560, step: 10 } },
    steps: { control: { type: 'range', min: 0, max: 500, step: 1 } },
    noise: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    smoothMs: { control: { type: 'range', min: 0, max: 200, step: 10 } },
    seed: { control: { type: 'number', min: 0, step: 1 } },
  },
  args: {
    width: 480,
    height: 300,
    title: 'CartPole-v1',
    seed: 3,
    steps: 120,
    noise: 0,
    smoothMs: 40,
  },
} satisfies Meta<CartPoleArgs>;

export default meta;
type Story = StoryObj<CartPoleArgs>;

const snapshot = mountLoader<CartPoleArgs>(async (root, a) => {
  const view = await CartPoleView.create(root, a);
  view.update(playTo(new CartPole(), cartPoleController(a.noise, a.seed), a.steps, a.seed));
  view.flush();
  return () => view.destroy();
});

export const Balancing: Story = { loaders: [snapshot] };

/** Random pushes half the time: the pole leaves the cone and the episode ends. */
export const PoleFell: Story = {
  args: { noise: 0.9, steps: 500, seed: 5 },
  loaders: [snapshot],
};

/** A phone-width card (390 px screens less the page's margins). */
export const Phone: Story = {
  args: { width: 358, height: 240 },
  loaders: [snapshot],
};

/** The controller plays in real time (50 steps/s, CartPole's tau of 0.02 s). */
export const Live: Story = {
  args: { noise: 0.25 },
  loaders: [
    mountLoader<CartPoleArgs>(async (root, a) => {
      const view = await CartPoleView.create(root, a);
      const stop = animate(
        new CartPole(),
        cartPoleController(a.noise, a.seed),
        (d) => view.update(d),
        {
          hz: 50,
          seed: a.seed,
        },
      );
      view.flush();
      return () => {
        stop();
        view.destroy();
      };
    }),
  ],
};
