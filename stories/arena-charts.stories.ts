import type { Meta, StoryObj } from '@storybook/html-vite';
import { returnCurve } from '../src/ui/arena-math';
import { LineChart, type Point } from '../src/ui/line-chart';
import { cleanup, gaussian, mountLoader, renderMounted, rng } from './support/mount';

interface ChartArgs {
  width: number;
  height: number;
  /** Episodes in the return curve. */
  episodes: number;
  /** Moving-average window, in episodes. */
  window: number;
  seed: number;
}

/**
 * Episode returns of a DQN learning CartPole, made up: short episodes at first, a rise once
 * the replay buffer holds enough, noisy episodes that still fall early, and the 500 cap.
 */
function cartPoleReturns(episodes: number, seed: number): number[] {
  const u = rng(seed);
  const normal = gaussian(u);
  return Array.from({ length: episodes }, (_, i) => {
    const skill = 1 / (1 + Math.exp(-(i - episodes * 0.45) / (episodes * 0.08)));
    const mean = 20 + 480 * skill;
    const failed = u() < 0.25 * (1 - skill * 0.6);
    const r = failed ? 10 + u() * mean * 0.4 : mean * (1 + 0.25 * normal());
    return Math.round(Math.min(500, Math.max(8, r)));
  });
}

/** Huber TD loss per update: rises while targets move, then settles, with heavy noise. */
function tdLoss(updates: number, seed: number): Point[] {
  const normal = gaussian(rng(seed));
  const out: Point[] = [];
  for (let k = 1; k <= updates; k++) {
    const x = k / updates;
    const base = 0.02 + 0.6 * x * Math.exp(-x * 6) + 0.05 * Math.exp(-x * 2);
    out.push([k * 4, base * Math.exp(0.7 * normal())]);
  }
  return out;
}

const meta = {
  title: 'Arena/Charts',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          "The Arena's curves reuse the app's LineChart. The return curve has two series: " +
          'the return of every episode (noisy, since an exploring agent still drops the pole ' +
          'early) and its trailing moving average, made by `returnCurve(returns, window)` ' +
          'from src/ui/arena-math.ts. The TD loss spans orders of magnitude, so it uses the ' +
          "chart's log y-axis. The data here is made up to look like a CartPole run.",
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 280, max: 900, step: 10 } },
    height: { control: { type: 'range', min: 160, max: 480, step: 10 } },
    episodes: { control: { type: 'range', min: 0, max: 1000, step: 1 } },
    window: { control: { type: 'range', min: 1, max: 100, step: 1 } },
    seed: { control: { type: 'number', min: 0, step: 1 } },
  },
  args: { width: 480, height: 240, episodes: 300, window: 20, seed: 1 },
} satisfies Meta<ChartArgs>;

export default meta;
type Story = StoryObj<ChartArgs>;

const returnSeries = [
  { name: 'raw', label: 'return', colorIndex: 1 },
  { name: 'average', label: 'moving avg', colorIndex: 0 },
];

export const ReturnCurve: Story = {
  loaders: [
    mountLoader<ChartArgs>(async (root, a) => {
      const chart = await LineChart.create(root, {
        width: a.width,
        height: a.height,
        title: 'Episode return',
        xLabel: 'episode',
        xIntegers: true,
        markersUpTo: 0,
        series: returnSeries,
      });
      const { raw, average } = returnCurve(cartPoleReturns(a.episodes, a.seed), a.window);
      chart.update({ series: { raw, average } });
      chart.flush();
      return () => chart.destroy();
    }),
  ],
};

export const Loss: Story = {
  args: { episodes: 3000 },
  argTypes: { episodes: { name: 'updates', control: { type: 'range', min: 0, max: 20000 } } },
  loaders: [
    mountLoader<ChartArgs>(async (root, a) => {
      const chart = await LineChart.create(root, {
        width: a.width,
        height: a.height,
        title: 'TD loss (Huber)',
        xLabel: 'env step',
        logY: true,
        markersUpTo: 0,
        series: [{ name: 'loss', label: 'loss', colorIndex: 3 }],
      });
      chart.update({ series: { loss: tdLoss(a.episodes, a.seed) } });
      chart.flush();
      return () => chart.destroy();
    }),
  ],
};

/** Episodes arrive one by one, as the agent worker reports them. */
export const LiveReturns: Story = {
  args: { episodes: 400 },
  loaders: [
    mountLoader<ChartArgs>(async (root, a) => {
      const chart = await LineChart.create(root, {
        width: a.width,
        height: a.height,
        title: 'Episode return (live)',
        xLabel: 'episode',
        xIntegers: true,
        markersUpTo: 0,
        series: returnSeries,
      });
      const total = Math.max(10, a.episodes);
      const returns = cartPoleReturns(total, a.seed);
      let shown = Math.round(total / 10);
      const send = (): void => {
        if (shown > total) shown = 1;
        const { raw, average } = returnCurve(returns.slice(0, shown), a.window);
        chart.update({ series: { raw, average } });
        shown++;
      };
      send();
      chart.flush();
      const timer = setInterval(send, 80);
      return () => {
        clearInterval(timer);
        chart.destroy();
      };
    }),
  ],
};
