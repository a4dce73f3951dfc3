import type { Meta, StoryObj } from '@storybook/html-vite';
import { ACTIVATION_NAMES, type ActivationName } from '../src/ui/activation-curves';
import { ActivationPlot } from '../src/ui/activation-plot';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface ActivationArgs {
  width: number;
  height: number;
  functions: ActivationName[];
  /** Mark the values at highlightX (hovering the plot marks them too). */
  highlight: boolean;
  highlightX: number;
  /** Plot the derivatives instead (sigmoid's ceiling of 0.25 marked). */
  slopes: boolean;
  xMin: number;
  xMax: number;
  /** Fixed y range; leave both 0 for the automatic one. */
  yMin: number;
  yMax: number;
}

const meta = {
  title: 'Learn/ActivationPlot',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          "Chapter 3's activation functions on one set of axes: step, sigmoid, tanh, ReLU and " +
          'identity, computed in plain TypeScript (`activation-curves.ts`; the sigmoid never ' +
          'overflows). The legend names each curve; at a highlighted x (from `update` or by ' +
          "hovering the plot) it reads every function's value there and marks it on the curve. " +
          'The y range follows the functions shown unless fixed; curves that leave it are cut at ' +
          'the edge. With `slopes` it plots their derivatives (`SLOPES`), the factors ' +
          "backpropagation multiplies by: sigmoid's at most 0.25 (marked), ReLU's 0 or 1.",
      },
    },
  },
  argTypes: {
    functions: { control: 'check', options: [...ACTIVATION_NAMES] },
    width: { control: { type: 'range', min: 280, max: 960, step: 10 } },
    height: { control: { type: 'range', min: 180, max: 600, step: 10 } },
    highlightX: { control: { type: 'range', min: -6, max: 6, step: 0.1 } },
  },
  args: {
    width: 560,
    height: 340,
    functions: ['step', 'sigmoid', 'tanh', 'relu', 'identity'],
    highlight: false,
    highlightX: 1.5,
    slopes: false,
    xMin: -6,
    xMax: 6,
    yMin: 0,
    yMax: 0,
  },
} satisfies Meta<ActivationArgs>;

export default meta;
type Story = StoryObj<ActivationArgs>;

const fromArgs = mountLoader<ActivationArgs>(async (root, a) => {
  const fixedY = a.yMax > a.yMin ? ([a.yMin, a.yMax] as [number, number]) : undefined;
  const plot = await ActivationPlot.create(root, {
    width: a.width,
    height: a.height,
    functions: a.functions,
    xRange: a.xMax > a.xMin ? [a.xMin, a.xMax] : [-6, 6],
    yRange: fixedY,
    highlightX: a.highlight ? a.highlightX : null,
    slopes: a.slopes,
  });
  return () => plot.destroy();
});

/** Every function. Hover the plot to read the values at any x. */
export const AllFunctions: Story = { loaders: [fromArgs] };

/** The book's figure 3-8: the step jumps, the sigmoid bends smoothly between the same limits. */
export const SigmoidVsStep: Story = {
  args: { functions: ['sigmoid', 'step'], width: 480, height: 280 },
  loaders: [fromArgs],
};

/** Values read off at x = 1.5: step 1, sigmoid 0.818, tanh 0.905, ReLU and identity 1.5. */
export const WithHighlight: Story = {
  args: { functions: ['step', 'sigmoid', 'tanh', 'relu'], highlight: true, highlightX: 1.5 },
  loaders: [fromArgs],
};

/** ReLU as in the book's figure 3-9, with a fixed y range. */
export const Relu: Story = {
  name: 'ReLU',
  args: { functions: ['relu'], xMin: -6, xMax: 6, yMin: -1, yMax: 5.5, width: 420, height: 280 },
  loaders: [fromArgs],
};

/** The slopes: sigmoid's peaks at 0.25 (vanishing gradients), ReLU's is 0 or 1, the step's 0. */
export const Slopes: Story = {
  args: { functions: ['step', 'sigmoid', 'tanh', 'relu'], slopes: true, height: 260 },
  loaders: [fromArgs],
};
