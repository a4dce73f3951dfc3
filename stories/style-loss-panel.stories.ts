import type { Meta, StoryObj } from '@storybook/html-vite';
import { StyleLossPanel } from '../src/ui/style-loss-panel';
import { cleanup, mountLoader, renderMounted } from './support/mount';
import { lossCurve } from './support/style';

interface LossArgs {
  width: number;
  height: number;
  steps: number;
  styleWeight: number;
  seed: number;
  /** Seconds a step takes (the random filters ~0.23 at 256 px, the trained net ~0.8). */
  secondsPerStep: number;
}

const meta = {
  title: 'Vision/StyleLossPanel',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'The losses of a style transfer as it optimises, per step, on a log scale: the ' +
          'content, style and total-variation terms each times its weight, and their sum. ' +
          'The weighted terms add up to the total, so the chart shows which term pulls ' +
          'hardest; the line above says the step, the seconds, steps per second and the ' +
          'weights. The content term starts at 0 (the picture starts as the content) and ' +
          'rises as the style moves in; the style term falls over decades; the jump at 60 % ' +
          'of the steps is the coarse pass (half size) giving way to the full size. The ' +
          'curves in these stories are synthetic, shaped like a real run.',
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 280, max: 900, step: 10 } },
    height: { control: { type: 'range', min: 160, max: 420, step: 10 } },
    steps: { control: { type: 'range', min: 0, max: 500, step: 10 } },
    styleWeight: { control: { type: 'range', min: 1, max: 100, step: 1 } },
    secondsPerStep: { control: { type: 'range', min: 0.05, max: 2, step: 0.05 } },
  },
  args: { width: 560, height: 260, steps: 100, styleWeight: 20, seed: 3, secondsPerStep: 0.23 },
} satisfies Meta<LossArgs>;

export default meta;
type Story = StoryObj<LossArgs>;

const weights = (a: LossArgs) => ({ content: 1, style: a.styleWeight, tv: 1 });

const finished = mountLoader<LossArgs>(async (root, a) => {
  const panel = await StyleLossPanel.create(root, {
    width: a.width,
    height: a.height,
    title: 'Losses (weighted, log scale)',
  });
  const points = lossCurve(a.steps, a.seed, a.secondsPerStep).map((p) => ({
    ...p,
    total: p.content + a.styleWeight * p.style + p.tv,
  }));
  panel.update({ points, weights: weights(a), steps: a.steps });
  return () => panel.destroy();
});

export const Finished: Story = { loaders: [finished] };

/** The trained DeepConvNet: about 3.6 times as long a step at 256 x 256. */
export const TrainedNet: Story = {
  args: { secondsPerStep: 0.82, seed: 8 },
  loaders: [finished],
};

/** Steps arriving as the worker sends them, a run restarting at the end. */
export const Live: Story = {
  args: { steps: 120 },
  loaders: [
    mountLoader<LossArgs>(async (root, a) => {
      const panel = await StyleLossPanel.create(root, {
        width: a.width,
        height: a.height,
        title: 'Losses (weighted, log scale)',
      });
      const curve = lossCurve(a.steps, a.seed, a.secondsPerStep);
      let next = 0;
      const tick = () => {
        if (next >= curve.length) {
          next = 0;
          panel.update({ points: [], weights: weights(a), steps: a.steps });
        }
        const p = curve[next++];
        if (p) panel.append({ ...p, total: p.content + a.styleWeight * p.style + p.tv });
      };
      panel.update({ points: [], weights: weights(a), steps: a.steps });
      for (let i = 0; i < 30; i++) tick();
      const timer = setInterval(tick, 120);
      return () => {
        clearInterval(timer);
        panel.destroy();
      };
    }),
  ],
};

export const NoStepsYet: Story = {
  args: { steps: 0 },
  loaders: [finished],
};
