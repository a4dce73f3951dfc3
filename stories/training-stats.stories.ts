import type { Meta, StoryObj } from '@storybook/html-vite';
import { TRAINING_STATS_HEIGHT, TrainingStats } from '../src/ui/training-stats';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface StatsArgs {
  width: number;
  height: number;
  title: string;
  replaySize: number;
  replayCapacity: number;
  epsilon: number;
  epsilonFinal: number;
  envSteps: number;
  updates: number;
  stepsPerSecond: number;
  backend: string;
}

const meta = {
  title: 'Arena/TrainingStats',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'Where a DQN run stands: how full the replay buffer is (stored transitions out of ' +
          'its capacity, with the percentage), epsilon (the chance of a random, exploring ' +
          'action) with the floor its schedule decays to marked on the bar, and a line of ' +
          'counts: env steps, gradient updates, speed and the tfjs backend doing the math.',
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 240, max: 640, step: 10 } },
    height: { control: { type: 'range', min: 120, max: 260, step: 10 } },
    replaySize: { control: { type: 'range', min: 0, max: 100000, step: 100 } },
    replayCapacity: { control: { type: 'range', min: 1000, max: 100000, step: 1000 } },
    epsilon: { control: { type: 'range', min: 0, max: 1, step: 0.005 } },
    epsilonFinal: { control: { type: 'range', min: 0, max: 1, step: 0.01 } },
    backend: { control: 'inline-radio', options: ['wasm', 'webgpu', 'cpu'] },
  },
  args: {
    width: 360,
    height: TRAINING_STATS_HEIGHT,
    title: 'Training',
    replaySize: 12400,
    replayCapacity: 50000,
    epsilon: 0.42,
    epsilonFinal: 0.05,
    envSteps: 12400,
    updates: 2850,
    stepsPerSecond: 1830,
    backend: 'wasm',
  },
} satisfies Meta<StatsArgs>;

export default meta;
type Story = StoryObj<StatsArgs>;

const fromArgs = mountLoader<StatsArgs>(async (root, a) => {
  const stats = await TrainingStats.create(root, a);
  stats.update(a);
  stats.flush();
  return () => stats.destroy();
});

export const Filling: Story = { loaders: [fromArgs] };

/** Late in training: the buffer is full and epsilon has reached its floor. */
export const Full: Story = {
  args: { replaySize: 50000, epsilon: 0.05, envSteps: 96000, updates: 23750 },
  loaders: [fromArgs],
};

/** A run from step 0: the buffer fills and epsilon decays linearly over 20,000 steps. */
export const Live: Story = {
  loaders: [
    mountLoader<StatsArgs>(async (root, a) => {
      const stats = await TrainingStats.create(root, a);
      let step = 0;
      const tick = (): void => {
        step = (step + 600) % 60000;
        const decay = Math.min(1, step / 20000);
        stats.update({
          ...a,
          replaySize: Math.min(step, a.replayCapacity),
          epsilon: 1 + (a.epsilonFinal - 1) * decay,
          envSteps: step,
          updates: Math.max(0, Math.floor((step - 1000) / 4)),
        });
      };
      tick();
      stats.flush();
      const timer = setInterval(tick, 200);
      return () => {
        clearInterval(timer);
        stats.destroy();
      };
    }),
  ],
};
