import type { Meta, StoryObj } from '@storybook/html-vite';
import { type Bit, GATES, type GateName, perceptron, XOR } from '../src/nn/perceptron';
import { PerceptronPlot, type PerceptronPlotData, XOR_LAYERS } from '../src/ui/perceptron-plot';
import { cleanup, mountLoader, renderMounted } from './support/mount';

type Expected = 'none' | GateName | 'XOR';

interface PerceptronArgs {
  size: number;
  w1: number;
  w2: number;
  b: number;
  /** The gate whose truth table the points are checked against. */
  expected: Expected;
  /** Draw XOR as two layers (NAND and OR lines) instead of one perceptron. */
  twoLayers: boolean;
}

const INPUTS: Array<[Bit, Bit]> = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];

function expectedBits(gate: Expected): Bit[] | undefined {
  if (gate === 'none') return undefined;
  return INPUTS.map(([a, b]) => (gate === 'XOR' ? XOR(a, b) : perceptron(GATES[gate], a, b)));
}

function dataFromArgs(a: PerceptronArgs): PerceptronPlotData {
  if (a.twoLayers) return XOR_LAYERS;
  const label = a.expected === 'none' ? undefined : a.expected;
  return { w1: a.w1, w2: a.w2, b: a.b, label, expected: expectedBits(a.expected) };
}

const meta = {
  title: 'Learn/PerceptronPlot',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          "Chapter 2's picture of a perceptron, y = 1 when w1·x1 + w2·x2 + b > 0. The input " +
          'plane shows the four inputs (0,0), (1,0), (0,1), (1,1) as dots, filled when the ' +
          'output is 1 and hollow when it is 0, the decision line w1·x1 + w2·x2 + b = 0, and the ' +
          'y = 1 side of it shaded. Given the expected outputs of a gate, each wrong point gets a ' +
          'ring in the warning colour. One line cannot separate XOR; two layers can: ' +
          '`update({ layers: [NAND, OR] })` draws both hidden lines and shades the band between ' +
          'them where AND(NAND, OR) = 1. With w1 = w2 = 0 there is no line and the whole plane ' +
          'is one colour.',
      },
    },
  },
  argTypes: {
    size: { control: { type: 'range', min: 240, max: 560, step: 10 } },
    w1: { control: { type: 'range', min: -1, max: 1, step: 0.05 } },
    w2: { control: { type: 'range', min: -1, max: 1, step: 0.05 } },
    b: { control: { type: 'range', min: -1, max: 1, step: 0.05 } },
    expected: { control: 'select', options: ['none', 'AND', 'NAND', 'OR', 'XOR'] },
  },
  args: { size: 360, ...GATES.AND, expected: 'AND', twoLayers: false },
} satisfies Meta<PerceptronArgs>;

export default meta;
type Story = StoryObj<PerceptronArgs>;

const fromArgs = mountLoader<PerceptronArgs>(async (root, a) => {
  const plot = await PerceptronPlot.create(root, { size: a.size });
  plot.update(dataFromArgs(a));
  return () => plot.destroy();
});

/** The book's AND: 0.5, 0.5, −0.7. Only (1,1) is on the shaded side. */
export const AND: Story = { loaders: [fromArgs] };

/** NAND is AND with every sign flipped: the same line, the other side shaded. */
export const NAND: Story = {
  args: { ...GATES.NAND, expected: 'NAND' },
  loaders: [fromArgs],
};

/** OR moves the line towards the origin (b = −0.2): three points on the y = 1 side. */
export const OR: Story = {
  args: { ...GATES.OR, expected: 'OR' },
  loaders: [fromArgs],
};

/**
 * XOR as two layers: s1 = NAND and s2 = OR are two lines, and y = AND(s1, s2) is 1 in the
 * band between them, where exactly one input is 1.
 */
export const XORTwoLayers: Story = {
  args: { twoLayers: true, expected: 'XOR' },
  argTypes: {
    w1: { table: { disable: true } },
    w2: { table: { disable: true } },
    b: { table: { disable: true } },
  },
  loaders: [fromArgs],
};

/** Any weights: try to make one line do XOR, and watch at least one ring stay. */
export const Custom: Story = {
  args: { w1: 1, w2: -0.3, b: -0.2, expected: 'XOR' },
  loaders: [fromArgs],
};

/** w1 = w2 = 0: no line; the output is the sign of b everywhere. */
export const NoLine: Story = {
  args: { w1: 0, w2: 0, b: 0.3, expected: 'none' },
  loaders: [fromArgs],
};
