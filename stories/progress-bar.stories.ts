import type { Meta, StoryObj } from '@storybook/html-vite';
import { ProgressBar, type ProgressState } from '../src/ui/progress-bar';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface ProgressArgs {
  label: string;
  width: number;
  state: ProgressState;
  step: number;
  total: number;
  samplesPerSecond: number;
  etaSeconds: number;
  elapsedSeconds: number;
  message: string;
}

const states: ProgressState[] = ['idle', 'running', 'paused', 'stopped', 'done', 'error'];

const meta = {
  title: 'Controls/ProgressBar',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'Training progress in plain DOM: state badge, step i/N, percent, ETA (mm:ss) and ' +
          "samples/s. The ETA is the caller's when given, otherwise estimated from a smoothed " +
          'step rate, so one slow step (a GC pause, shader compilation) does not make it jump. ' +
          'The bar is `role="progressbar"` with `aria-valuenow` and a spoken `aria-valuetext`.',
      },
    },
  },
  argTypes: {
    state: { control: 'select', options: states },
    width: { control: { type: 'range', min: 240, max: 900, step: 10 } },
  },
  args: {
    label: 'Training',
    width: 560,
    state: 'running',
    step: 2340,
    total: 6000,
    samplesPerSecond: 9120,
    etaSeconds: 40,
    elapsedSeconds: 25.6,
    message: '',
  },
} satisfies Meta<ProgressArgs>;

export default meta;
type Story = StoryObj<ProgressArgs>;

const fromArgs = mountLoader<ProgressArgs>(async (root, a) => {
  const bar = await ProgressBar.create(root, { label: a.label, width: a.width });
  bar.update({
    step: a.step,
    total: a.total,
    state: a.state,
    samplesPerSecond: a.state === 'running' ? a.samplesPerSecond : undefined,
    etaSeconds: a.etaSeconds,
    elapsedSeconds: a.elapsedSeconds,
    message: a.message || undefined,
  });
  return () => bar.destroy();
});

export const Running: Story = { loaders: [fromArgs] };

export const Paused: Story = {
  args: { state: 'paused', message: 'paused by user at epoch 3' },
  loaders: [fromArgs],
};

export const Done: Story = {
  args: { state: 'done', step: 6000, elapsedSeconds: 66.2 },
  loaders: [fromArgs],
};

export const ErrorState: Story = {
  name: 'Error',
  args: { state: 'error', step: 812, message: 'loss became NaN at step 812 (learning rate 10)' },
  loaders: [fromArgs],
};

export const Idle: Story = {
  args: { state: 'idle', step: 0, elapsedSeconds: 0 },
  loaders: [fromArgs],
};

/** Steps arriving from a simulated trainer; the ETA is estimated by the bar itself. */
export const LiveTraining: Story = {
  args: { total: 600 },
  loaders: [
    mountLoader<ProgressArgs>(async (root, a) => {
      const bar = await ProgressBar.create(root, { label: a.label, width: a.width });
      const batch = 100;
      let step = Math.round(a.total * 0.2);
      const started = performance.now();
      const tick = (): void => {
        step = step >= a.total ? 0 : step + 3;
        const elapsed = (performance.now() - started) / 1000;
        bar.update({
          step,
          total: a.total,
          state: step >= a.total ? 'done' : 'running',
          samplesPerSecond: (3 * batch) / 0.1,
          elapsedSeconds: elapsed,
        });
      };
      tick();
      const timer = setInterval(tick, 100);
      return () => {
        clearInterval(timer);
        bar.destroy();
      };
    }),
  ],
};
