import type { Meta, StoryObj } from '@storybook/html-vite';
import { ImageGrid } from '../src/ui/image-grid';
import { rowPerDigit, stageImages, type TrainingStage } from './support/gan';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface SampleGridArgs {
  stage: TrainingStage;
  /** Noise vectors per row (the conditional grid: samples per digit). */
  columns: number;
  rows: number;
  scale: number;
}

const meta = {
  title: 'Vision/GAN sample grid',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'The "Make digits" studio shows a GAN\'s fixed-noise samples in an `ImageGrid` without ' +
          'captions (scale 2, gap 4): the same noise vectors every time, so what changes from ' +
          'one picture to the next is the generator. For a conditional DCGAN the grid has a row ' +
          'per digit, 0 at the top, and each column keeps one noise vector, so it writes every ' +
          "digit in one hand. The worker sends the pixels in 0..1 (tanh's -1..1 mapped), white " +
          "ink on black as MNIST's. These stories show stand-ins made from MNIST test digits, " +
          "not a generator's output: flat grey for an untrained generator (tanh of nearly 0), one " +
          'blob early on, blurred strokes while it learns, digits once trained, and one digit ' +
          'over and over for mode collapse.',
      },
    },
  },
  argTypes: {
    stage: {
      control: 'inline-radio',
      options: ['untrained', 'early', 'learning', 'trained', 'collapsed'],
    },
    columns: { control: { type: 'range', min: 1, max: 12, step: 1 } },
    rows: { control: { type: 'range', min: 1, max: 12, step: 1 } },
    scale: { control: { type: 'range', min: 1, max: 6, step: 1 } },
  },
  args: { stage: 'trained', columns: 8, rows: 8, scale: 2 },
} satisfies Meta<SampleGridArgs>;

export default meta;
type Story = StoryObj<SampleGridArgs>;

const fixedNoiseGrid = mountLoader<SampleGridArgs>(async (root, a) => {
  const count = a.rows * a.columns;
  const grid = await ImageGrid.create(root, {
    columns: a.columns,
    rows: a.rows,
    scale: a.scale,
    gap: 4,
    captions: false,
  });
  grid.update({ images: stageImages(a.stage, count), shape: [count, 28, 28] });
  return () => grid.destroy();
});

export const Trained: Story = { loaders: [fixedNoiseGrid] };

export const Untrained: Story = { args: { stage: 'untrained' }, loaders: [fixedNoiseGrid] };

export const Learning: Story = { args: { stage: 'learning' }, loaders: [fixedNoiseGrid] };

export const ModeCollapse: Story = { args: { stage: 'collapsed' }, loaders: [fixedNoiseGrid] };

export const RowPerDigit: Story = {
  args: { rows: 10, columns: 8 },
  loaders: [
    mountLoader<SampleGridArgs>(async (root, a) => {
      const grid = await ImageGrid.create(root, {
        columns: a.columns,
        rows: 10,
        scale: a.scale,
        gap: 4,
        captions: false,
      });
      grid.update({ images: rowPerDigit(a.columns), shape: [10 * a.columns, 28, 28] });
      return () => grid.destroy();
    }),
  ],
};
