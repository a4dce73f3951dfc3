import type { Meta, StoryObj } from '@storybook/html-vite';
import type { ValueFormat } from '../src/ui/chart-scale';
import { ACCURACY_AXIS, LineChart, type Point } from '../src/ui/line-chart';
import { cleanup, gaussian, mountLoader, renderMounted, rng } from './support/mount';

interface LineChartArgs {
  width: number;
  height: number;
  title: string;
  xLabel: string;
  yLabel: string;
  logY: boolean;
  yFormat: ValueFormat;
  /** Points in the generated loss curve. */
  points: number;
  /** Spread of the minibatch noise (log-normal sigma). */
  noise: number;
}

/**
 * A minibatch loss curve as training produces it: from ln(10) ≈ 2.3 (a uniform guess over
 * ten classes) decaying toward a floor, with multiplicative noise, plus its moving average.
 */
function lossCurve(n: number, noise: number, seed = 7): { raw: Point[]; smooth: Point[] } {
  const normal = gaussian(rng(seed));
  const raw: Point[] = [];
  const smooth: Point[] = [];
  let ema = Number.NaN;
  for (let step = 0; step < n; step++) {
    const base = 2.2 * Math.exp(-step / (n / 9)) + 0.35 * Math.exp(-step / (n / 1.5)) + 0.06;
    const y = base * Math.exp(noise * normal());
    raw.push([step, y]);
    ema = Number.isNaN(ema) ? y : 0.97 * ema + 0.03 * y;
    smooth.push([step, ema]);
  }
  return { raw, smooth };
}

const lossSeries = [
  { name: 'loss', label: 'minibatch loss', colorIndex: 1 },
  { name: 'smooth', label: 'moving avg', colorIndex: 0 },
];

const meta = {
  title: 'Charts/LineChart',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'A live multi-series line chart drawn with Pixi (the same renderer and theme as every ' +
          'other canvas in the app, rather than a chart library). Axes use nice-number ticks, ' +
          'y may be fixed, fitted, fitted within bounds (accuracy: `ACCURACY_AXIS`, inside 0..1 and at ' +
          'least 5 points tall, so 91% -> 93.5% is seen to rise), or log-scaled; the legend reads out each ' +
          "series' latest value. `append(name, points)` streams data: points are kept in typed " +
          'arrays and drawn with min/max decimation per pixel column, at most one redraw per ' +
          'frame, so tens of thousands of points stay cheap.',
      },
    },
  },
  argTypes: {
    yFormat: { control: 'inline-radio', options: ['number', 'percent'] },
    width: { control: { type: 'range', min: 240, max: 960, step: 10 } },
    height: { control: { type: 'range', min: 160, max: 600, step: 10 } },
    points: { control: { type: 'range', min: 0, max: 50000, step: 100 } },
    noise: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
  },
  args: {
    width: 640,
    height: 300,
    title: 'Training loss',
    xLabel: 'step',
    yLabel: 'cross-entropy',
    logY: false,
    yFormat: 'number',
    points: 3000,
    noise: 0.3,
  },
} satisfies Meta<LineChartArgs>;

export default meta;
type Story = StoryObj<LineChartArgs>;

export const LossCurve: Story = {
  loaders: [
    mountLoader<LineChartArgs>(async (root, a) => {
      const chart = await LineChart.create(root, { ...a, series: lossSeries });
      const { raw, smooth } = lossCurve(a.points, a.noise);
      chart.update({ series: { loss: raw, smooth } });
      return () => chart.destroy();
    }),
  ],
};

export const LossCurveLogScale: Story = {
  args: { logY: true, points: 12000, title: 'Training loss (log scale)' },
  loaders: LossCurve.loaders,
};

interface Epoch {
  train: number;
  test: number;
}

/** Train/test accuracy per epoch, the book's ch. 4 plot: both rising, test a little lower. */
function accuracy(epochs: number): Epoch[] {
  const u = rng(3);
  return Array.from({ length: epochs }, (_, i) => {
    const e = i + 1;
    const train = 0.985 - 0.9 * Math.exp(-e / 1.6) + (u() - 0.5) * 0.004;
    return { train, test: train - 0.006 - 0.0025 * e * 0.2 + (u() - 0.5) * 0.006 };
  });
}

export const AccuracyCurves: Story = {
  args: {
    title: 'Accuracy',
    xLabel: 'epoch',
    yLabel: 'accuracy',
    yFormat: 'percent',
    height: 280,
    points: 17,
  },
  argTypes: { points: { name: 'epochs', control: { type: 'range', min: 0, max: 100, step: 1 } } },
  loaders: [
    mountLoader<LineChartArgs>(async (root, a) => {
      const chart = await LineChart.create(root, {
        ...a,
        ...ACCURACY_AXIS,
        xIntegers: true,
        series: [
          { name: 'train', label: 'train', colorIndex: 0 },
          { name: 'test', label: 'test', colorIndex: 2 },
        ],
      });
      const epochs = accuracy(a.points);
      chart.update({
        series: {
          train: epochs.map((e, i): Point => [i + 1, e.train]),
          test: epochs.map((e, i): Point => [i + 1, e.test]),
        },
      });
      return () => chart.destroy();
    }),
  ],
};

/**
 * Late in training: test accuracy from 91% to 93.5% over eight epochs. A fixed 0..1 axis drew
 * this as a flat line; the accuracy axis fits it.
 */
export const AccuracyNearTheTop: Story = {
  args: {
    title: 'Accuracy (late epochs)',
    xLabel: 'epoch',
    yLabel: 'accuracy',
    yFormat: 'percent',
    height: 280,
  },
  loaders: [
    mountLoader<LineChartArgs>(async (root, a) => {
      const chart = await LineChart.create(root, {
        ...a,
        ...ACCURACY_AXIS,
        xIntegers: true,
        series: [{ name: 'test', label: 'test', colorIndex: 2 }],
      });
      const test = [0.91, 0.917, 0.921, 0.924, 0.929, 0.927, 0.932, 0.935];
      chart.update({ series: { test: test.map((y, i): Point => [i + 1, y]) } });
      return () => chart.destroy();
    }),
  ],
};

export const Empty: Story = {
  args: { title: 'Training loss', points: 0 },
  loaders: [
    mountLoader<LineChartArgs>(async (root, a) => {
      const chart = await LineChart.create(root, { ...a, series: lossSeries });
      return () => chart.destroy();
    }),
  ],
};

/** Streams a loss curve in bursts, as the trainer worker reports steps; restarts at the end. */
export const LiveStreaming: Story = {
  args: { title: 'Training loss (live)', points: 20000, noise: 0.3 },
  loaders: [
    mountLoader<LineChartArgs>(async (root, a) => {
      const chart = await LineChart.create(root, { ...a, series: lossSeries });
      const total = Math.max(100, a.points);
      const { raw, smooth } = lossCurve(total, a.noise, 11);
      const perTick = Math.max(1, Math.round(total / 400));
      let at = 0;
      const send = (): void => {
        if (at >= total) {
          chart.clear();
          at = 0;
        }
        const end = Math.min(total, at + perTick);
        chart.append('loss', raw.slice(at, end));
        chart.append('smooth', smooth.slice(at, end));
        at = end;
      };
      // Start a tenth of the way in, so the first frame already shows a curve.
      while (at < total / 10) send();
      const timer = setInterval(send, 50);
      return () => {
        clearInterval(timer);
        chart.destroy();
      };
    }),
  ],
};
