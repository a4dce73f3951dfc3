import type { Meta, StoryObj } from '@storybook/html-vite';
import { chooseBackend } from '../src/nn/backend';
import { optimizerPaths } from '../src/nn/experiments/optimizer-paths';
import { OptimizerPathPlot } from '../src/ui/optimizer-path-plot';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface PathArgs {
  width: number;
  height: number;
  /** Optimizer steps to show. */
  steps: number;
}

const meta = {
  title: 'Experiments/OptimizerPathPlot',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'Book fig. 6-8: the path each update rule takes from (-7, 2) towards the minimum of ' +
          'f(x, y) = x²/20 + y², over the contour ellipses of f. The stories run the real ' +
          'experiment (src/nn/experiments/optimizer-paths.ts, our optimizers on the tfjs cpu ' +
          'backend): SGD zig-zags across the narrow valley, Momentum overshoots and rolls back, ' +
          'AdaGrad and Adam head straight for it.',
      },
    },
  },
  argTypes: {
    steps: { control: { type: 'range', min: 1, max: 60, step: 1 } },
    width: { control: { type: 'range', min: 320, max: 800, step: 10 } },
    height: { control: { type: 'range', min: 220, max: 500, step: 10 } },
  },
  args: { width: 560, height: 320, steps: 30 },
} satisfies Meta<PathArgs>;

export default meta;
type Story = StoryObj<PathArgs>;

const fromExperiment = mountLoader<PathArgs>(async (root, a) => {
  await chooseBackend({ request: 'cpu', gpu: null });
  const result = optimizerPaths(a.steps);
  const plot = await OptimizerPathPlot.create(root, { width: a.width, height: a.height });
  plot.update({
    paths: result.paths.map((p) => ({ name: `${p.optimizer} (lr ${p.lr})`, points: p.points })),
  });
  return () => plot.destroy();
});

export const BookFigure: Story = { loaders: [fromExperiment] };

export const FirstSteps: Story = { args: { steps: 5 }, loaders: [fromExperiment] };

export const NoPaths: Story = {
  loaders: [
    mountLoader<PathArgs>(async (root, a) => {
      const plot = await OptimizerPathPlot.create(root, { width: a.width, height: a.height });
      return () => plot.destroy();
    }),
  ],
};
