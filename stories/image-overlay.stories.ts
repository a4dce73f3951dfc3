import type { Meta, StoryObj } from '@storybook/html-vite';
import type { SceneStyle } from '../src/data/scenes/paper-style';
import { ImageOverlay } from '../src/ui/image-overlay';
import { cleanup, mountLoader, renderMounted } from './support/mount';
import {
  boxSet,
  classMap,
  GOOD_DETECTOR,
  GOOD_SEGMENTER,
  sceneImage,
  sceneTruth,
  simulateDetections,
  simulateSegmentation,
  storyScenes,
} from './support/vision';

interface ImageOverlayArgs {
  width: number;
  height: number;
  title: string;
  style: SceneStyle;
  /** Which generated scene (scene i of seed 12). */
  scene: number;
  boxes: boolean;
  mask: boolean;
  truth: boolean;
  maskAlpha: number;
  /** Boxes scored below this are not shown (the Vision page's default is 0.3). */
  scoreThreshold: number;
}

const SEED = 12;

const meta = {
  title: 'Vision/ImageOverlay',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'A picture with what a vision model saw in it. The **box overlay**: one box per ' +
          'detection in its digit\'s colour, tagged "digit score". The **mask overlay**: the ' +
          "segmenter's class map as a translucent layer (background and void left clear) with " +
          'the digit legend. Either or both, and optionally the ground truth as thin untagged ' +
          'boxes, so a missed, misplaced or misread digit stands out. The colours are ' +
          '`DIGIT_COLORS`, the same in the PR curves and the live view. The scenes are real ' +
          'generated scenes of MNIST test digits; the "predictions" are seeded stand-ins (the ' +
          'ground truth jittered, sometimes misread or missed, plus a few spurious boxes), so ' +
          'the stories need no model.',
      },
    },
  },
  argTypes: {
    style: { control: 'inline-radio', options: ['clean', 'paper'] },
    scene: { control: { type: 'range', min: 0, max: 40, step: 1 } },
    width: { control: { type: 'range', min: 200, max: 720, step: 10 } },
    height: { control: { type: 'range', min: 200, max: 720, step: 10 } },
    maskAlpha: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    scoreThreshold: { control: { type: 'range', min: 0.05, max: 0.95, step: 0.05 } },
  },
  args: {
    width: 420,
    height: 456,
    title: 'Detections',
    style: 'clean',
    scene: 3,
    boxes: true,
    mask: false,
    truth: false,
    maskAlpha: 0.55,
    scoreThreshold: 0.3,
  },
} satisfies Meta<ImageOverlayArgs>;

export default meta;
type Story = StoryObj<ImageOverlayArgs>;

const overlay = mountLoader<ImageOverlayArgs>(async (root, a) => {
  const [scene] = storyScenes(1, SEED + a.scene, { style: a.style });
  const view = await ImageOverlay.create(root, {
    width: a.width,
    height: a.height,
    title: a.title,
  });
  const detections = simulateDetections(scene, GOOD_DETECTOR, a.scene);
  view.update({
    image: sceneImage(scene),
    detections: a.boxes ? boxSet(detections.filter((d) => d.score >= a.scoreThreshold)) : null,
    mask: a.mask ? classMap(simulateSegmentation(scene, GOOD_SEGMENTER, a.scene), scene) : null,
    truth: a.truth ? sceneTruth(scene) : null,
    maskAlpha: a.maskAlpha,
  });
  return () => view.destroy();
});

/** Boxes only: each tagged with the digit read and its score. */
export const BoxOverlay: Story = { loaders: [overlay] };

/** The class map only, translucent over the picture, with the digit legend. */
export const MaskOverlay: Story = {
  args: { title: 'Segmentation', boxes: false, mask: true },
  loaders: [overlay],
};

/** Boxes and mask together on a paper-style scene, with the ground truth as thin boxes. */
export const BoxesMaskAndTruth: Story = {
  args: { title: 'Detections, mask and ground truth', style: 'paper', mask: true, truth: true },
  loaders: [overlay],
};
