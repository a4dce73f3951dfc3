import type { Meta, StoryObj } from '@storybook/html-vite';
import type { SceneStyle } from '../src/data/scenes/paper-style';
import type { Scene } from '../src/data/scenes/scene';
import { type SceneCell, SceneGrid } from '../src/ui/scene-grid';
import { boxIou } from '../src/vision/metrics/boxes';
import type { ScoredBox } from '../src/vision/metrics/coco-eval';
import { cleanup, mountLoader, renderMounted } from './support/mount';
import {
  boxSet,
  classMap,
  GOOD_DETECTOR,
  GOOD_SEGMENTER,
  POOR_DETECTOR,
  sceneImage,
  sceneTruth,
  simulateDetections,
  simulateSegmentation,
  storyScenes,
} from './support/vision';

interface SceneGridArgs {
  title: string;
  count: number;
  columns: number;
  cell: number;
  style: SceneStyle;
  seed: number;
  /** What the cells show over the picture. */
  show: 'detections' | 'mask';
  /** A weaker stand-in detector: more misplaced, misread and spurious boxes. */
  poorDetector: boolean;
  /** Boxes scored below this are not shown (the Vision page's default is 0.3). */
  scoreThreshold: number;
}

const meta = {
  title: 'Vision/SceneGrid',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'Scenes side by side, as the training page shows its sample predictions and the ' +
          'fallback demo its generated scenes: each with its ground truth (thin boxes) and a ' +
          "model's boxes (coloured, tagged) or class map, a caption under each, and the digit " +
          'legend. The card grows with the rows it needs. The scenes are generated from MNIST ' +
          'test digits; predictions are seeded stand-ins for a model (ground truth jittered, ' +
          'misread or missed now and then); each caption counts the digits a shown box read right ' +
          '(same digit, IoU >= 0.5); boxes under the score threshold are hidden, as on the page.',
      },
    },
  },
  argTypes: {
    style: { control: 'inline-radio', options: ['clean', 'paper'] },
    show: { control: 'inline-radio', options: ['detections', 'mask'] },
    count: { control: { type: 'range', min: 0, max: 24, step: 1 } },
    columns: { control: { type: 'range', min: 1, max: 8, step: 1 } },
    cell: { control: { type: 'range', min: 64, max: 256, step: 8 } },
    scoreThreshold: { control: { type: 'range', min: 0.05, max: 0.95, step: 0.05 } },
  },
  args: {
    title: 'Sample predictions (held-out scenes)',
    count: 6,
    columns: 3,
    cell: 150,
    style: 'clean',
    seed: 5,
    show: 'detections',
    poorDetector: false,
    scoreThreshold: 0.3,
  },
} satisfies Meta<SceneGridArgs>;

export default meta;
type Story = StoryObj<SceneGridArgs>;

/** Digits with a shown box of the same digit on them (IoU >= 0.5). */
function digitsRead(scene: Scene, shown: readonly ScoredBox[]): number {
  return scene.objects.filter((o) =>
    shown.some((d) => d.categoryId === o.categoryId && boxIou(d.bbox, o.bbox) >= 0.5),
  ).length;
}

const grid = mountLoader<SceneGridArgs>(async (root, a) => {
  const scenes = storyScenes(a.count, a.seed, { style: a.style });
  const view = await SceneGrid.create(root, {
    columns: a.columns,
    cell: a.cell,
    title: a.title,
    rows: Math.max(1, Math.ceil(a.count / a.columns)),
  });
  const quality = a.poorDetector ? POOR_DETECTOR : GOOD_DETECTOR;
  view.update({
    scenes: scenes.map((scene, i) => {
      const cell: SceneCell = { image: sceneImage(scene), truth: sceneTruth(scene) };
      const digits = scene.objects.length;
      if (a.show === 'mask') {
        const labels = simulateSegmentation(scene, GOOD_SEGMENTER, a.seed * 100 + i);
        return { ...cell, mask: classMap(labels, scene), caption: `${digits} digits` };
      }
      const dets = simulateDetections(scene, quality, a.seed * 100 + i);
      const shown = dets.filter((d) => d.score >= a.scoreThreshold);
      return {
        ...cell,
        detections: boxSet(shown),
        caption: `${digitsRead(scene, shown)}/${digits} read`,
      };
    }),
  });
  return () => view.destroy();
});

export const SamplePredictions: Story = { loaders: [grid] };

export const PoorDetectorOnPaper: Story = {
  args: {
    title: 'An early detector on paper-style scenes',
    style: 'paper',
    poorDetector: true,
    seed: 8,
  },
  loaders: [grid],
};

export const SegmentationSamples: Story = {
  args: { title: 'Segmentation samples', show: 'mask', count: 8, columns: 4, cell: 128 },
  loaders: [grid],
};

export const Empty: Story = {
  args: { title: 'Sample predictions', count: 0 },
  loaders: [grid],
};
