import type { Meta, StoryObj } from '@storybook/html-vite';
import { chooseBackend } from '../src/nn/backend';
import { weightInitActivations } from '../src/nn/experiments/weight-init-activations';
import { HistogramGrid } from '../src/ui/histogram-grid';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface HistogramArgs {
  cellWidth: number;
  cellHeight: number;
  /** Random inputs pushed through the layers. */
  inputs: number;
}

const meta = {
  title: 'Experiments/HistogramGrid',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'One small histogram per (row, column): here, book figs. 6-10 to 6-14, the activations ' +
          'of each of 5 layers (columns) for each weight initialisation (rows), computed by the ' +
          'real experiment (src/nn/experiments/weight-init-activations.ts) on the tfjs cpu backend. ' +
          'Each cell is scaled to its own tallest bar so shapes compare: sigmoid with std 1 piles ' +
          'up at 0 and 1, std 0.01 collapses to one value, Xavier and He keep a spread.',
      },
    },
  },
  argTypes: {
    cellWidth: { control: { type: 'range', min: 60, max: 200, step: 10 } },
    cellHeight: { control: { type: 'range', min: 30, max: 120, step: 5 } },
    inputs: { control: { type: 'range', min: 50, max: 1000, step: 50 } },
  },
  args: { cellWidth: 110, cellHeight: 56, inputs: 200 },
} satisfies Meta<HistogramArgs>;

export default meta;
type Story = StoryObj<HistogramArgs>;

export const WeightInitActivations: Story = {
  loaders: [
    mountLoader<HistogramArgs>(async (root, a) => {
      await chooseBackend({ request: 'cpu', gpu: null });
      const result = weightInitActivations({ inputs: a.inputs, seed: 0 });
      const grid = await HistogramGrid.create(root, {
        cellWidth: a.cellWidth,
        cellHeight: a.cellHeight,
      });
      grid.update({ rows: result.cases.map((c) => ({ label: c.label, cells: c.histograms })) });
      return () => grid.destroy();
    }),
  ],
};

export const Empty: Story = {
  loaders: [
    mountLoader<HistogramArgs>(async (root, a) => {
      const grid = await HistogramGrid.create(root, {
        cellWidth: a.cellWidth,
        cellHeight: a.cellHeight,
      });
      return () => grid.destroy();
    }),
  ],
};
