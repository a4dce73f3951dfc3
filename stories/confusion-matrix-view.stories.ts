import type { Meta, StoryObj } from '@storybook/html-vite';
import { SEGMENTATION_CLASSES } from '../src/data/scenes/scene';
import { ConfusionMatrixView } from '../src/ui/confusion-matrix-view';
import { ConfusionMatrix } from '../src/vision/metrics/segmentation';
import { cleanup, mountLoader, renderMounted } from './support/mount';
import { simulateSegmentation, storyScenes } from './support/vision';

interface ConfusionArgs {
  title: string;
  cell: number;
  /** Generated scenes the stand-in segmenter is scored on. */
  scenes: number;
  /** Chance that a pixel on a digit's edge goes the wrong way. */
  edgeError: number;
  /** Chance (times the digit's hardness) that a whole digit is painted as a similar one. */
  confusion: number;
  /** Leave the matrix empty (before the first evaluation). */
  empty: boolean;
}

const meta = {
  title: 'Vision/ConfusionMatrixView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          "A segmenter's pixel confusion matrix over background and the ten digits: rows are " +
          'the true class, columns the predicted one, each cell shaded by its share of the ' +
          "row's pixels (the diagonal, what the model got right, in the accent colour; mistakes " +
          'in the warning colour) and the share written in cells of 22 px or more. Shares per ' +
          'row make a small class read as clearly as the background, which holds most pixels. ' +
          'Here the counts are real `ConfusionMatrix` counts (src/vision/metrics) of a seeded ' +
          'stand-in segmenter on generated scenes of MNIST test digits: the true class maps with ' +
          'ragged edges and some digits painted as the digit they resemble (4 as 9, 5 as 3 ...).',
      },
    },
  },
  argTypes: {
    cell: { control: { type: 'range', min: 12, max: 48, step: 1 } },
    scenes: { control: { type: 'range', min: 1, max: 200, step: 1 } },
    edgeError: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    confusion: { control: { type: 'range', min: 0, max: 0.6, step: 0.02 } },
  },
  args: {
    title: 'Confusion (row %)',
    cell: 30,
    scenes: 60,
    edgeError: 0.25,
    confusion: 0.08,
    empty: false,
  },
} satisfies Meta<ConfusionArgs>;

export default meta;
type Story = StoryObj<ConfusionArgs>;

const matrix = mountLoader<ConfusionArgs>(async (root, a) => {
  const view = await ConfusionMatrixView.create(root, { title: a.title, cell: a.cell });
  if (!a.empty) {
    const confusion = new ConfusionMatrix(SEGMENTATION_CLASSES);
    const quality = { edgeError: a.edgeError, confusion: a.confusion };
    storyScenes(a.scenes, 21).forEach((scene, i) => {
      confusion.add(scene.labels, simulateSegmentation(scene, quality, i));
    });
    view.update({ counts: confusion.counts, classes: SEGMENTATION_CLASSES });
    root.dataset.meanIou = confusion.scores().meanIou.toFixed(3);
  }
  return () => view.destroy();
});

export const SegmenterConfusion: Story = { loaders: [matrix] };

/** An early model: ragged edges and many digits painted as their look-alikes. */
export const EarlyInTraining: Story = {
  args: { title: 'Confusion (row %), early in training', edgeError: 0.7, confusion: 0.4 },
  loaders: [matrix],
};

/** Cells too small for their numbers (as on a phone): shading only. */
export const Compact: Story = {
  args: { title: 'Confusion', cell: 16 },
  loaders: [matrix],
};

export const Empty: Story = {
  args: { empty: true },
  loaders: [matrix],
};
