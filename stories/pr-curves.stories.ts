import type { Meta, StoryObj } from '@storybook/html-vite';
import { LineChart } from '../src/ui/line-chart';
import { DIGIT_COLORS, prCurvePoints } from '../src/ui/vision-palette';
import { cleanup, mountLoader, renderMounted } from './support/mount';
import {
  type DetectorQuality,
  evaluateStandIn,
  GOOD_DETECTOR,
  POOR_DETECTOR,
  storyScenes,
} from './support/vision';

interface PrCurvesArgs extends DetectorQuality {
  width: number;
  height: number;
  /** Generated held-out scenes the stand-in detector is scored on. */
  scenes: number;
  seed: number;
}

const meta = {
  title: 'Vision/PR curves',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          "A detector's per-digit precision-recall curves at IoU 0.5, as the Vision page's " +
          '"Train it here" shows them: the `LineChart` with one series per digit in its own ' +
          '`DIGIT_COLORS` colour (the same as its boxes and mask), fed by `prCurvePoints`. ' +
          'The curves are honest: a real `evaluateDetections` run (COCO matching, 101-point ' +
          'interpolation) on generated scenes of MNIST test digits, scoring a seeded stand-in ' +
          'detector: the ground truth boxes with jittered edges, scores lower the worse a box ' +
          'sits, some digits missed or read as a look-alike, and a few boxes on nothing. The ' +
          "title gives the run's mAP; each legend entry reads the precision where the curve " +
          'ends (its highest recall).',
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 280, max: 900, step: 10 } },
    height: { control: { type: 'range', min: 180, max: 600, step: 10 } },
    scenes: { control: { type: 'range', min: 1, max: 400, step: 1 } },
    jitter: { control: { type: 'range', min: 0, max: 0.4, step: 0.01 } },
    missRate: { control: { type: 'range', min: 0, max: 0.5, step: 0.01 } },
    confusion: { control: { type: 'range', min: 0, max: 0.5, step: 0.01 } },
    falsePositives: { control: { type: 'range', min: 0, max: 5, step: 0.1 } },
  },
  args: { width: 560, height: 340, scenes: 120, seed: 4, ...GOOD_DETECTOR },
} satisfies Meta<PrCurvesArgs>;

export default meta;
type Story = StoryObj<PrCurvesArgs>;

const curves = mountLoader<PrCurvesArgs>(async (root, a) => {
  const scenes = storyScenes(a.scenes, a.seed);
  const { result } = evaluateStandIn(scenes, a, a.seed);
  const chart = await LineChart.create(root, {
    width: a.width,
    height: a.height,
    title: `PR at IoU 0.5 · mAP@0.5 ${result.map50.toFixed(2)} · mAP ${result.map.toFixed(2)}`,
    xLabel: 'recall',
    yLabel: 'precision',
    xRange: [0, 1],
    yRange: [0, 1],
    series: DIGIT_COLORS.map((color, d) => ({ name: String(d), color })),
  });
  chart.update({ series: prCurvePoints(result.categories.map((c) => c.precisionAt50)) });
  root.dataset.map50 = result.map50.toFixed(3);
  return () => chart.destroy();
});

/** A detector near the page's target (mAP@0.5 0.95 with these args). */
export const PrCurves: Story = { loaders: [curves] };

/** Early in training (mAP@0.5 0.60): loose boxes, look-alikes and spurious boxes. */
export const PrCurvesEarlyDetector: Story = {
  args: { ...POOR_DETECTOR },
  loaders: [curves],
};
